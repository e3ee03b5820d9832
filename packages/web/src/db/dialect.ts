/**
 * The contract between the database API (database.ts) and one SQL engine. Everything that differs between
 * SQLite, PostgreSQL and MySQL lives behind it: how placeholders look, how values bind, how a new row's id
 * comes back, how connections are opened, pooled and told apart when the server is gone.
 */
import type { StringQuoter } from './sqlquery.js';
import type { BindValue } from './values.js';

/** The engines `web.database` speaks to. */
export type Dbn = 'sqlite' | 'postgres' | 'mysql';

/** A result row: column name → value (web.py `Storage`; here a plain object). */
export type Row = Record<string, unknown>;

/** A row id as the engine returns it: a number, a bigint beyond 2^53, or a string (e.g. a UUID key). */
export type Id = number | bigint | string;

/** What running one statement gave back. `rows` is set when the statement produced a result set. */
export interface ExecResult {
  rows?: Row[];
  changes: number;
  /** The engine's "last inserted id" (SQLite, MySQL); undefined when it has none. */
  lastId?: Id;
}

/** One connection held for a transaction; statements on it run in order. */
export interface TxConnection {
  run(sql: string, values: readonly unknown[]): Promise<ExecResult>;
  /** Gives the connection back; `broken` drops it instead of reusing it. */
  release(broken: boolean): void;
  /** The driver's own connection object, for `db.withConnection` inside the transaction. */
  readonly raw: unknown;
}

/**
 * A connection of its own, outside the pool, kept open until closed: what server-side state that lives as
 * long as a connection (PostgreSQL advisory locks, MySQL GET_LOCK) is tied to. It never keeps the process
 * alive by itself, and is not reopened once lost.
 */
export interface OwnConnection {
  /**
   * Runs `sql` (one statement, or several separated by `;`) in the engine's own placeholder style and gives
   * the rows of each statement, in order. PostgreSQL takes several statements only without `values`.
   */
  run(sql: string, values: readonly unknown[]): Promise<Row[][]>;
  /** `listener` is called once when the connection is lost or closed. */
  onEnd(listener: (err: unknown) => void): void;
  close(): Promise<void>;
}

/** Connections to one database: a pool (PostgreSQL, MySQL) or one serialised connection (SQLite). */
export interface Driver {
  /** Runs one statement outside any transaction (autocommit). */
  run(sql: string, values: readonly unknown[]): Promise<ExecResult>;
  /** Takes a connection for a transaction and starts it; others never see its statements interleaved. */
  begin(): Promise<TxConnection>;
  /**
   * Lends the driver's own connection object to `fn` (node-sqlite3-wasm `Database`, pg `PoolClient`,
   * mysql2 `PoolConnection`) and takes it back when `fn` settles; nothing else uses it meanwhile.
   */
  withConnection<T>(fn: (raw: unknown) => T | Promise<T>): Promise<T>;
  /** Opens a connection outside the pool (PostgreSQL, MySQL); `close()` closes it too. */
  openOwn?(): Promise<OwnConnection>;
  close(): Promise<void>;
}

/** Connection settings after URL/param parsing (web.py's `web.database(**params)` keys). */
export interface ConnectionParams {
  db: string;
  user?: string | undefined;
  pw?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  /** Largest number of pooled connections (PostgreSQL, MySQL); default 10. */
  poolSize?: number | undefined;
  /** Use TLS (PostgreSQL, MySQL). `true` verifies the server certificate; `'no-verify'` does not. */
  ssl?: boolean | 'no-verify' | undefined;
  /** SQLite: keep the file locked while open (one process owns it); see DatabaseParams.exclusive. */
  exclusive?: boolean | undefined;
}

/** One engine's SQL differences and its driver factory. */
export interface Dialect {
  readonly dbn: Dbn;
  /** Placeholder for the `n`th parameter (1-based): `?` or `$n`. */
  placeholder(n: number): string;
  /** Quotes a string for display in `String(query)` (never used to run SQL). */
  readonly quoteString: StringQuoter;
  /** Adapts a checked value to what the driver binds (booleans, byte arrays). */
  bindValue(v: BindValue): unknown;
  /**
   * How `insert` learns the new id: `'returning'` appends `RETURNING *` and reads the `id` column
   * (PostgreSQL); `'lastId'` uses the engine's last-insert id (SQLite, MySQL).
   */
  readonly insertId: 'returning' | 'lastId';
  /** Whether several rows go in one `INSERT ... VALUES (...), (...)` with consecutive ids. */
  readonly multiRowInsert: boolean;
  /** Tail of an INSERT with no columns: `DEFAULT VALUES`, or `() VALUES ()` on MySQL. */
  readonly emptyInsert: string;
  /** `CREATE TABLE IF NOT EXISTS` for web.py's session table (session_id, atime, data) in this dialect. */
  sessionTableSQL(table: string): string;
  /** True when `err` means the server cannot be reached or went away (answered as 503), not a bad statement. */
  isUnavailable(err: unknown): boolean;
  /** Opens connections lazily (the driver package is imported on first use). */
  connect(params: ConnectionParams): Driver;
}
