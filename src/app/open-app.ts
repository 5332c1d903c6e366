// Wires the store, the trees and the use cases into the TechTreeApp the adapters call.
import { EventEmitter } from 'node:events';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openStore, type Store } from '../store/store.ts';
import { loadCatalog, type Catalog } from './catalog.ts';
import { dispatch } from './dispatch.ts';
import type { CouncilChanged, TechTreeApp, ProgressChanged } from './techtree-app.ts';
import type { AppDeps } from './use-cases/context.ts';
import { createDigestService, type DigestService } from './digest-service.ts';
import type { DigestPoster } from './digest-poster.ts';
import { inlineRenderer, type ChartRenderer } from '../charts/index.ts';
import { chart } from './use-cases/charts.ts';
import { answerOrRefuse } from './dispatch.ts';
import { home } from './use-cases/overview.ts';

export interface CreateAppOptions {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly admins?: readonly string[];
  readonly clock?: () => Date;
  /** Draws the pictures; without one, answers are text only. */
  readonly renderer?: ChartRenderer;
  readonly logger?: Logger;
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
  const emitter = new EventEmitter();
  const deps: AppDeps = {
    store: options.store,
    catalog: options.catalog,
    admins: options.admins ?? [],
    clock: options.clock ?? (() => new Date()),
    emit: (change) => emitter.emit('progress', change),
    ...(options.renderer ? { renderer: options.renderer } : {}),
    ...(options.posters ? { posters: options.posters } : {}),
    ...(options.onCouncilChanged ? { onCouncilChanged: options.onCouncilChanged } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  return {
    digests: createDigestService(deps),
    ask: (conv, text, askOptions = {}) => dispatch({ deps, conv, options: askOptions }, text),
    home: (conv, homeOptions = {}) => home({ deps, conv, options: homeOptions }),
    chart: (conv, kind) => answerOrRefuse(() => chart({ deps, conv, options: { withImages: true } }, kind)),
    membersOf: (teamId) => options.store.members.ofTeam(teamId),
    onProgress(listener: (change: ProgressChanged) => void) {
      const safe = (change: ProgressChanged) => {
        try {
          listener(change);
        } catch (error) {
          options.logger?.error('progress listener failed', { error });
        }
      };
      emitter.on('progress', safe);
      return () => emitter.off('progress', safe);
    },
    ready: () => options.store.ping(),
    close: () => options.store.close(),
  };
}

/** Opens the configured database (migrating it) and the trees folder. */
export async function openApp(config: Config, logger?: Logger, extra: Partial<CreateAppOptions> = {}): Promise<OpenedApp> {
  const catalog = extra.catalog ?? loadCatalog(config.treesDir);
  const store = extra.store ?? (await openStore({ sqlitePath: config.sqlitePath, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) }));
  const renderer = extra.renderer ?? inlineRenderer();
  const app = createApp({ store, catalog, admins: config.admins, ...(logger ? { logger } : {}), ...extra, renderer });
  return { ...app, close: async () => { await app.close(); await renderer.close(); } };
}
