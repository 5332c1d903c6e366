// "Did you mean" for commands (issue 11, item 12): only a plausible slip, only of a listed command.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS, parseCommand } from '../../src/app/grammar.ts';

const suggestionFor = (text: string) => {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`"${text}" parsed as ${r.command.kind}`);
  expect(r.error.kind).toBe('BadCommand');
  return r.error.kind === 'BadCommand' ? r.error.suggestion : undefined;
};

const LISTED = new Set([...COMMAND_GROUPS.flatMap(([, usages]) => usages.map((u) => u.split(' ')[0]!)), 'help']);

describe('did you mean, for commands', () => {
  it.each([
    ['frobnicate', undefined],
    ['1', undefined],
    ['rm -rf /', undefined],
    ['dance', undefined],
    ['x', undefined],
    ['dnoe falco', 'done falco'],
    ['stauts', 'status'],
    ['nxet', 'next'],
    ['hlep', 'help'],
    ['shwo keda', 'show keda'],
    ['councl here', 'council here'],
    ['team craete Payments', 'team create Payments'],
    ['council schedul "0 9 * * 1" UTC', 'council schedule "0 9 * * 1" UTC'],
  ])('%j suggests %j', (text, expected) => {
    expect(suggestionFor(text)).toBe(expected);
  });

  it('lists the subcommands when the subcommand is far from any', () => {
    expect(suggestionFor('team frobnicate')).toBe('team create|link|join|track');
  });

  it('never suggests a word help does not list (begin, complete, map…)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz1 -/'.split('')) }), (text) => {
        const r = parseCommand(text);
        if (r.ok || r.error.kind !== 'BadCommand' || !r.error.suggestion) return;
        expect(LISTED.has(r.error.suggestion.split(' ')[0]!)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

// Typography chat clients "smarten" (issue 11, item 2): folded in the grammar, for every platform.
describe('dashes and quotes from chat clients', () => {
  const parsed = (text: string) => {
    const r = parseCommand(text);
    if (!r.ok) throw new Error(`"${text}" was refused: ${r.error.kind}`);
    return r.command;
  };

  it.each([
    ['done keda —force', { kind: 'done', node: 'keda', force: true }],
    ['done keda –force', { kind: 'done', node: 'keda', force: true }],
    ['done keda —anyway', { kind: 'done', node: 'keda', force: true }],
    ['done keda -–force', { kind: 'done', node: 'keda', force: true }],
    ['done —force keda', { kind: 'done', node: 'keda', force: true }],
    ['done keda --force', { kind: 'done', node: 'keda', force: true }],
    ['done keda — we are sure', { kind: 'done', node: 'keda — we are sure', force: false }],
    ['council schedule ‘0 9 * * 1’ Europe/Berlin', { kind: 'councilSchedule', cron: '0 9 * * 1', timeZone: 'Europe/Berlin' }],
    ["council schedule '0 9 * * 1' Europe/Berlin", { kind: 'councilSchedule', cron: '0 9 * * 1', timeZone: 'Europe/Berlin' }],
    ['council schedule ′0 9 * * 1′ UTC', { kind: 'councilSchedule', cron: '0 9 * * 1', timeZone: 'UTC' }],
    ['council schedule ‚0 9 * * 1‘ UTC', { kind: 'councilSchedule', cron: '0 9 * * 1', timeZone: 'UTC' }],
    ['council schedule “0 9 * * 1” UTC', { kind: 'councilSchedule', cron: '0 9 * * 1', timeZone: 'UTC' }],
    ['council schedule ″0 9 * * 1″ UTC', { kind: 'councilSchedule', cron: '0 9 * * 1', timeZone: 'UTC' }],
    ['team create ‘R&D Platform’', { kind: 'teamCreate', name: 'R&D Platform' }],
    ['show ‘keda’', { kind: 'show', node: 'keda' }],
    ["skip keda we don't scale to zero", { kind: 'skip', rest: "keda we don't scale to zero" }],
    ["skip keda 'cause it's not ours", { kind: 'skip', rest: "keda 'cause it's not ours" }],
  ])('%j parses as %j', (text, command) => {
    expect(parsed(text)).toEqual(command);
  });
});
