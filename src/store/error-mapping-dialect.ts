// Wraps a Kysely dialect so that every driver failure meaning "the database cannot be reached"
// surfaces as StoreError 'Unavailable', in this one place instead of in every repository.
// Everything else (constraint violations, SQLITE_BUSY for the retry loop, bugs) passes through.
// It is also where connections are taken, so it runs the optional check before each one.
import type {
  CompiledQuery, DatabaseConnection, DatabaseIntrospector, Dialect, DialectAdapter, Driver, Kysely,
  QueryCompiler, QueryResult, TransactionSettings,
} from 'kysely';
import { toStoreError } from './store-error.ts';

export class ErrorMappingDialect implements Dialect {
  readonly #inner: Dialect;
  readonly #beforeAcquire: () => void;

  constructor(inner: Dialect, beforeAcquire: () => void = () => undefined) {
    this.#inner = inner;
    this.#beforeAcquire = beforeAcquire;
  }

  createDriver(): Driver {
    return new ErrorMappingDriver(this.#inner.createDriver(), this.#beforeAcquire);
  }

  createQueryCompiler(): QueryCompiler {
    return this.#inner.createQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return this.#inner.createAdapter();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own signature.
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.#inner.createIntrospector(db);
  }
}

async function mapped<T>(doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStoreError(error, doing);
  }
}

class ErrorMappingDriver implements Driver {
  readonly #inner: Driver;
  readonly #beforeAcquire: () => void;
  // The inner driver needs its own connection objects back (pg releases through a private symbol).
  readonly #innerOf = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver, beforeAcquire: () => void) {
    this.#inner = inner;
    this.#beforeAcquire = beforeAcquire;
  }

  #unwrap(connection: DatabaseConnection): DatabaseConnection {
    return this.#innerOf.get(connection) ?? connection;
  }

  init(): Promise<void> {
    return mapped('connecting', () => this.#inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#beforeAcquire();
    const inner = await mapped('connecting', () => this.#inner.acquireConnection());
    const outer: DatabaseConnection = {
      executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> =>
        mapped('running a query', () => inner.executeQuery<R>(query)),
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => inner.streamQuery<R>(query, chunkSize),
    };
    this.#innerOf.set(outer, inner);
    return outer;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return mapped('beginning a transaction', () => this.#inner.beginTransaction(this.#unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return mapped('committing', () => this.#inner.commitTransaction(this.#unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return mapped('rolling back', () => this.#inner.rollbackTransaction(this.#unwrap(connection)));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.savepoint?.(this.#unwrap(connection), name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.rollbackToSavepoint?.(this.#unwrap(connection), name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.releaseSavepoint?.(this.#unwrap(connection), name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(this.#unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}
