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
  /** Id, titles and aliases: what names this node (tags may be shared). */
  readonly names: readonly string[];
  /** Every key above, tags included. */
  readonly keys: readonly string[];
}

export interface MatchOptions {
  /**
   * Tree ids to prefer (a team's tracked trees). An exact id, title or alias is found in any
   * tree; a shared tag, a prefix, a fragment or a typo is looked for in these trees first, and
   * in the others only when these have nothing.
   */
  readonly prefer?: ReadonlySet<string>;
}

export interface NodeMatcher {
  match(text: string, options?: MatchOptions): MatchResult;
  readonly nodes: readonly TreeNode[];
}

const MAX_CANDIDATES = 6;

export function buildMatcher(trees: readonly Tree[]): NodeMatcher {
  const entries: Entry[] = trees.flatMap((tree) =>
    tree.nodes.map((node) => {
      const id = compactKey(node.id);
      const titles = [...new Set([compactKey(node.title), compactKey(node.title.replace(/\(.*?\)/g, ''))])].filter(Boolean);
      const aliases = node.aliases.map(compactKey).filter(Boolean);
      const tags = node.tags.map(compactKey).filter(Boolean);
      const names = [id, ...titles, ...aliases];
      return { node, treeId: tree.id, id, titles, aliases, tags, names, keys: [...names, ...tags] };
    }),
  );
  const longestName = Math.max(1, ...entries.flatMap((e) => e.keys.map((n) => n.length)));

  const pick = (input: string, found: readonly Entry[], via: MatchVia): MatchResult | undefined => {
    const unique = [...new Map(found.map((e) => [e.node.id, e])).values()];
    if (unique.length === 1) return { ok: true, node: unique[0]!.node, treeId: unique[0]!.treeId, via };
    if (unique.length > 1) {
      return { ok: false, error: { kind: 'AmbiguousNode', input, candidates: unique.slice(0, MAX_CANDIDATES).map((e) => e.node) } };
    }
    return undefined;
  };

  /** The edit distance from `key` to an entry's nearest key, each entry computed once per `key`. */
  const distances = (key: string) => {
    const known = new Map<Entry, number>();
    return (e: Entry) => {
      let d = known.get(e);
      if (d === undefined) {
        d = Number.POSITIVE_INFINITY;
        for (const k of e.keys) d = Math.min(d, editDistance(key, k));
        known.set(e, d);
      }
      return d;
    };
  };

  /** A shared tag, a prefix, a fragment, then a typo, within `pool`. */
  const looseIn = (input: string, key: string, pool: readonly Entry[], distanceTo: (e: Entry) => number): MatchResult | undefined => {
    const tagged = pick(input, pool.filter((e) => e.tags.includes(key)), 'tag');
    if (tagged) return tagged;
    if (key.length >= 3) {
      const prefixed = pick(input, pool.filter((e) => e.names.some((n) => n.startsWith(key))), 'prefix');
      if (prefixed) return prefixed;
      if (key.length >= 4) {
        const partial = pick(input, pool.filter((e) => e.keys.some((n) => n.includes(key))), 'partial');
        if (partial) return partial;
      }
    }
    // Typos: the nearest names within a distance that grows with the length typed. Text much
    // longer than any name cannot be within it, so it is not compared at all.
    const threshold = key.length <= 3 ? 0 : Math.max(1, Math.floor(key.length / 4));
    if (key.length - longestName > threshold || pool.length === 0) return undefined;
    const scored = pool.map((e) => ({ e, d: distanceTo(e) }));
    const best = Math.min(...scored.map((x) => x.d));
    return best <= threshold ? pick(input, scored.filter((x) => x.d === best).map((x) => x.e), 'fuzzy') : undefined;
  };

  const match = (text: string, options: MatchOptions = {}): MatchResult => {
    const input = text.trim().replace(/^["'`]+|["'`?.!]+$/g, '').trim();
    const key = compactKey(input);
    if (!key) return { ok: false, error: { kind: 'EmptyNodeName' } };
    const { prefer } = options;
    const preferred = prefer ? entries.filter((e) => prefer.has(e.treeId)) : entries;
    const others = prefer ? entries.filter((e) => !prefer.has(e.treeId)) : [];

    // What names one node exactly, wherever it is: ids and aliases are unique across trees.
    const exact =
      pick(input, entries.filter((e) => e.id === key), 'id') ??
      pick(input, preferred.filter((e) => e.titles.includes(key)), 'title') ??
      pick(input, others.filter((e) => e.titles.includes(key)), 'title') ??
      pick(input, entries.filter((e) => e.aliases.includes(key)), 'alias');
    if (exact) return exact;
    const distanceTo = distances(key);
    const loose = looseIn(input, key, preferred, distanceTo) ?? looseIn(input, key, others, distanceTo);
    if (loose) return loose;

    // Nothing close: the three nearest, preferred trees first among equals. Only as much of the
    // text as the longest name is compared, so a pasted essay costs no more than a word.
    const near = key.slice(0, longestName);
    const nearTo = near === key ? distanceTo : distances(near);
    const suggestions = entries
      .map((e) => ({ e, rel: nearTo(e) / near.length, other: prefer && !prefer.has(e.treeId) ? 1 : 0 }))
      .sort((a, b) => a.rel - b.rel || a.other - b.other || a.e.node.id.localeCompare(b.e.node.id))
      .slice(0, 3)
      .map((x) => x.e.node);
    return { ok: false, error: { kind: 'UnknownNode', input, suggestions } };
  };

  return { match, nodes: entries.map((e) => e.node) };
}
