// `techtree trees validate [files…]` and `techtree trees show <tree-id>`.
import { statSync } from 'node:fs';
import { loadCatalog, treeFilesIn } from '../app/catalog.ts';
import { checkTreeFiles, type TreeCheck } from '../app/operations.ts';
import { count } from '../app/plural.ts';
import type { Config } from '../config.ts';
import type { CliIo } from './io.ts';

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // reading it will say what is wrong with it
  }
}

export function treesCommand(args: readonly string[], config: Config, io: CliIo): number {
  const [sub, ...rest] = args;
  if (sub === 'validate') {
    let files: string[];
    try {
      // A folder stands for the tree files in it, as TECHTREE_TREES does.
      files = (rest.length ? rest : [config.treesDir]).flatMap((path) => (isFolder(path) ? treeFilesIn(path) : [path]));
    } catch (error) {
      io.err((error as Error).message);
      return 1;
    }
    if (files.length === 0) {
      io.err(`No tree files (*.yaml, *.yml) in ${rest.join(', ') || config.treesDir}. Pass tree files, or a folder that holds them: techtree trees validate trees/`);
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
      io.err(`\n${count(result.problems.length, 'problem')} in ${count(files.length, 'file')}. Fix them and run \`techtree trees validate\` again.`);
      return 1;
    }
    io.out(`OK: ${count(result.trees, 'tree')}, ${count(result.nodes, 'node')}, no problems (${files.join(', ')}).`);
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
    io.out(`${tree.title} (${tree.id}): ${count(tree.nodes.length, 'node')}\n${tree.summary}\n`);
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
