// Wires the store, the trees and the use cases into the TechTreeApp the adapters call.
import type { Config } from '../config.ts';
import { silentLogger, type Logger } from '../log.ts';
import { openStore, type Store } from '../store/store.ts';
import { loadCatalog, type Catalog } from './catalog.ts';
import { isObservingCommand, observeCommand } from './command-observer.ts';
import { dispatch } from './dispatch.ts';
import { observedPoster } from './platform-calls.ts';
import { createConversationReferences } from './conversation-references.ts';
import { createInbox, type InboxOptions } from './inbox.ts';
import type { CouncilChanged, TechTreeApp } from './techtree-app.ts';
import type { AppDeps } from './use-cases/context.ts';
import { createDigestService, type DigestService } from './digest-service.ts';
import type { DigestPoster } from './digest-poster.ts';
import { inlineRenderer, poolRenderer, type ChartRenderer } from '../charts/index.ts';
import { chart } from './use-cases/charts.ts';
import { home } from './use-cases/overview.ts';
import { DAY_MS } from './time.ts';

export interface CreateAppOptions {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly admins?: readonly string[];
  readonly clock?: () => Date;
  /** Draws the pictures; without one, answers are text only. */
  readonly renderer?: ChartRenderer;
  readonly logger?: Logger;
  /** The inbox's lease and retention (inbox.ts); defaults there. */
  readonly inbox?: Pick<InboxOptions, 'leaseMs' | 'retentionMs' | 'concurrency' | 'inMemoryBacklog'>;
  /** Posts scheduled digests, per platform. */
  readonly posters?: Readonly<Record<string, DigestPoster>>;
  /** Told when a council command changed a schedule (the BullMQ schedulers follow). */
  readonly onCouncilChanged?: (change: CouncilChanged) => Promise<void> | void;
}

/** The app as the adapters see it, plus the digest service for the job layer and the CLI. */
export interface OpenedApp extends TechTreeApp {
  readonly digests: DigestService;
}

export function createApp(options: CreateAppOptions): OpenedApp {
  const deps: AppDeps = {
    store: options.store,
    catalog: options.catalog,
    admins: options.admins ?? [],
    clock: options.clock ?? (() => new Date()),
    ...(options.renderer ? { renderer: options.renderer } : {}),
    ...(options.posters ? { posters: Object.fromEntries(Object.entries(options.posters).map(([platform, poster]) => [platform, observedPoster(platform, poster)])) } : {}),
    ...(options.onCouncilChanged ? { onCouncilChanged: options.onCouncilChanged } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  // A chat delivery is observed by the inbox, from applying it to its answer; a direct ask (the CLI) here.
  const ask: TechTreeApp['ask'] = (conv, text, askOptions = {}) => (isObservingCommand()
    ? dispatch({ deps, conv, options: askOptions }, text)
    : observeCommand(conv.platform, {}, () => dispatch({ deps, conv, options: askOptions }, text)));
  return {
    digests: createDigestService(deps),
    ask,
    home: (conv, homeOptions = {}) => home({ deps, conv, options: homeOptions }),
    chart: (conv, kind) => chart({ deps, conv, options: { withImages: true } }, kind),
    inbox: createInbox({
      store: options.store.inbox,
      ask,
      logger: options.logger ?? silentLogger,
      // SQLite has one connection: every delivery being worked on queues its queries ahead of the
      // next acknowledgement's inbox write, so few run at once there (bench/slack-ack.ts).
      concurrency: options.store.dialect === 'sqlite' ? 2 : 8,
      ...options.inbox,
    }),
    references: createConversationReferences(options.store, deps.clock),
    ready: () => options.store.ping(),
    close: () => options.store.close(),
  };
}

export interface OpenAppOptions extends Partial<CreateAppOptions> {
  /**
   * Where pictures are drawn when no `renderer` is given. 'pool' (default): worker threads
   * (config.renderThreads, started now), so a picture never stalls the event loop. 'inline': this thread,
   * for one-off commands that draw a picture or two and exit, where starting a thread (which
   * loads vega and the fonts again, ~1 s) costs more than it saves.
   */
  readonly pictures?: 'pool' | 'inline';
}

/** Opens the configured database (migrating it), the trees folder and the picture renderer; close() closes all three. */
export async function openApp(config: Config, logger?: Logger, options: OpenAppOptions = {}): Promise<OpenedApp> {
  const { pictures, ...extra } = options;
  const catalog = extra.catalog ?? loadCatalog(config.treesDir);
  // Every query as a debug line (LOG_LEVEL=debug only: nothing to pay otherwise): with the request
  // context, it shows where a command's time went.
  const onQuery = logger && config.logLevel === 'debug' ? (sql: string, ms: number) => logger.debug('db: query', { sql: sql.slice(0, 160), ms: Math.round(ms * 10) / 10 }) : undefined;
  const store = extra.store ?? (await openStore({ sqlitePath: config.sqlitePath, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) }, onQuery ? { onQuery } : {}));
  const renderer = extra.renderer ?? (pictures === 'inline' ? inlineRenderer() : poolRenderer({ threads: config.renderThreads, warm: true }));
  const inbox = { leaseMs: config.inboxLeaseMs, retentionMs: config.inboxRetentionDays * DAY_MS };
  const app = createApp({ store, catalog, admins: config.admins, inbox, ...(logger ? { logger } : {}), ...extra, renderer });
  return { ...app, close: async () => { await app.close(); await renderer.close(); } };
}
