// JSON lines on stdout/stderr: one object per event, ready for any log shipper.

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

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code ? { code } : {}), ...(value.cause ? { cause: serialise(value.cause) } : {}) };
  }
  return value;
}

export function createLogger(level: LogLevel = 'info', base: Record<string, unknown> = {}, write?: (line: string, level: LogLevel) => void): Logger {
  const out = write ?? ((line: string, l: LogLevel) => (LOG_RANK[l] >= LOG_RANK.warn ? process.stderr : process.stdout).write(`${line}\n`));
  const log = (l: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (LOG_RANK[l] < LOG_RANK[level]) return;
    const entries = Object.entries({ ...base, ...fields }).map(([k, v]) => [k, serialise(v)]);
    out(JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...Object.fromEntries(entries) }), l);
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger(level, { ...base, ...fields }, out),
  };
}

/** For tests and the CLI's quiet commands. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
