// Bursts of signed `team create <name>` slash commands against a served /slack/events, and reads
// of what the SQLite file holds afterwards: for the tests that stop or kill `techtree serve`.
import Database from 'better-sqlite3';
import { newTriggerId, postToSlackEndpoint, slashCommand, TEAM_ID } from './slack-signing.ts';
import type { SlackStandIn } from './slack-standin.ts';

export interface BurstCommand {
  readonly name: string;
  /** The inbox's delivery key for it. */
  readonly key: string;
  readonly responseUrl: string;
  readonly req: ReturnType<typeof slashCommand>;
  /** Set when the server answered 200. */
  acked: boolean;
  /** How long the 200 took, ms (set with acked). */
  ackMs?: number;
}

/** `n` commands `team create <prefix>000…`, each in its own channel and with its own response_url. */
export function teamCreates(standIn: SlackStandIn, n: number, prefix: string): BurstCommand[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `${prefix}${String(i).padStart(3, '0')}`;
    const triggerId = newTriggerId();
    const responseUrl = standIn.responseUrl(name);
    return { name, key: `slack:${TEAM_ID}:command:${triggerId}`, responseUrl, req: slashCommand({ text: `team create ${name}`, responseUrl, channelId: `C${name.toUpperCase()}`, triggerId }), acked: false };
  });
}

/** Sends every command, `concurrency` at a time; `onAck` sees the running count of 200s. Never rejects. */
export async function burst(url: string, cmds: BurstCommand[], concurrency: number, onAck: (acks: number) => void = () => undefined): Promise<void> {
  let next = 0;
  let acks = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < cmds.length) {
      const cmd = cmds[next++]!;
      const started = performance.now();
      const res = await postToSlackEndpoint(url, cmd.req).catch(() => undefined);
      if (res?.status === 200) {
        cmd.acked = true;
        cmd.ackMs = performance.now() - started;
        onAck(++acks);
      }
    }
  }));
}

/** Rows from the SQLite file, through a read-only connection of its own. */
export function readSqlite<T>(sqlitePath: string, query: string, ...params: unknown[]): T[] {
  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

export interface InboxRow {
  readonly delivery_key: string;
  readonly state: string;
  readonly answer_attempts: number;
}

export const inboxRows = (sqlitePath: string) => new Map(readSqlite<InboxRow>(sqlitePath, 'select delivery_key, state, answer_attempts from inbox').map((r) => [r.delivery_key, r]));
export const teamsNamed = (sqlitePath: string, name: string) => readSqlite<{ n: number }>(sqlitePath, 'select count(*) as n from teams where name = ?', name)[0]!.n;

/** True once the inbox has rows and every one is answered. */
export function allAnswered(sqlitePath: string): boolean {
  const rows = [...inboxRows(sqlitePath).values()];
  return rows.length > 0 && rows.every((r) => r.state === 'answered');
}
