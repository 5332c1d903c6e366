// The README's tables and .env.example stay true to the code: every variable config.ts reads,
// every `ask` flag, every `techtree` command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/trees.ts';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('README', () => {
  const variables = [...read('src/config.ts').matchAll(/\b(?:optional|url|port|number)\(env, '([A-Z_]+)'/g)].map((m) => m[1]!);
  const envExample = read('.env.example');

  it.each([...new Set(variables)])('lists the variable %s in its table', (name) => {
    expect(variables.length).toBeGreaterThan(5);
    expect(readme).toMatch(new RegExp(`^\\|[^\\n]*\`${name}\``, 'm'));
  });

  it.each([...new Set(variables)])('.env.example has the variable %s, with a comment above it', (name) => {
    expect(envExample).toMatch(new RegExp(`^# [^\\n]*\\n(?:#[^\\n]*\\n|[A-Z_]+=[^\\n]*\\n)*${name}=`, 'm'));
  });

  it('.env.example holds only variables config.ts reads', () => {
    const listed = [...envExample.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(listed.length).toBeGreaterThan(5);
    expect(listed.filter((v) => !variables.includes(v))).toEqual([]);
  });

  it.each([...new Set([...read('src/cli/main.ts').matchAll(/^ {6}case '([a-z]+)':/gm)].map((m) => m[1]!))])('lists the command techtree %s in its table', (command) => {
    expect(readme).toMatch(new RegExp(`^\\| \`techtree ${command}\\b`, 'm'));
  });

  it.each([...new Set(read('src/cli/ask-command.ts').match(/^const USAGE = .*$/m)![0].match(/--[a-z]+/g)!)])('documents the ask flag %s', (flag) => {
    const row = readme.split('\n').find((l) => l.startsWith('| `techtree ask'))!;
    expect(row).toContain(`[${flag}`);
  });
});
