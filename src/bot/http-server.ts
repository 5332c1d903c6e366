// The one HTTP server: health, readiness and Prometheus metrics (/metrics) for the operator, Slack
// at /slack/events, Teams at /api/messages (refusing every request while Teams is not configured),
// and more through `routes`. Closing it is the shutdown: stop taking requests, then let the app's inbox finish what was
// acknowledged, all by one deadline.
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TechTreeApp } from '../app/techtree-app.ts';
import { ConfigError, type Config } from '../config.ts';
import { newRequestId, withLogContext, type Logger } from '../log.ts';
import { metricsText } from '../metrics.ts';
import { answerReadiness, type ReadinessCheck } from './readiness.ts';
import { SLACK_EVENTS_PATH, startSlack, type SlackAdapter } from './slack/slack-adapter.ts';
import type { TeamsAdapterOptions } from './teams/teams-adapter.ts';
import { TEAMS_MESSAGES_PATH, teamsOffHandler } from './teams/teams-endpoint.ts';

export type { ReadinessCheck } from './readiness.ts';

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handle: RequestListener;
}

export interface HttpServerOptions {
  readonly config: Config;
  readonly app: TechTreeApp;
  readonly logger: Logger;
  /** Overrides config.port; 0 picks a free port. */
  readonly port?: number;
  /** More endpoints. */
  readonly routes?: readonly Route[];
  /** Teams' retry pacing and click wait (tests make them quick). */
  readonly teams?: Pick<TeamsAdapterOptions, 'send' | 'invokeWaitMs'>;
  /**
   * What /readyz asks, besides the database (always first, through app.ready): e.g. Redis when
   * digests are scheduled with BullMQ.
   */
  readonly readiness?: readonly ReadinessCheck[];
  /** The clock for signature windows (tests). */
  readonly now?: () => number;
}

export interface RunningHttpServer {
  readonly port: number;
  readonly url: string;
  /**
   * Stops taking requests, lets those in flight finish, then drains the app's inbox: all by
   * `deadline` (ms since the epoch; default now + config.drainMs). Work not finished by then stays
   * in the inbox for the next start. Leaves the app open.
   */
  close(deadline?: number): Promise<void>;
}

/** A load balancer's X-Request-Id when it looks like one, else a fresh id: it follows the request into every log line. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : newRequestId();
}

function text(res: Parameters<RequestListener>[1], status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(`${body}\n`);
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { config, app } = options;
  const logger = options.logger.child({ component: 'http' });
  let slack: SlackAdapter | undefined;
  if (config.slack) {
    slack = await startSlack({ slack: config.slack, app, logger: options.logger, ...(options.now ? { now: options.now } : {}) });
  } else {
    logger.info('slack: off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to connect it)');
  }

  let teamsHandler: RequestListener;
  if (config.teams) {
    // Loaded only when Teams is on: botbuilder and its Azure identity stack stay out of Slack-only processes.
    const { startTeams } = await import('./teams/teams-adapter.ts');
    teamsHandler = startTeams({ teams: config.teams, app, logger: options.logger, ...options.teams }).handle;
  } else {
    // Fail closed: botbuilder without an app id would accept anonymous requests.
    teamsHandler = teamsOffHandler();
    logger.info('teams: off (set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to connect it; TEAMS_EMULATOR=1 for the local Bot Framework Emulator)');
  }

  const routes = new Map<string, RequestListener>();
  routes.set('GET /healthz', (_req, res) => text(res, 200, 'ok'));
  const checks: ReadinessCheck[] = [{ name: 'database', check: () => app.ready() }, ...(options.readiness ?? [])];
  routes.set('GET /readyz', (_req, res) => {
    void answerReadiness(res, checks, logger).catch((error: unknown) => logger.error('readiness failed', { error }));
  });
  if (slack?.handle) routes.set(`POST ${SLACK_EVENTS_PATH}`, slack.handle);
  else if (!slack) {
    // Slack would only show "dispatch_failed": say here what the operator has to set.
    routes.set(`POST ${SLACK_EVENTS_PATH}`, (_req, res) => text(res, 404, 'Slack is off: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (see deploy/slack/README.md) and restart.'));
  }
  routes.set(`POST ${TEAMS_MESSAGES_PATH}`, teamsHandler);
  for (const r of options.routes ?? []) routes.set(`${r.method} ${r.path}`, r.handle);

  routes.set('GET /metrics', (_req, res) => {
    void metricsText().then(({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body));
  });

  const server = createServer((req, res) => withLogContext({ reqId: requestIdOf(req) }, () => {
    const path = (req.url ?? '/').split('?')[0];
    const started = Date.now();
    res.once('finish', () => logger.debug('http request', { method: req.method, path, status: res.statusCode, ms: Date.now() - started }));
    const route = routes.get(`${req.method} ${path}`);
    if (route) {
      // Acknowledgements go first: the inbox's work waits while any platform delivery is on its way.
      if (req.method === 'POST') res.once('close', app.inbox.arriving());
      try {
        route(req, res);
      } catch (error) {
        logger.error('request failed', { path, error });
        if (!res.headersSent) text(res, 500, 'internal error');
      }
      return;
    }
    const known = [...routes.keys()].some((k) => k.endsWith(` ${path}`));
    text(res, known ? 405 : 404, known ? 'method not allowed' : 'not found');
  }));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? config.port, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await slack?.close();
    await app.inbox.drain(Date.now());
    // The operator's mistakes, said as such: another process on the port, or a port only root may take.
    const code = (error as { code?: unknown }).code;
    const wanted = options.port ?? config.port;
    if (code === 'EADDRINUSE') throw new ConfigError('PORT', `port ${wanted} is already in use by another process: stop that process, or set PORT to a free port`);
    if (code === 'EACCES') throw new ConfigError('PORT', `port ${wanted} needs root privileges: use a port above 1023 (e.g. PORT=3000) and map it in front`);
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  logger.info('http: listening', { port });

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close(deadline = Date.now() + config.drainMs) {
      closing ??= (async () => {
        // Stop taking requests and let the ones in flight finish (each is in the inbox once it is
        // acknowledged); connections still open at the deadline are cut.
        await slack?.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), Math.max(0, deadline - Date.now()));
        await closed;
        clearTimeout(force);
        logger.info('http: closed');
        await app.inbox.drain(deadline);
      })();
      return closing;
    },
  };
}
