// A real app with the Slack digest poster, over a real database, posting to the Slack stand-in:
// for the scheduled-digest tests. Seeds an org, teams with history, and a council.
import { afterAll, beforeAll } from 'vitest';
import { createApp, type CreateAppOptions, type OpenedApp } from '../../src/app/open-app.ts';
import { inlineRenderer } from '../../src/charts/index.ts';
import { createSlackDigestPoster } from '../../src/bot/slack/digest-poster.ts';
import type { EventKind } from '../../src/engine/types.ts';
import type { Council, Store } from '../../src/store/store.ts';
import { catalog } from './app.ts';
import { uniqueId } from './databases.ts';
import { memoryLogger, type LogLine } from './slack-harness.ts';
import { startSlackStandIn, type SlackStandIn } from './slack-standin.ts';

export const DAY = 86_400_000;

export interface DigestWorld {
  readonly standIn: SlackStandIn;
  readonly logs: LogLine[];
  /** A fresh app on `store` whose clock is `now()`; each call is another "process". */
  app(store: Store, now: () => Date, extra?: Partial<CreateAppOptions>): OpenedApp;
}

/** The stand-in for a describe block, and apps that post to it. */
export function useDigestWorld(): DigestWorld {
  let standIn: SlackStandIn | undefined;
  const { logger, lines } = memoryLogger('info');
  const renderer = inlineRenderer();
  beforeAll(async () => {
    standIn = await startSlackStandIn();
  });
  afterAll(async () => {
    await standIn?.close();
  });
  return {
    get standIn() {
      return standIn!;
    },
    logs: lines,
    app(store, now, extra = {}) {
      const poster = createSlackDigestPoster({ botToken: 'xoxb-test', apiUrl: standIn!.apiUrl, logger, sleep: async () => undefined });
      return createApp({ store, catalog, clock: now, renderer, posters: { slack: poster }, logger, ...extra });
    },
  };
}

export interface SeedTeam {
  readonly name: string;
  /** [kind, node id, day offset from `start`] */
  readonly events?: readonly (readonly [EventKind, string, number, string?])[];
}

export interface Seeded {
  readonly orgId: string;
  readonly council: Council;
  /** The council's channel as Slack sees it (`C…`). */
  readonly channel: string;
}

/** An org with `teams` and a council in a fresh channel, set up by U-ADMIN. */
export async function seed(store: Store, start: Date, teams: readonly SeedTeam[], schedule = { cron: '0 9 * * 1', timeZone: 'Europe/London' }): Promise<Seeded> {
  const orgId = uniqueId('slack:T');
  await store.orgs.ensure({ id: orgId, platform: 'slack', name: 'Acme' });
  for (const t of teams) {
    const team = await store.teams.create(orgId, t.name);
    for (const [kind, nodeId, dayOffset, reason] of t.events ?? []) {
      const treeId = catalog.treeOf(nodeId)?.tree.id ?? 'cncf-adoption';
      await store.events.writeTeam(team.id, (tx) => tx.append({
        orgId, teamId: team.id, nodeId, treeId, kind, actor: 'U1', platform: 'slack', at: new Date(start.getTime() + dayOffset * DAY), ...(reason ? { reason } : {}),
      }));
    }
  }
  const channel = uniqueId('C');
  const created = await store.councils.create(orgId, `${orgId}:${channel}`, 'slack');
  const council = (await store.councils.update(created.id, { ...schedule, setUpBy: 'U-ADMIN' }))!;
  return { orgId, council, channel };
}
