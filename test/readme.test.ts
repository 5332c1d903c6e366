// The README's tables stay true to the code: every variable config.ts reads, every `ask` flag.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/trees.ts';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('README', () => {
  const variables = [...read('src/config.ts').matchAll(/\b(?:optional|url|port)\(env, '([A-Z_]+)'/g)].map((m) => m[1]!);

  it.each([...new Set(variables)])('lists the variable %s in its table', (name) => {
    expect(variables.length).toBeGreaterThan(5);
    expect(readme).toMatch(new RegExp(`^\\|[^\\n]*\`${name}\``, 'm'));
  });

  it.each([...new Set(read('src/cli/ask-command.ts').match(/^const USAGE = .*$/m)![0].match(/--[a-z]+/g)!)])('documents the ask flag %s', (flag) => {
    const row = readme.split('\n').find((l) => l.startsWith('| `techtree ask'))!;
    expect(row).toContain(`[${flag}`);
  });
});
