// Who is asking: name and workspace-admin flag from users.info, cached so that a busy channel
// costs one lookup per person every ten minutes, not one per command. A failed lookup means
// "not an admin" and is not cached, so the next command asks again.
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../log.ts';
import type { SlackPerson, SlackWebApi } from './web-api.ts';

export type People = (userId: string) => Promise<SlackPerson>;

export function createPeople(web: SlackWebApi, logger: Logger, ttlMs = 10 * 60_000): People {
  const cache = new LRUCache<string, SlackPerson>({ max: 5000, ttl: ttlMs, fetchMethod: (userId) => web.userInfo(userId) });
  return async (userId) => {
    try {
      return (await cache.fetch(userId)) ?? { isAdmin: false };
    } catch (error) {
      logger.warn('users.info failed; treating the user as a non-admin', { userId, error });
      return { isAdmin: false };
    }
  };
}
