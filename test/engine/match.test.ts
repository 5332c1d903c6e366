import { describe, expect, it } from 'vitest';
import { buildMatcher, type MatchResult } from '../../src/engine/index.ts';
import { fixtureTree } from '../helpers/trees.ts';

const matcher = buildMatcher([fixtureTree('linear').tree, fixtureTree('diamond').tree]);
const brief = (r: MatchResult) =>
  r.ok ? `${r.via}:${r.node.id}` : r.error.kind === 'EmptyNodeName' ? 'empty' : `${r.error.kind}:${(r.error.kind === 'AmbiguousNode' ? r.error.candidates : r.error.suggestions).map((n) => n.id).join(',')}`;

describe('matching user text to a node', () => {
  it.each([
    ['lin-a', 'id:lin-a'],
    ['LIN A', 'id:lin-a'],
    ['  `lin-b`?  ', 'id:lin-b'],
    ['Alpha Step', 'title:lin-a'],
    ['alpha-step', 'title:lin-a'],
    ['la', 'alias:lin-a'],
    ['charlie', 'tag:lin-c'],
    ['branch', 'AmbiguousNode:branch-left,branch-right'],
    ['Joi', 'prefix:join'],
    ['Bra', 'AmbiguousNode:lin-b,branch-left,branch-right'],
    ['Point', 'partial:join'],
    ['alpga', 'fuzzy:lin-a'],
    ['rightyy', 'fuzzy:branch-right'],
    ['brnch left', 'fuzzy:branch-left'],
    ['', 'empty'],
    ['???', 'empty'],
  ])('%j -> %s', (input, expected) => {
    expect(brief(matcher.match(input))).toBe(expected);
  });

  it('never guesses on very short unknown input', () => {
    expect(matcher.match('xq').ok).toBe(false);
  });

  it('always suggests three nodes when nothing matches', () => {
    const r = matcher.match('completely different words');
    expect(r.ok).toBe(false);
    if (!r.ok && r.error.kind === 'UnknownNode') expect(r.error.suggestions).toHaveLength(3);
  });
});
