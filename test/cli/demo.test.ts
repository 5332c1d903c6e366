import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/trees.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'techtree-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('techtree demo', () => {
  it('seeds six teams, one stalled, and ends with an answer to "what\'s next for my team?"', async () => {
    const out = join(dir, 'out');
    const { stdout } = await exec(process.execPath, [join(ROOT, 'bin/techtree.js'), 'demo', '--out', out], {
      cwd: ROOT, env: { ...process.env, TECHTREE_DB: join(dir, 'techtree.db'), DATABASE_URL: '' }, timeout: 120_000,
    });
    expect(stdout).toContain('Covers 6 teams');
    // Plain text, as stdout is no terminal here: no Slack marks, no ANSI bold.
    expect(stdout).toMatch(/^Stalled \(no progress for 21\+ days, or stuck in progress\)\n• Mobile: no progress for \d+ days/m);
    expect(stdout).not.toMatch(/\*\w[^*\n]*\*|`/);
    expect(stdout).not.toContain('\x1b');
    const last = stdout.slice(stdout.lastIndexOf("what's next for my team?"));
    expect(last).toMatch(/What's next for Payments\n\n1\. .+ \([a-z0-9-]+\)\n/);
    expect(last).toMatch(/• (Unlocks|Leads on|Effort)/);
    // The council's weekly digest, written out, its headline printed.
    // The counts depend on the weekday the demo runs (the period ends last Monday); Mobile stopped weeks ago.
    expect(last).toMatch(/The council's weekly digest \(.+\)\n(\d+ capabilit(y|ies) done by \d of 6 teams, (up|down) from \d+ last week|\d+ capabilit(y|ies) done by \d of 6 teams, as many as last week|A quiet period)[^\n]*Mobile[^\n]*stalled\./);
    expect(readdirSync(out).sort()).toEqual(['digest.json', 'digest.md', 'heatmap.png', 'stalled.png', 'trend.png', 'unlocked.png']);
    const json = JSON.parse(readFileSync(join(out, 'digest.json'), 'utf8')) as { teams: unknown[]; headline: string };
    expect(json.teams).toHaveLength(6);
    expect(readFileSync(join(out, 'digest.md'), 'utf8')).toContain(`# Council digest`);
  });

  it('the operator commands read the demo database: councils, and digest --out without posting', async () => {
    const env = { ...process.env, TECHTREE_DB: join(dir, 'demo.db'), DATABASE_URL: '', REDIS_URL: '', SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: '' };
    const run = (args: string[]) => exec(process.execPath, [join(ROOT, 'bin/techtree.js'), ...args], { cwd: ROOT, env, timeout: 120_000 })
      .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);
    const councils = await run(['councils']);
    expect(councils.stdout).toMatch(/^cli:demo:council {2}\(council [\w-]+\)\n {2}schedule: At 09:00, only on Monday \(0 9 \* \* 1\), UTC\n {2}next run: Mon, \d+ \w+ \d{4}, 09:00 UTC\n {2}last run: none yet/);
    const out = join(dir, 'cli-out');
    const digest = await run(['digest', '--council', 'council', '--at', new Date().toISOString(), '--out', out]);
    expect(digest.code).toBe(0);
    expect(digest.stdout).toMatch(/^Council digest: .+ \(period \d{4}-\d\d-\d\dT09:00, UTC\)\n.+\nWrote .*digest\.json/);
    expect(readdirSync(out)).toHaveLength(6);
    const post = await run(['digest', '--council', 'nowhere', '--post']);
    expect(post.code).toBe(1);
    expect(post.stderr).toMatch(/--post needs Slack|There is no council "nowhere"/);
  }, 240_000);
});
