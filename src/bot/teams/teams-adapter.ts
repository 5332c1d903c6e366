// Wires botbuilder to TechTree: a CloudAdapter behind POST /api/messages of the one HTTP server,
// authentication that fails closed (teams-auth.ts), the turn logic (teams-turn.ts) and the
// answerer the inbox posts Teams' answers through. botbuilder stays inside src/bot/teams/.
import type { IncomingMessage, RequestListener } from 'node:http';
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { TechTreeApp } from '../../app/techtree-app.ts';
import type { TeamsConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { teamsAuthentication } from './teams-auth.ts';
import { createInvokeWaiters, createTeamsAnswerer } from './teams-answerer.ts';
import { createTeamsSend, type TeamsSendOptions } from './teams-send.ts';
import { sendTeamsResponse as send, TEAMS_MESSAGES_PATH } from './teams-endpoint.ts';
import { createTurnLogic } from './teams-turn.ts';
/** Bot Framework activities are small JSON; a card action carries its card's data at most. */
const MAX_BODY_BYTES = 256 * 1024;

export interface TeamsAdapterOptions {
  readonly teams: TeamsConfig;
  readonly app: TechTreeApp;
  readonly logger: Logger;
  /** Retries and spacing of proactive posts (tests make them quick). */
  readonly send?: Pick<TeamsSendOptions, 'retries' | 'backoffMs' | 'spacingMs'>;
  readonly invokeWaitMs?: number;
}

export interface TeamsAdapter {
  /** The `POST /api/messages` handler. */
  readonly handle: RequestListener;
}

/** The CloudAdapter with its turn entry point usable from our own HTTP handler. */
export class TeamsCloudAdapter extends CloudAdapter {
  run(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** A CloudAdapter for this configuration, for the endpoint and for proactive posts (digests). */
export function createTeamsCloudAdapter(teams: TeamsConfig): TeamsCloudAdapter {
  return new TeamsCloudAdapter(teamsAuthentication(teams));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error(`body over ${MAX_BODY_BYTES} bytes`), { status: 413 });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw Object.assign(new Error('body is not JSON'), { status: 400 });
  }
}

/**
 * Starts the Teams adapter: registers its Answerer with the inbox (which also starts recovery of
 * Teams rows left by another process) and returns the `POST /api/messages` handler.
 */
export function startTeams(options: TeamsAdapterOptions): TeamsAdapter {
  const { teams, app } = options;
  const logger = options.logger.child({ component: 'teams' });
  const adapter = createTeamsCloudAdapter(teams);
  const waiters = createInvokeWaiters();
  const post = createTeamsSend({ adapter, appId: teams.appId ?? '', logger, ...options.send });
  app.inbox.serve('teams', createTeamsAnswerer(post, waiters, logger));
  const logic = createTurnLogic({ app, waiters, logger, ...(options.invokeWaitMs ? { invokeWaitMs: options.invokeWaitMs } : {}) });

  if (!teams.appId) {
    logger.warn('teams: EMULATOR MODE: /api/messages accepts requests WITHOUT authentication (TEAMS_EMULATOR=1, no MICROSOFT_APP_ID). Only for the local Bot Framework Emulator; never expose this port.');
  }
  logger.info(`teams: on (HTTP at ${TEAMS_MESSAGES_PATH})`, { appType: teams.appType, emulator: !teams.appId, stand_in_endpoints: Boolean(teams.endpoints) });

  const handle: RequestListener = (req, res) => {
    void (async () => {
      let activity: Activity;
      try {
        activity = (await readJson(req)) as Activity;
      } catch (error) {
        return send(res, (error as { status?: number }).status ?? 400, (error as Error).message);
      }
      if (typeof activity !== 'object' || activity === null || typeof activity.type !== 'string') return send(res, 400, 'not a Bot Framework activity: no type');
      try {
        const answer = await adapter.run(req.headers.authorization ?? '', activity, logic);
        send(res, answer?.status ?? 200, answer?.body);
      } catch (error) {
        if (error instanceof AuthenticationError) {
          logger.warn('teams: request refused: not authenticated', { reason: error.message.slice(0, 200) });
          return send(res, 401, 'unauthorized');
        }
        logger.error('teams: turn failed', { type: activity.type, error });
        if (!res.headersSent) send(res, 500, 'internal error');
      }
    })();
  };
  return { handle };
}
