// The same scripted conversation gives the same states on SQLite and on Postgres.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.ts';
import { useApp } from '../helpers/app.ts';

const SCRIPT = [
  'team create Platform', 'done containerd', 'done oci', 'start k8s', 'done k8s', 'done helm', 'skip ingress we use a cloud load balancer',
  'done falco', 'done spire --force', 'undo helm', 'done prometheus', 'start otel', 'done argocd', 'done helm', 'undo containerd',
];

const finalStates = new Map<string, unknown>();

describe.each(DIALECTS)('scripted conversation on %s', (dialect) => {
  const t = useApp(dialect);
  it('runs the script', async () => {
    const outcomes: string[] = [];
    for (const line of SCRIPT) {
      const r = await t.ask(line);
      outcomes.push(`${line} -> ${r.ok ? 'ok' : r.error?.kind}`);
    }
    const status = await t.ask('status');
    const next = await t.ask('next');
    finalStates.set(dialect, { outcomes, nodes: status.nodes, next: next.suggestions?.map((s) => s.node) });
    expect(status.nodes!['spiffe-spire']).toBe('done');
    expect(status.nodes!['ingress-controller']).toBe('skipped');
  });
});

describe('parity', () => {
  it('SQLite and Postgres agree on every answer and every state', () => {
    if (DIALECTS.length < 2) return;
    expect(finalStates.size).toBe(2);
    expect(finalStates.get('postgres')).toEqual(finalStates.get('sqlite'));
  });
});
