// `npm run teams:package [-- --app-id <guid>] [--website <https url>] [--out <file.zip>]`: the
// Teams app package an admin uploads: deploy/teams/manifest.json with the bot's Microsoft App ID
// filled in (from --app-id, else MICROSOFT_APP_ID), and the two icons drawn from their SVGs by
// resvg-wasm (the colour icon 192x192, the outline icon 32x32 white on transparent).
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-wasm';
import yazl from 'yazl';
import { init } from '../src/charts/rasterise.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const TEAMS_DIR = resolve(HERE, '../deploy/teams');
/** The nil GUID that deploy/teams/manifest.json carries where the app id goes. */
export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** Zip entries get this time, so the same inputs make the same bytes. */
const EPOCH = new Date('2026-01-01T00:00:00Z');

export interface PackageOptions {
  /** The Azure Bot's Microsoft App ID (a GUID): the manifest's `id` and `bots[0].botId`. */
  readonly appId: string;
  /** Replaces https://techtree.example.com in the developer links. */
  readonly website?: string;
  readonly out: string;
}

export interface TeamsIcons {
  readonly color: Buffer;
  readonly outline: Buffer;
}

/** Both icons as PNGs, drawn at exactly their size; the outline keeps its transparent background. */
export async function drawIcons(dir: string = TEAMS_DIR): Promise<TeamsIcons> {
  await init();
  const draw = (file: string, size: number) => {
    const resvg = new Resvg(readFileSync(join(dir, file), 'utf8'), { fitTo: { mode: 'width', value: size } });
    try {
      const image = resvg.render();
      try {
        return Buffer.from(image.asPng());
      } finally {
        image.free();
      }
    } finally {
      resvg.free();
    }
  };
  return { color: draw('icon-color.svg', 192), outline: draw('icon-outline.svg', 32) };
}

/** The manifest with the app id (and website) filled in. Throws naming the flag and variable for an id that is not a GUID. */
export function filledManifest(options: Pick<PackageOptions, 'appId' | 'website'>, dir: string = TEAMS_DIR): Record<string, unknown> {
  if (!GUID.test(options.appId) || options.appId === PLACEHOLDER_ID) {
    throw new Error(`"${options.appId}" is not a Microsoft App ID: pass --app-id <guid> or set MICROSOFT_APP_ID to the Application (client) ID of your Azure Bot, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301.`);
  }
  if (options.website !== undefined && !/^https:\/\/[^\s/]+/.test(options.website)) {
    throw new Error(`"${options.website}" is not an https address: pass --website https://your-host`);
  }
  let text = readFileSync(join(dir, 'manifest.json'), 'utf8').replaceAll(PLACEHOLDER_ID, options.appId.toLowerCase());
  if (options.website) text = text.replaceAll('https://techtree.example.com/', `${options.website.replace(/\/+$/, '')}/`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Writes the app package zip (manifest.json, color.png, outline.png); resolves to its path. */
export async function buildTeamsPackage(options: PackageOptions): Promise<string> {
  const manifest = filledManifest(options);
  const icons = await drawIcons();
  mkdirSync(dirname(options.out), { recursive: true });
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime: EPOCH });
  zip.addBuffer(icons.color, 'color.png', { mtime: EPOCH });
  zip.addBuffer(icons.outline, 'outline.png', { mtime: EPOCH });
  zip.end();
  await new Promise<void>((done, fail) => {
    const file = createWriteStream(options.out);
    file.on('close', () => done());
    file.on('error', fail);
    zip.outputStream.on('error', fail).pipe(file);
  });
  return options.out;
}

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const appId = flag(argv, 'app-id') ?? process.env.MICROSOFT_APP_ID;
  if (!appId) {
    console.error('No Microsoft App ID: pass --app-id <guid> (npm run teams:package -- --app-id <guid>) or set MICROSOFT_APP_ID to the Application (client) ID of your Azure Bot. deploy/teams/README.md says where to find it.');
    process.exit(2);
  }
  const website = flag(argv, 'website');
  try {
    const out = await buildTeamsPackage({ appId, out: resolve(flag(argv, 'out') ?? 'out/techtree-teams.zip'), ...(website ? { website } : {}) });
    console.log(`Wrote ${out}: upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}
