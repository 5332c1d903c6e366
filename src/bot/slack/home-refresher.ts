// Keeps App Homes current: after a team's progress changes, republishes the home of each of its
// members. Bursts (a bulk import, a busy afternoon) are coalesced per team.
import type { TechTreeApp } from '../../app/techtree-app.ts';
import type { Logger } from '../../log.ts';
import type { Edge } from './after-ack.ts';
import { renderHome } from './home-view.ts';
import { slackConversation } from './slack-conversation.ts';
import type { SlackWebApi } from './web-api.ts';

export interface HomeRefresherOptions {
  readonly app: TechTreeApp;
  readonly web: SlackWebApi;
  readonly edge: Edge;
  readonly logger: Logger;
  /** Changes within this window cause one refresh. Default 1 s. */
  readonly delayMs?: number;
  /** Homes republished per change at most. Default 200. */
  readonly maxMembers?: number;
}

/** Starts listening to progress changes; returns the function that stops it. */
export function watchProgressForHomes(options: HomeRefresherOptions): () => void {
  const { app, web, edge, logger } = options;
  const pending = new Map<string, NodeJS.Timeout>();

  const refresh = (orgId: string, teamId: string) =>
    edge.run('app home refresh', { teamId }, async () => {
      const workspace = orgId.slice('slack:'.length);
      const members = (await app.membersOf(teamId)).slice(0, options.maxMembers ?? 200);
      for (const userId of members) {
        const home = await app.home(slackConversation({ teamId: workspace, userId, isDirect: true }), { withImages: false });
        await web.publishHome(userId, renderHome(home));
      }
      logger.debug('slack: app homes refreshed', { teamId, members: members.length });
    });

  const unsubscribe = app.onProgress((change) => {
    if (!change.orgId.startsWith('slack:') || pending.has(change.teamId)) return;
    const timer = setTimeout(() => {
      pending.delete(change.teamId);
      void refresh(change.orgId, change.teamId);
    }, options.delayMs ?? 1000);
    timer.unref();
    pending.set(change.teamId, timer);
  });

  return () => {
    unsubscribe();
    for (const timer of pending.values()) clearTimeout(timer);
    pending.clear();
  };
}
