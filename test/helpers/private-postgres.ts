// A PostgreSQL cluster of this test process's own (initdb + pg_ctl on a free port in a temp
// folder, from the binaries under /usr/lib/postgresql/*/bin): for tests that stop and start the
// database, which must never be done to the machine's shared one. Run as the postgres user when
// the tests run as root (initdb refuses root).
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface PrivatePostgres {
  /** The `postgres` database as superuser, trust auth: postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  /** pg_ctl stop -m fast: connections are cut, the port refuses. */
  stop(): Promise<void>;
  /** pg_ctl start, waiting until it accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Starts a throwaway cluster, or says why it cannot (no binaries, no postgres user). */
export async function privatePostgres(): Promise<PrivatePostgres | { failed: string }> {
  const root = '/usr/lib/postgresql';
  const bin = existsSync(root)
    ? readdirSync(root).sort((a, b) => Number(b) - Number(a)).map((v) => join(root, v, 'bin'))
      .find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')))
    : undefined;
  if (!bin) return { failed: `no initdb/pg_ctl under ${root}/*/bin to start a throwaway cluster` };
  let asUser: string[] = [];
  let uid: number | undefined;
  if (process.getuid?.() === 0) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) return { failed: 'running as root and there is no postgres user to run initdb as' };
    uid = Number(id.stdout.trim());
    asUser = ['runuser', '-u', 'postgres', '--'];
  }
  const dir = mkdtempSync(join(tmpdir(), 'techtree-pg-'));
  if (uid !== undefined) chownSync(dir, uid, -1);
  const port = await freePort();
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]) => {
    const [exe, ...rest] = [...asUser, join(bin, cmd), ...args];
    return spawnSync(exe as string, rest, { encoding: 'utf8', timeout: 60_000 });
  };
  const init = run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  if (init.status !== 0) return { failed: `initdb failed: ${init.stderr || init.error?.message}` };
  const start = async () => {
    const r = run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
    if (r.status !== 0) throw new Error(`pg_ctl start failed: ${r.stderr || r.error?.message}`);
  };
  const stop = async () => {
    const r = run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    if (r.status !== 0 && !/Is server running/.test(r.stderr)) throw new Error(`pg_ctl stop failed: ${r.stderr || r.error?.message}`);
  };
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { failed: (error as Error).message };
  }
  // Test workers may be killed rather than exit, so a detached watcher stops the cluster once
  // this process is gone, however it went.
  const stopCommand = [...asUser, join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'].map(shellQuote).join(' ');
  spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopCommand} >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`],
    { detached: true, stdio: 'ignore' }).unref();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    close: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
