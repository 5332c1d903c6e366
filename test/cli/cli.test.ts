// The techtree command as a user runs it: a real process, real files.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hostileTreeFiles } from '../helpers/hostile-trees.ts';
import { ROOT } from '../helpers/trees.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'techtree-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function techtree(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [join(ROOT, 'bin/techtree.js'), ...args], { cwd: ROOT, env: { ...process.env, TECHTREE_DB: join(dir, 'cli.db'), DATABASE_URL: '', ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const ask = async (text: string, extra: string[] = []) => {
  const r = await techtree(['ask', '--org', 'acme', '--team', 'Payments', '--user', 'U1', '--json', ...extra, text]);
  return { code: r.code, reply: JSON.parse(r.stdout) as Record<string, unknown> & { ok: boolean; text: string } };
};

describe('techtree trees', () => {
  it('validates the shipped trees', async () => {
    const r = await techtree(['trees', 'validate', 'trees/cncf-adoption.yaml', 'trees/cloud-native-maturity.yaml', 'trees/provisioning-practices.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK: 3 trees, 72 nodes');
  });

  it.each([
    ['cycle', /cycle\.yaml:9: node "cy-a": prerequisite cycle: cy-a -> cy-c -> cy-b -> cy-a/],
    ['unknown-prerequisite', /unknown-prerequisite\.yaml:19: node "up-top": unknown prerequisite "up-bsae"/],
    ['tier-inversion', /tier-inversion\.yaml:11: node "ti-early": prerequisite "ti-late" is in a later tier/],
    ['duplicate-id', /duplicate-id\.yaml:10: node "dup": duplicate node id "dup"/],
    ['missing-fields', /missing-fields\.yaml:9: node "mf-a": missing "effort"/],
  ])('exits 1 on the %s fixture, naming file, line and problem', async (name, pattern) => {
    const r = await techtree(['trees', 'validate', `test/fixtures/invalid/${name}.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(pattern);
  });

  it('validates the tree files inside a folder, and says what to pass for a folder without any', async () => {
    const folder = await techtree(['trees', 'validate', 'trees']);
    expect(folder.stderr).not.toContain('EISDIR');
    expect(folder.code).toBe(0);
    expect(folder.stdout).toContain('OK: 3 trees, 72 nodes');
    const empty = mkdtempSync(join(dir, 'empty-'));
    const none = await techtree(['trees', 'validate', empty]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`No tree files (*.yaml, *.yml) in ${empty}. Pass tree files, or a folder that holds them`);
  });

  it('refuses hostile tree files with a message and exit 1, never a stack trace', async () => {
    const hostile = mkdtempSync(join(dir, 'hostile-'));
    for (const [name, file] of Object.entries(hostileTreeFiles())) writeFileSync(join(hostile, `${name}.yaml`), file.text);
    const r = await techtree(['trees', 'validate', hostile]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toMatch(/alias-bomb\.yaml: YAML aliases \(\*name\) expand too far/);
    expect(r.stderr).toMatch(/deep-flow\.yaml:\d+: nested too deeply/);
    expect(r.stderr).toContain('7 problems in 7 files.');
  });

  it('shows the CNCF tree with all 23 nodes and their prerequisites', async () => {
    const r = await techtree(['trees', 'show', 'cncf-adoption']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/requires:/g)).toHaveLength(23);
    expect(r.stdout).toContain('Runtime Security (Falco) (runtime-security)');
    expect(r.stdout).toMatch(/Zero-Trust Workload Identity \(SPIFFE\/SPIRE\) \(spiffe-spire\).*\n\s+requires: service-mesh, policy-as-code/);
  });
});

// Five real processes in a row: on a loaded machine each start can take seconds.
describe('techtree ask --json', { timeout: 120_000 }, () => {
  it('creates the team on first use and honours the reply contract', async () => {
    const status = await ask('status');
    expect(status.code).toBe(0);
    expect(status.reply).toMatchObject({ ok: true, team: { name: 'Payments' } });
    expect((status.reply.nodes as Record<string, string>)['containerd-runtime']).toBe('available');

    const done = await ask('done containerd');
    expect(done.reply.ok).toBe(true);
    expect(done.reply.unlocked).toEqual([]);
    const oci = await ask('done oci-images');
    expect(oci.reply.unlocked).toEqual(expect.arrayContaining(['kubernetes-cluster', 'registry-auth']));

    const next = await ask('next');
    const suggestions = next.reply.suggestions as { node: string; reasons: string[] }[];
    expect(suggestions[0]).toMatchObject({ node: expect.any(String), reasons: expect.arrayContaining([expect.any(String)]) });
  }, 120_000); // four CLI processes in a row: slow on a loaded machine

  it.each([
    ['done quantum', 'UnknownNode'],
    ['done security', 'AmbiguousNode'],
    ['done falco', 'Locked'],
    ['done containerd', 'AlreadyDone'],
    ['dance', 'BadCommand'],
  ])('%s -> ok:false, error.kind %s, exit 1', async (text, kind) => {
    const r = await ask(text);
    expect(r.code).toBe(1);
    expect(r.reply).toMatchObject({ ok: false, error: { kind } });
  });

  it('refuses council changes to a non-admin', async () => {
    const r = await ask('council here', ['--channel', 'C-COUNCIL']);
    expect(r.reply).toMatchObject({ ok: false, error: { kind: 'NotAllowed' } });
  });

  it('names the variable of a bad configuration', async () => {
    const r = await techtree(['ask', 'status'], { DATABASE_URL: 'mysql://nope' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DATABASE_URL');
  });
});

// The CLI is a surface of its own: a reply prints as plain text, never Slack mrkdwn (no *stars*,
// no backticks, no <url|label>); bold only on a terminal that shows it, and not with NO_COLOR.
// A terminal is a real pseudo-terminal from util-linux `script`.
const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs `techtree <args>` on a pseudo-terminal; its output with \r\n made \n. */
async function onTerminal(args: string[], env: Record<string, string> = {}): Promise<string> {
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, join(ROOT, 'bin/techtree.js'), ...args].map(quote).join(' ');
  const { CI: _ci, NO_COLOR: _nc, FORCE_COLOR: _fc, NODE_DISABLE_COLORS: _ndc, ...rest } = process.env;
  const r = await exec('script', ['-qec', command, '/dev/null'], {
    cwd: ROOT, env: { ...rest, TERM: 'xterm-256color', TECHTREE_DB: join(dir, 'cli.db'), DATABASE_URL: '', ...env }, timeout: 60_000,
  });
  return r.stdout.replace(/\r\n/g, '\n');
}

describe('techtree ask, as text', { timeout: 120_000 }, () => {
  const people = ['--org', 'acme', '--team', 'Readers', '--user', 'U5'];
  const noMrkdwn = (out: string) => {
    expect(out).not.toMatch(/(^|\s)\*\S[^*\n]*\*/m);
    expect(out).not.toContain('`');
    expect(out).not.toMatch(/<https?:[^>]*\|/);
  };

  it('prints plain text when stdout is not a terminal: no marks, links as "label (url)"', async () => {
    const help = await techtree(['ask', ...people, 'help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Progress\ndone <node> \[--force\]\nundo <node>$/m);
    noMrkdwn(help.stdout);
    expect(help.stdout).not.toContain('\x1b');
    const show = await techtree(['ask', ...people, 'show keda']);
    expect(show.stdout).toMatch(/^Links\n• KEDA \(https:\/\/keda\.sh\/\)$/m);
    noMrkdwn(show.stdout);
    expect(show.stdout).not.toContain('\x1b');
  });

  it.skipIf(!hasScript)('prints headings and commands bold on a terminal, plain there with NO_COLOR', async () => {
    const bold = await onTerminal(['ask', ...people, 'help']);
    // eslint-disable-next-line no-control-regex -- bold is ANSI SGR 1 … 22
    expect(bold).toMatch(/^\x1b\[1mProgress\x1b\[22m\n\x1b\[1mdone <node> \[--force\]\x1b\[22m$/m);
    noMrkdwn(bold);
    const noColor = await onTerminal(['ask', ...people, 'help'], { NO_COLOR: '1' });
    expect(noColor).toMatch(/^Progress\ndone <node> \[--force\]$/m);
    expect(noColor).not.toContain('\x1b');
    noMrkdwn(noColor);
  });
});

describe('techtree chat', () => {
  it('answers each line typed, plain questions included', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(ROOT, 'bin/techtree.js'), 'chat', '--org', 'acme', '--team', 'Chatters', '--user', 'U9'], {
      cwd: ROOT, env: { ...process.env, TECHTREE_DB: join(dir, 'cli.db'), DATABASE_URL: '' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end("we finished containerd\nwhat's next for my team?\nfrobnicate\n");
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toContain('Chatters completed containerd as Default Runtime');
    expect(out).toContain("What's next for Chatters");
    expect(out).toContain("I don't know the command frobnicate");
    // A prompt before each line typed, and once more at the end.
    expect(out.match(/^techtree> /gm)).toHaveLength(4);
  });
});
