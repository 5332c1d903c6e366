// 50 parallel `done` commands for one team from two processes on one SQLite file: nothing lost,
// and no SQLITE_BUSY ever reaches a user.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.ts';
import { catalog } from '../helpers/app.ts';
import { ROOT } from '../helpers/trees.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'techtree-conc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two processes, one SQLite file', () => {
  it('records 50 parallel done commands, losing none', async () => {
    const db = join(dir, 'shared.db');
    const store = await openStore({ sqlitePath: db });
    await store.orgs.ensure({ id: 'cli:concurrency', platform: 'cli', name: 'concurrency' });
    const team = await store.teams.create('cli:concurrency', 'Racers');
    const nodes = catalog.trees.flatMap((ct) => ct.nodes.map((n) => n.id)).slice(0, 50);
    expect(nodes).toHaveLength(50);
    const child = (part: string[]) =>
      run(process.execPath, ['--import', 'tsx', join(ROOT, 'test/app/fixtures/parallel-done.ts'), db, 'Racers', ...part], { cwd: ROOT, timeout: 60_000 });
    const results = await Promise.all([child(nodes.slice(0, 25)), child(nodes.slice(25))]);
    const reports = results.map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ok: number; failed: string[] });
    expect(reports.flatMap((r) => r.failed)).toEqual([]);
    expect(reports.reduce((n, r) => n + r.ok, 0)).toBe(50);
    expect(results.map((r) => r.stderr).join('')).not.toMatch(/SQLITE_BUSY/);
    const events = await store.events.forTeam(team.id);
    expect(new Set(events.map((e) => e.nodeId)).size).toBe(50);
    expect(events).toHaveLength(50);
    await store.close();
  });
});
