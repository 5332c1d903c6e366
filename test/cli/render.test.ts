import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/trees.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'techtree-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) =>
  exec(process.execPath, [join(ROOT, 'bin/techtree.js'), ...args], { cwd: ROOT, env: { ...process.env, TECHTREE_DB: join(dir, 'r.db'), DATABASE_URL: '' }, timeout: 120_000 });

describe('techtree render', () => {
  it.each(['tree', 'unlocked', 'stalled', 'heatmap', 'trend'])('draws the %s chart from the demo org into a PNG within Teams limits', async (kind) => {
    const out = join(dir, `${kind}.png`);
    const { stdout } = await run(['render', kind, '--demo', '--out', out]);
    expect(stdout).toContain(`Wrote ${out}`);
    const bytes = readFileSync(out);
    expect(bytes.length).toBeLessThanOrEqual(1024 * 1024);
    const png = PNG.sync.read(bytes);
    expect(Math.max(png.width, png.height)).toBeLessThanOrEqual(1024);
    let ink = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 200) ink++;
    expect(ink / (png.width * png.height)).toBeGreaterThan(0.01);
  }, 120_000); // each one seeds the demo in a fresh process: slow on a loaded machine

  it('draws a team tree from the configured database, and the tree command replies with it', async () => {
    await run(['ask', '--org', 'acme', '--team', 'Pictures', '--user', 'U1', 'done containerd']);
    const out = join(dir, 'mine.png');
    await run(['render', 'tree', '--org', 'acme', '--team', 'Pictures', '--out', out]);
    expect(PNG.sync.read(readFileSync(out)).width).toBeGreaterThan(500);
    const { stdout } = await run(['ask', '--org', 'acme', '--team', 'Pictures', '--user', 'U1', '--json', '--out', dir, 'tree']);
    const reply = JSON.parse(stdout) as { image: { filename: string; width: number } };
    expect(reply.image.width).toBeLessThanOrEqual(1024);
    expect(PNG.sync.read(readFileSync(join(dir, reply.image.filename))).height).toBeGreaterThan(300);
  }, 120_000); // several CLI processes in a row: slow on a loaded machine

  it('never creates a team to draw it, and names the demo teams', async () => {
    await expect(run(['render', 'tree', '--org', 'acme', '--team', 'Nobody', '--out', join(dir, 'x.png')])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('There is no team "Nobody"') });
    await expect(run(['ask', '--org', 'acme', '--user', 'U1', '--json', 'status Nobody'])).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('"kind": "UnknownTeam"') });
    await expect(run(['render', 'tree', '--demo', '--team', 'Foo'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Demo teams: Payments') });
  }, 120_000);

  it('names the charts it knows when given another', async () => {
    await expect(run(['render', 'pie', '--demo'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('tree|unlocked|stalled|heatmap|trend') });
  });
});
