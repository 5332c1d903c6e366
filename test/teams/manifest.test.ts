// The Teams app package: the manifest valid against Microsoft's v1.29 schema (draft-04), the
// zip's entries, the icons' sizes, and an outline icon that is white on transparent.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AjvDraft04 from 'ajv-draft-04';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { COMMAND_GROUPS } from '../../src/app/grammar.ts';
import { buildTeamsPackage, filledManifest, PLACEHOLDER_ID, TEAMS_DIR } from '../../scripts/teams-package.ts';
import { ROOT } from '../helpers/trees.ts';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
// Microsoft's Teams app manifest schema v1.29 (MIT, test/fixtures/schemas/MicrosoftTeams.schema.LICENSE),
// kept in the repository so that a fresh clone's `npm test` checks the manifest against it.
const schema = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/schemas/MicrosoftTeams.schema.v1.29.json'), 'utf8')) as Record<string, unknown>;
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
// The schema's one `format` is "uri"; ajv-formats is not needed for a draft-04 check of the rest.
ajv.addFormat('uri', { validate: (s: string) => URL.canParse(s) });
const validate = ajv.compile(schema);

const scratch = mkdtempSync(join(tmpdir(), 'teams-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every entry of a zip: name -> bytes. */
function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((done, fail) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return fail(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return fail(e);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => done(entries));
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}

describe('deploy/teams/manifest.json', () => {
  const manifest = JSON.parse(readFileSync(join(TEAMS_DIR, 'manifest.json'), 'utf8')) as { id: string; bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[] };

  it('is valid against the Teams v1.29 schema, with placeholder ids', () => {
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(manifest.id).toBe(PLACEHOLDER_ID);
    expect(manifest.bots[0]!.botId).toBe(PLACEHOLDER_ID);
  });

  it('a broken manifest is caught by the same check', () => {
    expect(validate({ ...manifest, manifestVersion: '1.17' })).toBe(false);
    expect(validate({ ...manifest, id: 'not-a-guid' })).toBe(false);
  });

  it('the bot works in personal chats, teams and group chats', () => {
    expect(manifest.bots[0]!.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.bots[0]!.commandLists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('the command menu offers only commands that help lists, each described by its usage', () => {
    const listed = new Set([...COMMAND_GROUPS.flatMap(([, usages]) => usages.map((u) => u.split(' ')[0]!)), 'help']);
    for (const list of manifest.bots[0]!.commandLists) {
      expect(list.commands.length).toBeGreaterThan(5);
      for (const c of list.commands) {
        expect(listed).toContain(c.title);
        expect(c.description.startsWith(c.title)).toBe(true);
      }
    }
  });
});

describe('npm run teams:package', () => {
  it('builds a zip of the filled manifest and two icons of the right sizes', async () => {
    const out = await buildTeamsPackage({ appId: APP_ID.toUpperCase(), website: 'https://techtree.acme.test', out: join(scratch, 'techtree-teams.zip') });
    const entries = await unzip(out);
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { id: string; bots: { botId: string }[]; developer: Record<string, string> };
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(manifest.developer.privacyUrl).toBe('https://techtree.acme.test/privacy');

    const color = PNG.sync.read(entries.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(entries.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a === 0) transparent++;
      else {
        expect([r, g, b]).toEqual([255, 255, 255]);
        white++;
      }
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
    expect(white).toBeGreaterThan(32 * 32 * 0.1);
  });

  it('the same inputs make the same zip', async () => {
    const a = await buildTeamsPackage({ appId: APP_ID, out: join(scratch, 'a.zip') });
    const b = await buildTeamsPackage({ appId: APP_ID, out: join(scratch, 'b.zip') });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it.each(['nope', PLACEHOLDER_ID, ''])('refuses the app id "%s", naming what to pass', (appId) => {
    expect(() => filledManifest({ appId })).toThrow(/pass --app-id <guid> or set MICROSOFT_APP_ID/);
  });

  it('run without an app id, the script says what to pass and exits 2', async () => {
    const env = { ...process.env };
    delete env.MICROSOFT_APP_ID;
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/teams-package.ts'), '--out', join(scratch, 'never.zip')], { cwd: ROOT, env });
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/No Microsoft App ID: pass --app-id <guid>/) });
  }, 60_000);
});
