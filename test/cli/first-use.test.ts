// Creating a team on first use (issue 11, item 14): join-or-create, safe under concurrency.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/open-app.ts';
import { cliSession } from '../../src/cli/ask-command.ts';
import { openStore } from '../../src/store/store.ts';
import { catalog } from '../helpers/app.ts';
import { DIALECTS, useStore } from '../helpers/databases.ts';
import { ROOT } from '../helpers/trees.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'techtree-first-use-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('techtree ask --team on an empty database', () => {
  it('eight parallel processes for one new team all succeed, and make one team', async () => {
    const db = join(dir, 'empty.db');
    const run = (k: number) =>
      exec(process.execPath, [join(ROOT, 'bin/techtree.js'), 'ask', '--org', 'o', '--team', 'Newteam', '--user', `u${k}`, '--json', 'status'], {
        cwd: ROOT, env: { ...process.env, TECHTREE_DB: db, DATABASE_URL: '' }, timeout: 120_000,
      }).then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }), (e: { code: number; stdout: string; stderr: string }) => e);
    const results = await Promise.all(Array.from({ length: 8 }, (_, k) => run(k + 1)));
    expect(results.map((r) => r.stderr.trim()).filter(Boolean)).toEqual([]);
    expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
    const replies = results.map((r) => JSON.parse(r.stdout) as { ok: boolean; team: { id: string; name: string } });
    expect(new Set(replies.map((r) => r.team.id)).size).toBe(1);
    const store = await openStore({ sqlitePath: db });
    try {
      const teams = await store.teams.list('cli:o');
      expect(teams.map((t) => t.name)).toEqual(['Newteam']);
      expect(await store.members.ofTeam(teams[0]!.id)).toHaveLength(8);
    } finally {
      await store.close();
    }
  }, 240_000);
});

describe.each(DIALECTS)('join-or-create sessions at once on %s', (dialect) => {
  const ctx = useStore(dialect);

  it('sixteen sessions for one new team join the one team that was made', async () => {
    const app = createApp({ store: ctx.store, catalog });
    const flags = (k: number) => new Map<string, string | true>([['org', 'race'], ['team', 'Racers'], ['user', `u${k}`]]);
    const sessions = await Promise.all(Array.from({ length: 16 }, (_, k) => cliSession(app, flags(k))));
    const ids = sessions.map((s) => (typeof s === 'string' ? s : s.conv.teamId));
    const teams = await ctx.store.teams.list('cli:race');
    expect(teams).toHaveLength(1);
    expect(ids).toEqual(Array(16).fill(teams[0]!.id));
    expect(await ctx.store.teamTrees.list(teams[0]!.id)).toEqual(['cncf-adoption']);
  });
});
