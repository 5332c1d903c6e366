// `techtree trees validate [files…]` and `techtree trees show <tree-id>`.
import { loadCatalog, treeFilesIn } from '../app/catalog.ts';
import { checkTreeFiles, type TreeCheck } from '../app/operations.ts';
import type { Config } from '../config.ts';
import type { CliIo } from './io.ts';

export function treesCommand(args: readonly string[], config: Config, io: CliIo): number {
  const [sub, ...rest] = args;
  if (sub === 'validate') {
    let files: string[];
    try {
      files = rest.length ? [...rest] : treeFilesIn(config.treesDir);
    } catch (error) {
      io.err((error as Error).message);
      return 1;
    }
    let result: TreeCheck;
    try {
      result = checkTreeFiles(files);
    } catch (error) {
      io.err(`Cannot read ${(error as NodeJS.ErrnoException).path ?? 'a tree file'}: ${(error as Error).message}`);
      return 1;
    }
    if (!result.ok) {
      for (const p of result.problems) io.err(p);
      io.err(`\n${result.problems.length} problem(s) in ${files.length} file(s). Fix them and run \`techtree trees validate\` again.`);
      return 1;
    }
    io.out(`OK: ${result.trees} tree(s), ${result.nodes} nodes, no problems (${files.join(', ')}).`);
    return 0;
  }
  if (sub === 'show') {
    const catalog = loadCatalog(config.treesDir);
    const id = rest[0];
    const ct = id ? catalog.tree(id) : undefined;
    if (!ct) {
      io.err(`${id ? `No tree "${id}".` : 'Which tree?'} Trees: ${catalog.trees.map((t) => t.tree.id).join(', ')}. Usage: techtree trees show <tree-id>`);
      return 1;
    }
    const { tree } = ct;
    io.out(`${tree.title} (${tree.id}): ${tree.nodes.length} nodes\n${tree.summary}\n`);
    io.out(`Tracks: ${tree.tracks.map((t) => `${t.title} (${t.id})`).join(', ')}\n`);
    for (const tier of tree.tiers) {
      io.out(`== ${tier.title} (${tier.id}) ==`);
      for (const track of tree.tracks) {
        for (const n of tree.nodes.filter((x) => x.tier === tier.id && x.track === track.id)) {
          io.out(`  [${track.title}] ${n.title} (${n.id}), ${n.effort.size} ${n.effort.weeks[0]}-${n.effort.weeks[1]} wk`);
          io.out(`      requires: ${n.requires.length ? n.requires.join(', ') : '(nothing)'}`);
        }
      }
      io.out('');
    }
    return 0;
  }
  io.err('Usage: techtree trees validate [files…] | techtree trees show <tree-id>');
  return 2;
}
