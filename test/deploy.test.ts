// The image and the compose file, checked by reading them (no Docker engine in CI): a supported
// Node LTS, multi-stage, non-root, a health check with Node, an init for signals; compose passes
// every variable of .env.example, and each TechTree service's grace period covers its drain budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers/trees.ts';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const dockerfile = read('Dockerfile');
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string>; stop_grace_period?: string; command?: string[] }> };
const seconds = (d: string | undefined) => Number(/^(\d+)s$/.exec(d ?? '')?.[1] ?? NaN);

describe('Dockerfile', () => {
  const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);
  it('builds on a supported Node LTS in two stages, the native build only in the first', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/^node:(22|24)-bookworm-slim$/);
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(final).not.toMatch(/g\+\+|python3|make /);
    expect(final).toContain('COPY --from=');
  });
  it('runs as the node user under tini, with a health check by Node on /healthz', () => {
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(final).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD \["node", "-e", "[^\n]*\/healthz/m);
  });
  it('keeps package.json engines true for the Node 20 the app still supports', () => {
    expect((JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node).toBe('>=20.19');
  });
});

describe('docker-compose.yml', () => {
  const variables = [...read('.env.example').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!);
  const techtree = Object.entries(compose.services).filter(([, s]) => s.command?.[1] === 'bin/techtree.js');
  it('runs the app and the workers from the image', () => {
    expect(techtree.map(([name]) => name).sort()).toEqual(['app', 'worker']);
  });
  it.each(techtree)('%s gets every variable of .env.example and a grace period above its drain budget', (_name, service) => {
    const env = service.environment ?? {};
    expect(variables.filter((v) => !(v in env) && v !== 'PORT' && v !== 'TECHTREE_DB')).toEqual([]);
    const drain = Number(/:-(\d+)\}$/.exec(env.TECHTREE_DRAIN_SECONDS ?? '')?.[1] ?? 8);
    expect(seconds(service.stop_grace_period)).toBeGreaterThanOrEqual(drain + 2);
  });
});
