import { describe, expect, it } from 'vitest';
import { buildMatcher, compileTree, replay } from '../../src/engine/index.ts';
import { shippedTrees } from '../helpers/trees.ts';

const trees = shippedTrees();
const matcher = buildMatcher(trees);

describe('the shipped trees', () => {
  it('are the three trees with the expected shapes', () => {
    const shape = Object.fromEntries(trees.map((t) => [t.id, [t.nodes.length, t.tiers.length, t.tracks.length]]));
    expect(shape['cncf-adoption']).toEqual([23, 4, 6]);
    expect(shape['cloud-native-maturity']).toEqual([25, 5, 5]);
    expect(shape['provisioning-practices']![1]).toBe(3);
    expect(shape['provisioning-practices']![2]).toBe(4);
  });

  it.each(trees.map((t) => [t.id, t] as const))('%s: every node is reachable by doing its prerequisites in order', (_id, tree) => {
    const ct = compileTree(tree);
    const events = [...ct.topo].map((i, k) => ({ kind: 'done' as const, nodeId: ct.nodes[i]!.id, at: new Date(k * 1000) }));
    const p = replay(ct, events);
    expect([...p.status].every((s) => s === 3)).toBe(true);
    expect([...p.outOfOrder].some(Boolean)).toBe(false);
  });

  it.each(trees.map((t) => [t.id, t] as const))('%s: each node has 3-6 steps, effort, a summary and a link', (_id, tree) => {
    for (const n of tree.nodes) {
      expect(n.steps.length, n.id).toBeGreaterThanOrEqual(3);
      expect(n.steps.length, n.id).toBeLessThanOrEqual(6);
      expect(n.effort.weeks[0], n.id).toBeLessThanOrEqual(n.effort.weeks[1]);
      expect(n.links.length, n.id).toBeGreaterThan(0);
    }
  });

  it('resolves every alias to exactly its node', () => {
    for (const t of trees) {
      for (const n of t.nodes) {
        for (const alias of n.aliases) {
          const r = matcher.match(alias);
          expect(r.ok && r.node.id, `${alias} -> ${n.id}`).toBe(n.id);
        }
      }
    }
  });

  it.each([
    ['falco', 'runtime-security'], ['argo', 'gitops-bootstrap'], ['flux', 'gitops-bootstrap'], ['otel', 'opentelemetry'],
    ['k8s', 'kubernetes-cluster'], ['cosign', 'supply-chain-signing'], ['linkerd', 'service-mesh'], ['istio', 'service-mesh'],
    ['opa', 'policy-as-code'], ['kyverno', 'policy-as-code'], ['spire', 'spiffe-spire'], ['Runtime Security (Falco)', 'runtime-security'],
  ])('what users type: %s -> %s', (input, id) => {
    const r = matcher.match(input);
    expect(r.ok && r.node.id).toBe(id);
  });

  it('matches every id and title of every node to that node', () => {
    for (const t of trees) for (const n of t.nodes) {
      for (const text of [n.id, n.title]) {
        const r = matcher.match(text);
        expect(r.ok && r.node.id, text).toBe(n.id);
      }
    }
  });
});
