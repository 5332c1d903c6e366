// Wires the store, the trees and the use cases into the TechTreeApp the adapters call.
import { EventEmitter } from 'node:events';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openStore, type Store } from '../store/store.ts';
import { loadCatalog, type Catalog } from './catalog.ts';
import { dispatch } from './dispatch.ts';
import type { TechTreeApp, ProgressChanged } from './techtree-app.ts';
import type { AppDeps } from './use-cases/context.ts';
import { drawTree } from './pictures.ts';
import { chart } from './use-cases/charts.ts';
import { answerOrRefuse } from './dispatch.ts';
import { home } from './use-cases/overview.ts';

export interface CreateAppOptions {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly admins?: readonly string[];
  readonly clock?: () => Date;
  readonly drawTree?: AppDeps['drawTree'];
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
    ...(options.drawTree ? { drawTree: options.drawTree } : {}),
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

/** Opens the configured database (migrating it) and the trees folder. */
export async function openApp(config: Config, logger?: Logger, extra: Partial<CreateAppOptions> = {}): Promise<TechTreeApp> {
  const catalog = extra.catalog ?? loadCatalog(config.treesDir);
  const store = extra.store ?? (await openStore({ sqlitePath: config.sqlitePath, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) }));
  return createApp({ store, catalog, admins: config.admins, drawTree, ...(logger ? { logger } : {}), ...extra });
}
