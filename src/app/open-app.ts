// Wires the store, the trees and the use cases into the TechTreeApp the adapters call.
import { EventEmitter } from 'node:events';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openStore, type Store } from '../store/store.ts';
import { loadCatalog, type Catalog } from './catalog.ts';
import { dispatch } from './dispatch.ts';
import type { TechTreeApp, ProgressChanged } from './techtree-app.ts';
import type { AppDeps } from './use-cases/context.ts';
import { inlineRenderer, poolRenderer, type ChartRenderer } from '../charts/index.ts';
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
}

export function createApp(options: CreateAppOptions): TechTreeApp {
  const emitter = new EventEmitter();
  const deps: AppDeps = {
    store: options.store,
    catalog: options.catalog,
    admins: options.admins ?? [],
    clock: options.clock ?? (() => new Date()),
    emit: (change) => emitter.emit('progress', change),
    ...(options.renderer ? { renderer: options.renderer } : {}),
  };
  return {
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
export async function openApp(config: Config, logger?: Logger, options: OpenAppOptions = {}): Promise<TechTreeApp> {
  const { pictures, ...extra } = options;
  const catalog = extra.catalog ?? loadCatalog(config.treesDir);
  const store = extra.store ?? (await openStore({ sqlitePath: config.sqlitePath, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) }));
  const renderer = extra.renderer ?? (pictures === 'inline' ? inlineRenderer() : poolRenderer({ threads: config.renderThreads, warm: true }));
  const app = createApp({ store, catalog, admins: config.admins, ...(logger ? { logger } : {}), ...extra, renderer });
  return { ...app, close: async () => { await app.close(); await renderer.close(); } };
}
