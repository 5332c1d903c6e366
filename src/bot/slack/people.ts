// Who is asking: name and workspace-admin flag from users.info, cached so that a busy channel
// costs one lookup per person, not one per command. A failed lookup means "not an admin".
import type { Logger } from '../../log.ts';
import type { SlackPerson, SlackWebApi } from './web-api.ts';

export type People = (userId: string) => Promise<SlackPerson>;

export function createPeople(web: SlackWebApi, logger: Logger, ttlMs = 10 * 60_000, now: () => number = Date.now): People {
  const cache = new Map<string, { readonly at: number; readonly person: Promise<SlackPerson> }>();
  return (userId) => {
    const hit = cache.get(userId);
    if (hit && now() - hit.at < ttlMs) return hit.person;
    const person = web.userInfo(userId).catch((error: unknown) => {
      logger.warn('users.info failed; treating the user as a non-admin', { userId, error });
      cache.delete(userId);
      return { isAdmin: false };
    });
    if (cache.size > 5000) cache.clear();
    cache.set(userId, { at: now(), person });
    return person;
  };
}
