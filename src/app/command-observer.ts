// One command, observed once whatever the platform: a `techtree.command` span (its database writes
// and platform calls are its children), techtree_commands_total and
// techtree_command_duration_seconds. The inbox observes a chat delivery from applying it to
// posting its answer; `ask` observes a command run directly (the CLI). Inside, dispatch names the
// command and its outcome, and the inbox marks a failed answer.
import { AsyncLocalStorage } from 'node:async_hooks';
import { commandDuration, commandsTotal, type CommandOutcome } from '../metrics.ts';
import type { Span } from '@opentelemetry/api';
import { failSpan, inSpan } from '../telemetry.ts';
import type { Platform } from './conversation.ts';

interface Observation {
  command: string;
  outcome?: CommandOutcome;
  /** An answer read back from the inbox, not a command run again: traced, not counted twice. */
  replay: boolean;
  span?: Span;
}

const observing = new AsyncLocalStorage<Observation>();

/** True inside observeCommand: a nested `ask` (the inbox calling the app) is not observed again. */
export function isObservingCommand(): boolean {
  return observing.getStore() !== undefined;
}

/** The grammar's kind of the command being observed (`done`, `teamCreate`), or `unknown` when the text was not a command. */
export function noteCommand(command: string): void {
  const o = observing.getStore();
  if (o) o.command = command;
}

/** How the observed command ended: ok, rejected (a user error, explained in the reply) or error. A later note wins. */
export function noteOutcome(outcome: CommandOutcome): void {
  const o = observing.getStore();
  if (o) o.outcome = outcome;
}

/** The observed command failed without throwing out of observeCommand (the inbox caught it to retry or apologise). */
export function noteFailure(error: unknown): void {
  const o = observing.getStore();
  if (!o) return;
  o.outcome = 'error';
  if (o.span) failSpan(o.span, error);
}

/** The observed delivery only replays a stored answer: it is not counted as a command again. */
export function noteReplay(): void {
  const o = observing.getStore();
  if (o) o.replay = true;
}

/**
 * Runs `fn` as one observed command on `platform`. A throw is outcome `error` and is rethrown;
 * otherwise the last noteOutcome (default `ok`). `attributes` go on the span (a delivery key).
 */
export function observeCommand<T>(platform: Platform, attributes: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const o: Observation = { command: 'unknown', replay: false };
  const started = process.hrtime.bigint();
  return inSpan('techtree.command', { attributes: { 'techtree.platform': platform, ...attributes } }, (span) =>
    observing.run(Object.assign(o, { span }), async () => {
      let threw = false;
      try {
        return await fn();
      } catch (error) {
        threw = true;
        throw error;
      } finally {
        const outcome: CommandOutcome = threw ? 'error' : o.outcome ?? 'ok';
        span.setAttributes({ 'techtree.command': o.command, 'techtree.outcome': outcome, ...(o.replay ? { 'techtree.replay': true } : {}) });
        if (!o.replay) {
          commandsTotal.inc({ command: o.command, outcome, platform });
          commandDuration.observe({ command: o.command, platform }, Number(process.hrtime.bigint() - started) / 1e9);
        }
      }
    }));
}
