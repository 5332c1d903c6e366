// Tree files from untrusted authors (issue 13, item 6): refused cleanly with the limit they
// passed, before they cost much. Time and memory are measured in bench/tree-limits.ts.
import { describe, expect, it } from 'vitest';
import { formatProblem, loadTrees, TREE_FILE_LIMITS, type TreeSource } from '../../src/engine/index.ts';
import { shippedTreeFiles, source } from '../helpers/trees.ts';
import { hostileTreeFiles } from '../helpers/hostile-trees.ts';

const problemsOf = (src: TreeSource) => {
  const r = loadTrees([src]);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems.map(formatProblem);
};

describe('tree file limits', () => {
  it.each(Object.entries(hostileTreeFiles()))('refuses %s with a message naming the limit', (name, file) => {
    const expected: Record<string, RegExp> = {
      huge: /huge\.yaml: the file is \d+ KB; a tree file may be at most 256 KB\. Split it into several trees/,
      'deep-flow': /deep-flow\.yaml:\d+: nested too deeply: a tree file may nest lists and mappings at most 12 levels deep/,
      'deep-block': /deep-block\.yaml:\d+: nested too deeply/,
      'alias-bomb': /alias-bomb\.yaml: YAML aliases \(\*name\) expand too far/,
      'thousands-of-nodes': /thousands-of-nodes\.yaml:\d+: 3,000 nodes; a tree file may have at most 500\. Split it into several trees/,
      'long-list': /long-list\.yaml:\d+: a list or mapping of 5,000 entries; at most 50 are allowed here/,
      'long-text': /long-text\.yaml:\d+: a text of 20,000 characters; texts may be at most 5,000/,
    };
    const problems = problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected[name]!);
  });

  it('refuses a file by its size on disk without needing its text', () => {
    expect(problemsOf({ file: 'big.yaml', text: '', size: 10 * 1024 * 1024 })).toEqual(['big.yaml: the file is 10,240 KB; a tree file may be at most 256 KB. Split it into several trees']);
  });

  it('leaves the shipped trees far inside every limit', () => {
    const files = shippedTreeFiles().map(source);
    expect(loadTrees(files).ok).toBe(true);
    for (const f of files) expect(f.text.length).toBeLessThan(TREE_FILE_LIMITS.maxBytes / 4);
  });

  it('still reads a file that uses a few YAML anchors and aliases', () => {
    const text = `${HEAD_WITH_ANCHOR}  - { id: n1, title: One, tier: t1, track: k1, summary: s, effort: *effort, steps: *steps }\n  - { id: n2, title: Two, tier: t1, track: k1, summary: s, effort: *effort, steps: *steps }\n`;
    const r = loadTrees([{ file: 'anchors.yaml', text }]);
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([]);
    expect(r.trees[0]!.nodes[1]!.effort).toEqual({ size: 'M', weeks: [2, 4] });
  });
});

const HEAD_WITH_ANCHOR = 'id: anchors\ntitle: Anchors\nsummary: s\ntiers: [{ id: t1, title: T, summary: s }]\ntracks: [{ id: k1, title: K, summary: s }]\nnodes:\n  - { id: n0, title: Zero, tier: t1, track: k1, summary: s, effort: &effort { size: M, weeks: [2, 4] }, steps: &steps [Plan it., Do it.] }\n';
