import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
    const { stdout } = await exec(process.execPath, [join(ROOT, 'bin/techtree.js'), 'demo'], {
      cwd: ROOT, env: { ...process.env, TECHTREE_DB: join(dir, 'techtree.db'), DATABASE_URL: '' }, timeout: 120_000,
    });
    expect(stdout).toContain('6 teams covered');
    expect(stdout).toMatch(/\*Stalled\*\n• \*Mobile\*: no progress for \d+ days/);
    const last = stdout.slice(stdout.lastIndexOf("what's next for my team?"));
    expect(last).toMatch(/What's next for Payments\n\n\*1\. .+\*/);
    expect(last).toMatch(/• (Unlocks|Leads on|Effort)/);
  });
});
