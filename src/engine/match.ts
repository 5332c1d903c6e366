// Turning what a user typed into a node: exact names first, then prefixes, then typos.
// A guess is never silent: several equally good candidates are "ambiguous", and a typo match
// says so (`via: 'fuzzy'`) so that callers can ask before changing anything.
import { compactKey, editDistance } from './text-distance.ts';
import type { Tree, TreeNode } from './types.ts';

export type MatchVia = 'id' | 'title' | 'alias' | 'tag' | 'prefix' | 'partial' | 'fuzzy';

export type MatchError =
  | { readonly kind: 'EmptyNodeName' }
  | { readonly kind: 'UnknownNode'; readonly input: string; readonly suggestions: readonly TreeNode[] }
  | { readonly kind: 'AmbiguousNode'; readonly input: string; readonly candidates: readonly TreeNode[] };

export type MatchResult =
  | { readonly ok: true; readonly node: TreeNode; readonly treeId: string; readonly via: MatchVia }
  | { readonly ok: false; readonly error: MatchError };

interface Entry {
  readonly node: TreeNode;
  readonly treeId: string;
  readonly id: string;
  /** Full title and the title without its parenthesis ("Runtime Security"). */
  readonly titles: readonly string[];
  readonly aliases: readonly string[];
  readonly tags: readonly string[];
}

export interface NodeMatcher {
  match(text: string): MatchResult;
  readonly nodes: readonly TreeNode[];
}

const MAX_CANDIDATES = 6;

export function buildMatcher(trees: readonly Tree[]): NodeMatcher {
  const entries: Entry[] = trees.flatMap((tree) =>
    tree.nodes.map((node) => ({
      node,
      treeId: tree.id,
      id: compactKey(node.id),
      titles: [...new Set([compactKey(node.title), compactKey(node.title.replace(/\(.*?\)/g, ''))])].filter(Boolean),
      aliases: node.aliases.map(compactKey).filter(Boolean),
      tags: node.tags.map(compactKey).filter(Boolean),
    })),
  );

  const pick = (input: string, found: readonly Entry[], via: MatchVia): MatchResult | undefined => {
    const unique = [...new Map(found.map((e) => [e.node.id, e])).values()];
    if (unique.length === 1) return { ok: true, node: unique[0]!.node, treeId: unique[0]!.treeId, via };
    if (unique.length > 1) {
      return { ok: false, error: { kind: 'AmbiguousNode', input, candidates: unique.slice(0, MAX_CANDIDATES).map((e) => e.node) } };
    }
    return undefined;
  };

  const match = (text: string): MatchResult => {
    const input = text.trim().replace(/^["'`]+|["'`?.!]+$/g, '').trim();
    const key = compactKey(input);
    if (!key) return { ok: false, error: { kind: 'EmptyNodeName' } };

    const exact =
      pick(input, entries.filter((e) => e.id === key), 'id') ??
      pick(input, entries.filter((e) => e.titles.includes(key)), 'title') ??
      pick(input, entries.filter((e) => e.aliases.includes(key)), 'alias') ??
      pick(input, entries.filter((e) => e.tags.includes(key)), 'tag');
    if (exact) return exact;

    if (key.length >= 3) {
      const names = (e: Entry) => [e.id, ...e.titles, ...e.aliases];
      const prefixed = pick(input, entries.filter((e) => names(e).some((n) => n.startsWith(key))), 'prefix');
      if (prefixed) return prefixed;
      if (key.length >= 4) {
        const partial = pick(input, entries.filter((e) => [...names(e), ...e.tags].some((n) => n.includes(key))), 'partial');
        if (partial) return partial;
      }
    }

    // Typos: the nearest names within a distance that grows with the length typed.
    const scored = entries.map((e) => ({
      e,
      d: Math.min(...[e.id, ...e.titles, ...e.aliases, ...e.tags].map((n) => editDistance(key, n))),
    }));
    const threshold = key.length <= 3 ? 0 : Math.max(1, Math.floor(key.length / 4));
    const best = Math.min(...scored.map((s) => s.d));
    if (best <= threshold) {
      const fuzzy = pick(input, scored.filter((s) => s.d === best).map((s) => s.e), 'fuzzy');
      if (fuzzy) return fuzzy;
    }
    const suggestions = scored
      .map((s) => ({ ...s, rel: s.d / Math.max(key.length, 1) }))
      .sort((a, b) => a.rel - b.rel || a.e.node.id.localeCompare(b.e.node.id))
      .slice(0, 3)
      .map((s) => s.e.node);
    return { ok: false, error: { kind: 'UnknownNode', input, suggestions } };
  };

  return { match, nodes: entries.map((e) => e.node) };
}
