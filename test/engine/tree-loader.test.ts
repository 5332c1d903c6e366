import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadTrees } from '../../src/engine/index.ts';
import { FIXTURES, source } from '../helpers/trees.ts';

const invalid = (name: string) => loadTrees([source(join(FIXTURES, 'invalid', `${name}.yaml`))]);

describe('tree loader', () => {
  it.each(['linear', 'diamond', 'cross-track'])('loads the valid fixture %s', (name) => {
    const result = loadTrees([source(join(FIXTURES, 'trees', `${name}.yaml`))]);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it.each([
    ['cycle', 9, 'cy-a', 'prerequisite cycle: cy-a -> cy-c -> cy-b -> cy-a'],
    ['unknown-prerequisite', 19, 'up-top', 'unknown prerequisite "up-bsae" (did you mean "up-base"?)'],
    ['tier-inversion', 11, 'ti-early', 'prerequisite "ti-late" is in a later tier (late) than this node (early)'],
    ['duplicate-id', 10, 'dup', 'duplicate node id "dup"'],
  ])('reports %s with file, line and node', (name, line, nodeId, message) => {
    const result = invalid(name);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem).toMatchObject({ file: `test/fixtures/invalid/${name}.yaml`, line, nodeId });
    expect(problem!.message).toContain(message);
    expect(formatProblem(problem!)).toMatch(new RegExp(`^test/fixtures/invalid/${name}\\.yaml:${line}: node "${nodeId}":`));
  });

  it('reports every problem of a file at once: missing effort and steps, unknown key, unknown tier', () => {
    const result = invalid('missing-fields');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map(formatProblem);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/missing-fields\.yaml:9: node "mf-a": missing "effort" \(object\) in nodes\.0$/),
        expect.stringMatching(/missing-fields\.yaml:9: node "mf-a": missing "steps" \(array\) in nodes\.0$/),
        expect.stringMatching(/missing-fields\.yaml:18: node "mf-a": unknown key "colour"/),
        expect.stringMatching(/missing-fields\.yaml:19: node "mf-b": unknown tier "t9" \(did you mean "t1"\?\)/),
      ]),
    );
    expect(lines).toHaveLength(4);
  });

  it('accepts a short label for pictures and refuses one that is empty or too long, naming the line', () => {
    const a = source(join(FIXTURES, 'trees', 'linear.yaml'));
    const withShort = (short: string) => ({ file: 'short.yaml', text: a.text.replace('  - id: lin-b\n', `  - id: lin-b\n    short: "${short}"\n`) });
    const ok = loadTrees([withShort('B, briefly')]);
    expect(ok.ok ? ok.trees[0]!.nodes.find((n) => n.id === 'lin-b')?.short : ok.problems).toBe('B, briefly');
    for (const [short, message] of [['x'.repeat(41), 'must be at most 40 characters'], ['  ', 'must not be empty']] as const) {
      const bad = loadTrees([withShort(short)]);
      expect(bad.ok).toBe(false);
      if (bad.ok) continue;
      expect(bad.problems).toHaveLength(1);
      expect(bad.problems[0]).toMatchObject({ file: 'short.yaml', nodeId: 'lin-b' });
      expect(bad.problems[0]!.line).toBeGreaterThan(1);
      expect(bad.problems[0]!.message).toContain(message);
    }
  });

  it('reports YAML syntax errors with a line', () => {
    const result = invalid('syntax-error');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ file: 'test/fixtures/invalid/syntax-error.yaml' });
    expect(result.problems[0]!.line).toBeGreaterThanOrEqual(3);
    expect(result.problems[0]!.message).toMatch(/^YAML syntax/);
  });

  it('finds duplicate node ids and aliases across files', () => {
    const a = source(join(FIXTURES, 'trees', 'linear.yaml'));
    const b = { file: 'copy.yaml', text: a.text.replace('id: linear', 'id: linear-copy').replace('id: lin-b', 'id: other-b').replace('id: lin-c', 'id: other-c').replace('[lin-b]', '[other-b]') };
    const result = loadTrees([a, b]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.problems.map(formatProblem);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^copy\.yaml:\d+: node "lin-a": duplicate node id "lin-a" \(also in test\/fixtures\/trees\/linear\.yaml\)/)]));
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^copy\.yaml:\d+: node "other-b": alias "lb" already names "lin-b"/)]));
  });

  it('rejects a file that is not a mapping', () => {
    const result = loadTrees([{ file: 'list.yaml', text: '- a\n- b\n' }]);
    expect(result.ok).toBe(false);
  });
});

describe('every problem at once', () => {
  it('checks references, tiers and cycles of nodes that also fail their own checks', () => {
    const result = loadTrees([source(join(FIXTURES, 'invalid', 'many-problems.yaml'))]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map(formatProblem);
    expect(lines).toEqual([
      expect.stringMatching(/:13: node "n1": .*low <= high/),
      expect.stringMatching(/:22: node "n2": .*effort\.size/),
      expect.stringMatching(/:23: node "n2": .*at least one step/),
      expect.stringMatching(/:15: node "n1": prerequisite "n2" is in a later tier/),
      expect.stringMatching(/:24: node "n2": lists prerequisite "n1" twice/),
      expect.stringMatching(/:34: node "n3": requires itself/),
      expect.stringMatching(/:15: node "n1": prerequisite cycle: n1 -> n2 -> n1$/),
    ]);
  });

  it('never offers a node as its own missing prerequisite', () => {
    const node = (id: string, requires: string) => `  - { id: ${id}, title: ${id}, tier: good, track: k, summary: s, tags: [], aliases: [], effort: { size: S, weeks: [1, 1] }, steps: [x], requires: [${requires}], links: [] }\n`;
    const text = `id: self\ntitle: T\nsummary: s\ntiers:\n  - { id: good, title: Good, summary: s }\ntracks:\n  - { id: k, title: K, summary: s }\nnodes:\n${node('ab', 'az')}${node('zz', '')}`;
    const result = loadTrees([{ file: 'self.yaml', text }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const message = result.problems.map(formatProblem).find((m) => m.includes('unknown prerequisite'))!;
    expect(message).toMatch(/unknown prerequisite "az"/);
    expect(message).not.toMatch(/did you mean "ab"/);
  });

  it('keeps checking nodes when a tier is broken, without blaming nodes on it', () => {
    const text = `id: broken-tier\ntitle: T\nsummary: s\ntiers:\n  - { id: good, title: Good, summary: s }\n  - { id: bad, title: Bad }\ntracks:\n  - { id: k, title: K, summary: s }\nnodes:\n  - { id: a1, title: A, tier: bad, track: k, summary: s, tags: [], aliases: [], effort: { size: S, weeks: [1, 1] }, steps: [x], requires: [], links: [] }\n  - { id: a2, title: B, tier: good, track: k, summary: s, tags: [], aliases: [], effort: { size: S, weeks: [1, 1] }, steps: [x], requires: [a9], links: [] }\n`;
    const result = loadTrees([{ file: 'broken-tier.yaml', text }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^broken-tier\.yaml:6: missing "summary"/),
      expect.stringMatching(/^broken-tier\.yaml:11: node "a2": unknown prerequisite "a9"/),
    ]);
  });
});
