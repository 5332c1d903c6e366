// Finding and reading tree files (issue 11, item 15; issue 13, item 6).
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, readTreeSources, treeFilesIn } from '../../src/app/catalog.ts';
import { TREE_FILE_LIMITS } from '../../src/engine/index.ts';
import { FIXTURES } from '../helpers/trees.ts';

const dir = mkdtempSync(join(tmpdir(), 'techtree-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tree files in a folder', () => {
  it('finds B.YAML and c.Yml beside a.yaml: extensions match whatever their case', () => {
    copyFileSync(join(FIXTURES, 'trees', 'linear.yaml'), join(dir, 'a.yaml'));
    copyFileSync(join(FIXTURES, 'trees', 'diamond.yaml'), join(dir, 'B.YAML'));
    copyFileSync(join(FIXTURES, 'trees', 'cross-track.yaml'), join(dir, 'c.Yml'));
    writeFileSync(join(dir, 'notes.txt'), 'not a tree');
    expect(treeFilesIn(dir).map((f) => f.slice(dir.length + 1))).toEqual(['B.YAML', 'a.yaml', 'c.Yml']);
    expect(loadCatalog(dir).trees.map((ct) => ct.tree.id).sort()).toEqual(['cross-track', 'diamond', 'linear']);
  });

  it('does not read a file over the size limit, and says how big it is', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(TREE_FILE_LIMITS.maxBytes + 10)}\n`);
    const [source] = readTreeSources([big]);
    expect(source).toMatchObject({ text: '', size: TREE_FILE_LIMITS.maxBytes + 13 });
    expect(() => loadCatalog(dir)).toThrow(/big\.yaml: the file is 257 KB; a tree file may be at most 256 KB/);
    rmSync(big);
  });
});
