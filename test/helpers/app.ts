// A real app over a real database for use-case tests: one per describe block and dialect.
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { loadCatalog } from '../../src/app/catalog.ts';
import type { Conversation } from '../../src/app/conversation.ts';
import { createApp } from '../../src/app/open-app.ts';
import type { Reply } from '../../src/app/reply.ts';
import type { TechTreeApp } from '../../src/app/techtree-app.ts';
import { useStore, type Dialect, type StoreContext } from './databases.ts';
import { ROOT } from './trees.ts';

export const catalog = loadCatalog(join(ROOT, 'trees'));

export interface AppContext {
  readonly app: TechTreeApp;
  readonly db: StoreContext;
  /** Moves the app's clock. */
  setNow(d: Date): void;
  /** A conversation in `channel` of `org` as `user`. */
  conv(o?: Partial<Conversation> & { channel?: string }): Conversation;
  ask(text: string, o?: Partial<Conversation> & { channel?: string; key?: string }): Promise<Reply>;
}

export function useApp(dialect: Dialect, options: { admins?: string[] } = {}): AppContext {
  const db = useStore(dialect);
  let app: TechTreeApp | undefined;
  let now = new Date('2026-06-01T10:00:00Z');
  beforeAll(() => {
    app = createApp({ store: db.store, catalog, admins: options.admins ?? ['U-ADMIN'], clock: () => now });
  });
  const conv = (o: Partial<Conversation> & { channel?: string } = {}): Conversation => {
    const { channel, ...rest } = o;
    const orgId = rest.orgId ?? 'slack:T1';
    return { platform: 'slack', orgId, userId: 'U1', channelId: `${orgId}:${channel ?? 'C-PAY'}`, ...rest };
  };
  return {
    get app() {
      return app!;
    },
    db,
    setNow: (d) => (now = d),
    conv,
    ask: (text, o = {}) => {
      const { key, ...c } = o;
      return app!.ask(conv(c), text, { conversational: true, ...(key ? { idempotencyKey: key } : {}) });
    },
  };
}
