// Tree files an untrusted author might send, one per limit of the loader.
import type { TreeSource } from '../../src/engine/index.ts';

const HEAD = 'id: hostile\ntitle: Hostile\nsummary: s\ntiers: [{ id: t1, title: T, summary: s }]\ntracks: [{ id: k1, title: K, summary: s }]\nnodes:\n';
const node = (i: number, extra = '') => `  - { id: n${i}, title: Node ${i}, tier: t1, track: k1, summary: s, effort: { size: S, weeks: [1, 2] }, steps: [a]${extra} }`;

function aliasBomb(): string {
  // Nine levels of nine aliases each: 9^9 strings once expanded, from a file of 1 KB.
  let text = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
  for (let k = 1; k < 9; k++) {
    const name = String.fromCharCode(97 + k);
    text += `${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + k)}`).join(', ')}]\n`;
  }
  return text + HEAD + node(0);
}

export function hostileTreeFiles(): Record<string, TreeSource> {
  const files: Record<string, string> = {
    huge: HEAD + node(0) + `\n# ${'x'.repeat(300 * 1024)}\n`,
    'deep-flow': HEAD + node(0, `, links: ${'['.repeat(5000)}${']'.repeat(5000)}`),
    'deep-block': HEAD + node(0) + '\n' + Array.from({ length: 30 }, (_, k) => `${'  '.repeat(k)}k${k}:`).join('\n') + ' x',
    'alias-bomb': aliasBomb(),
    'thousands-of-nodes': HEAD + Array.from({ length: 3000 }, (_, k) => `  - {id: n${k}}`).join('\n'),
    'long-list': HEAD + node(0, `, tags: [${Array(5000).fill('a').join(',')}]`),
    'long-text': HEAD + node(0, `, aliases: [${'y'.repeat(20_000)}]`),
  };
  return Object.fromEntries(Object.entries(files).map(([name, text]) => [name, { file: `${name}.yaml`, text }]));
}
