// Infrastructure failures of the store, with a string code each adapter can map once at its edge.

export type StoreErrorCode =
  /** The database cannot be reached or opened. */
  | 'Unavailable'
  /** A unique name is already taken (e.g. a team slug in its org). */
  | 'Conflict'
  /** Another SQLite process kept the write lock through every retry. */
  | 'Busy'
  /** Migrations failed; the schema is as the last successful migration left it. */
  | 'Migration';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)/;

/** better-sqlite3 reports lock contention as SQLITE_BUSY (or a BUSY_* extended code). */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SQLITE_BUSY.test(code);
}

// Node socket errors, Postgres "cannot connect now"/admin shutdown/too many connections/missing
// database, and SQLite failing to open the file: none of these are bugs in the caller.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  '57P01', '57P02', '57P03', '53300', '3D000', '28P01', '28000',
  'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_NOTADB', 'SQLITE_READONLY',
]);

export function isUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('SQLITE_IOERR'))) return true;
    // pg reports a dropped socket and a pool timeout as plain Errors.
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect/i.test(message)) return true;
    if (e instanceof AggregateError && e.errors.some(isUnavailable)) return true;
  }
  return false;
}

/** Leaves StoreErrors and bugs as they are; wraps connection failures as 'Unavailable'. */
export function toStoreError(error: unknown, doing: string): unknown {
  if (error instanceof StoreError) return error;
  if (isUnavailable(error)) {
    return new StoreError('Unavailable', `Database unavailable while ${doing}: ${messageOf(error)}`, { cause: error });
  }
  return error;
}

export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(messageOf).join('; ');
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
