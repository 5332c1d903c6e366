// SQLite is the embedded default and the CLI may write while `serve` runs: several processes
// then share one file. These tests use real processes, since one process has one connection.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStoreError, openStore, type Store, type Team } from '../../src/store/store.ts';
import { createTestDatabase, uniqueId, type TestDatabase } from '../helpers/databases.ts';

const WRITER = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface ChildResult { code: number | null; stdout: string; stderr: string; report: Record<string, unknown> }

function runWriter(args: readonly string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      let report: Record<string, unknown> = {};
      try {
        report = JSON.parse(line) as Record<string, unknown>;
      } catch {
        report = { unparsed: stdout };
      }
      resolve({ code, stdout, stderr, report });
    });
  });
}

describe('SQLite shared by several processes', () => {
  let database: TestDatabase;
  let store: Store;
  let sqlitePath: string;

  beforeAll(async () => {
    const created = await createTestDatabase('sqlite');
    if ('skip' in created) throw new Error(created.skip);
    database = created;
    sqlitePath = created.config.sqlitePath;
    store = await openStore(created.config);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  async function team(): Promise<Team> {
    const org = await store.orgs.ensure({ id: uniqueId('cli:'), platform: 'cli', name: 'Acme' });
    return store.teams.create(org.id, uniqueId('team-'));
  }

  it('records all 50 parallel appends from two processes, and neither sees SQLITE_BUSY', async () => {
    const t = await team();
    const nodes = Array.from({ length: 50 }, (_, i) => `node-${String(i).padStart(2, '0')}`);
    const startAt = String(Date.now() + 1500);
    const children = await Promise.all([
      runWriter(['append', sqlitePath, startAt, t.orgId, t.id, ...nodes.slice(0, 25)]),
      runWriter(['append', sqlitePath, startAt, t.orgId, t.id, ...nodes.slice(25)]),
    ]);
    for (const child of children) {
      expect(child.stderr + child.stdout).not.toMatch(/SQLITE_BUSY/);
      expect(child.code, child.stderr || child.stdout).toBe(0);
      expect(child.report.recorded).toBe(25);
    }
    const events = await store.events.forTeam(t.id);
    expect(events.map((e) => e.nodeId).sort()).toEqual(nodes);
    expect(new Set(events.map((e) => e.actor)).size).toBe(2);
  });

  it('records one row when two processes append the same idempotency key', async () => {
    const t = await team();
    const key = uniqueId('slack-delivery-');
    const startAt = String(Date.now() + 1500);
    const children = await Promise.all([
      runWriter(['key', sqlitePath, startAt, t.orgId, t.id, key, '5']),
      runWriter(['key', sqlitePath, startAt, t.orgId, t.id, key, '5']),
    ]);
    for (const child of children) expect(child.code, child.stderr || child.stdout).toBe(0);
    expect(children.reduce((sum, c) => sum + Number(c.report.recorded), 0)).toBe(1);
    const events = await store.events.forTeam(t.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.idempotencyKey).toBe(key);
  });

  it('migrates a fresh file once when two processes open it together', async () => {
    const fresh = await createTestDatabase('sqlite');
    if ('skip' in fresh) throw new Error(fresh.skip);
    try {
      const startAt = String(Date.now() + 1500);
      const children = await Promise.all([1, 2].map(() => runWriter(['migrate', fresh.config.sqlitePath, startAt])));
      for (const child of children) expect(child.code, child.stderr || child.stdout).toBe(0);
      const check = await openStore(fresh.config, { migrate: false });
      expect(await check.migrate()).toEqual({ results: [] });
      await check.close();
    } finally {
      await fresh.drop();
    }
  });

  it('retries a write while another connection holds the lock past busy_timeout', async () => {
    const t = await team();
    let retries = 0;
    const impatient = await openStore({ sqlitePath, sqliteBusyTimeoutMs: 50 }, { onBusyRetry: () => void retries++ });
    const blocker = new Database(sqlitePath);
    try {
      blocker.exec('begin immediate');
      const released = new Promise<void>((resolve) => setTimeout(() => {
        blocker.exec('commit');
        resolve();
      }, 150));
      const result = await impatient.events.writeTeam(t.id, (tx) => tx.append({
        orgId: t.orgId, teamId: t.id, nodeId: 'keda', treeId: 'cncf-adoption', kind: 'started', actor: 'cli:me', platform: 'cli', at: new Date(),
      }));
      await released;
      expect(result.recorded).toBe(true);
      expect(retries).toBeGreaterThan(0);
    } finally {
      if (blocker.inTransaction) blocker.exec('rollback');
      blocker.close();
      await impatient.close();
    }
  });

  it('gives up with StoreError Busy when the lock is never released', async () => {
    const t = await team();
    const impatient = await openStore({ sqlitePath, sqliteBusyTimeoutMs: 10, sqliteLockWaitMs: 300 });
    const blocker = new Database(sqlitePath);
    try {
      blocker.exec('begin immediate');
      const error = await impatient.teams.create(t.orgId, 'Never').catch((e: unknown) => e);
      expect(isStoreError(error, 'Busy')).toBe(true);
    } finally {
      blocker.exec('rollback');
      blocker.close();
      await impatient.close();
    }
    expect(await store.teams.findBySlugOrName(t.orgId, 'never')).toBeUndefined();
  });
});
