// The App Home tab: published when a user opens it, when they click a button in it, and shortly
// after they change their team's progress from anywhere, so that their own Home is never stale.
// (Other members' Homes are republished when they open them.)
import type { TechTreeApp } from '../../app/techtree-app.ts';
import type { Reply } from '../../app/reply.ts';
import type { Logger } from '../../log.ts';
import { renderHome } from './home-view.ts';
import { slackConversation } from './slack-conversation.ts';
import type { SlackWebApi } from './web-api.ts';

/** Changes within this window republish a Home once. */
const REFRESH_DELAY_MS = 1000;

export interface Homes {
  /** Publishes the user's Home now, with `lastAnswer` (a button clicked there) on top. Throws when Slack refuses. */
  publish(workspace: string, userId: string, lastAnswer?: Reply): Promise<void>;
  /** Republishes the user's Home in a moment; failures are logged. */
  refreshSoon(workspace: string, userId: string): void;
  /** Cancels the refreshes still waiting, and any asked for later (shutting down). */
  stop(): void;
}

export function createHomes(app: TechTreeApp, web: SlackWebApi, logger: Logger): Homes {
  const waiting = new Map<string, NodeJS.Timeout>();
  let stopped = false;
  const publish = async (workspace: string, userId: string, lastAnswer?: Reply) => {
    const home = await app.home(slackConversation({ teamId: workspace, userId, isDirect: true }), { withImages: false });
    await web.publishHome(userId, renderHome(home, lastAnswer));
  };
  return {
    publish,
    refreshSoon(workspace, userId) {
      const id = `${workspace}:${userId}`;
      if (stopped || waiting.has(id)) return;
      const timer = setTimeout(() => {
        waiting.delete(id);
        publish(workspace, userId).catch((error: unknown) => logger.warn('slack: app home refresh failed', { userId, error }));
      }, REFRESH_DELAY_MS);
      timer.unref();
      waiting.set(id, timer);
    },
    stop() {
      stopped = true;
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
    },
  };
}
