// JSON lines through pino: one object per event, ready for any log shipper. Call sites keep the
// (msg, fields) shape of the Logger port; pino does levels, child bindings, `redact` of known
// secret fields, and a last scrub of every finished line (redaction.ts) for secrets inside text.
// The request context (reqId, delivery key, job) rides in an AsyncLocalStorage that pino's
// `mixin` adds to every line, with the active trace's ids when tracing is on.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Config } from './config.ts';
import { REDACT_PATHS, createScrubber, serialiseError } from './redaction.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Severity order: a logger writes levels at or above its own. */
export const LOG_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Fields on every line (service, role). */
  readonly base?: Record<string, unknown>;
  /** Configured secret values (Config.secrets): replaced wherever they appear in a line. */
  readonly secrets?: readonly string[];
  /** `pretty`: human-readable lines through pino-pretty (LOG_FORMAT=pretty); default JSON. */
  readonly format?: 'json' | 'pretty';
  /**
   * Where finished lines go (tests): one JSON line, no newline, after redaction. Default: stdout,
   * and stderr for warn and error.
   */
  readonly write?: (line: string, level: LogLevel) => void;
}

// ---- request context ---------------------------------------------------------------------------

const context = new AsyncLocalStorage<Readonly<Record<string, unknown>>>();

/** A fresh request id: 16 hex digits. */
export function newRequestId(): string {
  // randomUUID draws from a cached pool of random bytes, not a system call per request as
  // randomBytes does. Of a v4 UUID (xxxxxxxx-XXXX-4xxx-vxxx-XXXXXXXXXXXX, RFC 9562 section 5.4) the
  // second and last groups are wholly random: 4 + 12 hex digits.
  const uuid = randomUUID();
  return uuid.slice(9, 13) + uuid.slice(24);
}

/**
 * Runs `fn` with `fields` (reqId, key, job…) added to every log line written inside it, including
 * in work it starts (promises, timers, callbacks): the request context that follows a command
 * from the HTTP request to the database write and the reply. Nested calls add to the outer fields.
 */
export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

/** The fields of the current request context ({} outside one). */
export function logContext(): Readonly<Record<string, unknown>> {
  return context.getStore() ?? {};
}

function mixin(): Record<string, unknown> {
  const fields = context.getStore();
  const span = trace.getActiveSpan()?.spanContext();
  if (!span || !isSpanContextValid(span)) return fields ? { ...fields } : {};
  return { ...fields, trace_id: span.traceId, span_id: span.spanId };
}

// ---- the logger ---------------------------------------------------------------------------------

/** Top-level Error values become plain objects (pino would print `{}`), with their causes. */
function prepared(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {};
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Error) (out ??= { ...fields })[k] = serialiseError(v);
  }
  return out ?? fields;
}

function wrap(p: PinoLogger): Logger {
  return {
    debug: (msg, fields) => p.debug(prepared(fields), msg),
    info: (msg, fields) => p.info(prepared(fields), msg),
    warn: (msg, fields) => p.warn(prepared(fields), msg),
    error: (msg, fields) => p.error(prepared(fields), msg),
    child: (fields) => wrap(p.child(prepared(fields))),
  };
}

function destination(options: LoggerOptions): DestinationStream {
  const { write } = options;
  if (write) {
    return pino.multistream((['debug', 'info', 'warn', 'error'] as const).map((level) => ({ level, stream: { write: (s: string) => write(s.trimEnd(), level) } })), { dedupe: true });
  }
  if (options.format === 'pretty') return prettyStream();
  return pino.multistream([
    { level: 'debug', stream: pino.destination({ fd: 1, sync: true }) },
    { level: 'warn', stream: pino.destination({ fd: 2, sync: true }) },
  ], { dedupe: true });
}

let prettyFactory: ((options: Record<string, unknown>) => DestinationStream) | undefined;

/** Loads pino-pretty once (a development convenience: LOG_FORMAT=pretty); see preparePrettyLogs. */
export async function preparePrettyLogs(): Promise<void> {
  const mod = (await import('pino-pretty')) as unknown as { default: (options: Record<string, unknown>) => DestinationStream };
  prettyFactory = mod.default;
}

function prettyStream(): DestinationStream {
  if (!prettyFactory) throw new Error('LOG_FORMAT=pretty: call preparePrettyLogs() before creating the logger');
  return prettyFactory({ sync: true, destination: 2, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}

/**
 * A logger writing JSON lines: `{"level":"info","time":"2026-…Z","msg":"…",…fields}`. Lines below
 * `level` are dropped. Fields named like secrets (tokens, passwords, authorization and Slack
 * signature headers, response URLs) print as "[Redacted]", and every line is scrubbed of token
 * shapes, URL credentials and the configured `secrets` before it is written.
 * The older positional form `createLogger(level, base, write)` is kept for call sites and tests.
 */
export function createLogger(options?: LoggerOptions): Logger;
export function createLogger(level?: LogLevel, base?: Record<string, unknown>, write?: (line: string, level: LogLevel) => void): Logger;
export function createLogger(first: LoggerOptions | LogLevel = {}, base: Record<string, unknown> = {}, write?: (line: string, level: LogLevel) => void): Logger {
  const options: LoggerOptions = typeof first === 'string' ? { level: first, base, ...(write ? { write } : {}) } : first;
  const scrub = createScrubber(options.secrets ?? []);
  const p = pino({
    level: options.level ?? 'info',
    base: options.base ?? {},
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin,
    redact: { paths: [...REDACT_PATHS], censor: '[Redacted]' },
    hooks: { streamWrite: scrub },
  }, destination(options));
  return wrap(p);
}

/** The process's logger as configured: LOG_LEVEL (or `level`), LOG_FORMAT, and the secrets to keep out of every line. */
export function loggerFromConfig(config: Pick<Config, 'logLevel' | 'logFormat' | 'secrets'>, base: Record<string, unknown>, level: LogLevel = config.logLevel): Logger {
  return createLogger({ level, base, secrets: config.secrets ?? [], ...(config.logFormat ? { format: config.logFormat } : {}) });
}

/** For tests and the CLI's quiet commands. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
