import type * as MySQL from 'mysql2/promise';
import type {
  ConnectionParams,
  Dialect,
  Driver,
  ExecResult,
  OwnConnection,
  Row,
  TxConnection,
} from './dialect.js';
import { errorCodes, NETWORK_CODES } from './errors.js';
import { ownConnection } from './own-connection.js';
import { checkIdentifier } from './reparam.js';
import type { BindValue } from './values.js';

type MySQLModule = typeof MySQL;

// `mysql2` is an optional peer dependency, imported the first time a mysql database is used.
let modulePromise: Promise<MySQLModule> | undefined;
function loadMysql(): Promise<MySQLModule> {
  modulePromise ??= import('mysql2/promise').then(
    (m) => ((m as unknown as { default?: MySQLModule }).default ?? m) as MySQLModule,
    (err: unknown) => {
      modulePromise = undefined;
      throw new Error("web.database: dbn 'mysql' needs the 'mysql2' package (npm install mysql2)", {
        cause: err,
      });
    },
  );
  return modulePromise;
}

type Executor = Pick<MySQL.Pool, 'execute' | 'query'>;

async function execute(on: Executor, sql: string, values: readonly unknown[]): Promise<ExecResult> {
  // Statements with parameters go through the binary protocol (server-side prepared, values never
  // spliced into SQL text); parameterless ones use the text protocol, which accepts every statement
  // (some, like LOCK TABLES, cannot be prepared).
  const [result] =
    values.length > 0 ? await on.execute(sql, values as MySQL.ExecuteValues) : await on.query(sql);
  if (Array.isArray(result)) return { rows: result as Row[], changes: 0 };
  const header = result as MySQL.ResultSetHeader;
  return { changes: header.affectedRows, lastId: header.insertId || undefined };
}

class MysqlDriver implements Driver {
  readonly #params: ConnectionParams;
  #pool: Promise<MySQL.Pool> | undefined;
  #closed = false;

  constructor(params: ConnectionParams) {
    this.#params = params;
  }

  readonly #own = new Set<OwnConnection>();

  #config(): MySQL.ConnectionOptions {
    const p = this.#params;
    return {
      host: p.host ?? 'localhost',
      port: p.port ?? 3306,
      user: p.user,
      password: p.pw,
      database: p.db,
      ssl: p.ssl === undefined || p.ssl === false ? undefined : { rejectUnauthorized: p.ssl === true },
      // Dates cross the wire as UTC both ways; the session time zone below makes CURRENT_TIMESTAMP agree.
      timezone: 'Z',
      supportBigNumbers: true,
      charset: 'utf8mb4',
      connectTimeout: 10_000,
    };
  }

  #getPool(): Promise<MySQL.Pool> {
    if (this.#closed) return Promise.reject(new Error('the database was closed (db.close())'));
    this.#pool ??= loadMysql().then((mysql) => {
      const pool = mysql.createPool({ ...this.#config(), connectionLimit: this.#params.poolSize ?? 10 });
      // The event hands over the callback-style connection, whatever the promise typings say.
      pool.on('connection', (c) => {
        const conn = c as unknown as {
          on(e: 'error', f: () => void): void;
          query(s: string, cb: () => void): void;
        };
        // A pooled connection that dies while idle emits 'error'; the pool removes it, but an 'error'
        // with no listener would end the process.
        conn.on('error', () => {});
        conn.query("SET time_zone = '+00:00'", () => {});
      });
      return pool;
    });
    return this.#pool;
  }

  async run(sql: string, values: readonly unknown[]): Promise<ExecResult> {
    return execute(await this.#getPool(), sql, values);
  }

  async begin(): Promise<TxConnection> {
    const pool = await this.#getPool();
    const conn = await pool.getConnection();
    const release = (broken: boolean) => {
      if (broken) conn.destroy();
      else conn.release();
    };
    try {
      await conn.query('START TRANSACTION');
    } catch (err) {
      release(true);
      throw err;
    }
    return { raw: conn, run: (sql, values) => execute(conn, sql, values), release };
  }

  async withConnection<T>(fn: (raw: unknown) => T | Promise<T>): Promise<T> {
    const pool = await this.#getPool();
    const conn = await pool.getConnection();
    let failed = false;
    try {
      return await fn(conn);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      // After a throw the connection's state is unknown (an open transaction?): drop it rather than reuse it.
      if (failed) conn.destroy();
      else conn.release();
    }
  }

  async openOwn(): Promise<OwnConnection> {
    if (this.#closed) throw new Error('the database was closed (db.close())');
    const mysql = await loadMysql();
    const conn = await mysql.createConnection({ ...this.#config(), multipleStatements: true });
    return ownConnection(
      conn as unknown as Parameters<typeof ownConnection>[0],
      this.#own,
      // The text protocol, values escaped by mysql2: statements of many shapes (batches) are not each
      // prepared and cached on the server, and several may go in one round trip.
      async (sql, values) => {
        const [result] = await conn.query(sql, values as MySQL.QueryValues);
        if (!Array.isArray(result)) return [[]];
        // Several statements give a list per statement; one gives its rows.
        const each = Array.isArray(result[0]) ? (result as unknown[]) : [result];
        return each.map((rows) => (Array.isArray(rows) ? (rows as Row[]) : []));
      },
      () => conn.end().catch(() => conn.destroy()),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#own].map((own) => own.close()));
    const pool = await this.#pool?.catch(() => undefined);
    await pool?.end();
  }
}

// Server error numbers meaning "cannot serve you now": too many connections (1040), shutdown in progress
// (1053), server has gone away / lost connection (2006, 2013).
const UNAVAILABLE_ERRNO = new Set([1040, 1053, 2006, 2013]);
const UNAVAILABLE_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'CR_SERVER_GONE_ERROR',
  'CR_SERVER_LOST',
]);

/** Backslash is an escape character in MySQL string literals (unless NO_BACKSLASH_ESCAPES), so it is doubled too. */
const mysqlQuote = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/** MySQL / MariaDB through `mysql2`: `?` placeholders, booleans as 1/0, last-insert ids, a pool per database. */
export const mysql: Dialect = {
  dbn: 'mysql',
  placeholder: () => '?',
  quoteString: mysqlQuote,
  bindValue(v: BindValue): unknown {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v instanceof Uint8Array && !Buffer.isBuffer(v))
      return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    if (typeof v === 'bigint') return v.toString();
    return v;
  },
  insertId: 'lastId',
  multiRowInsert: true,
  emptyInsert: '() VALUES ()',
  sessionTableSQL: (table) =>
    `CREATE TABLE IF NOT EXISTS ${checkIdentifier(table, 'table name')} (session_id CHAR(128) UNIQUE NOT NULL, ` +
    'atime DATETIME NOT NULL DEFAULT current_timestamp, data MEDIUMTEXT)',
  isUnavailable(err: unknown): boolean {
    if (!(err instanceof Error)) return false;
    const errno = (err as { errno?: unknown }).errno;
    if (typeof errno === 'number' && UNAVAILABLE_ERRNO.has(errno)) return true;
    for (const code of errorCodes(err))
      if (NETWORK_CODES.has(code) || UNAVAILABLE_CODES.has(code)) return true;
    return /closed state|Pool is closed|connection is closed/i.test(err.message);
  },
  connect: (params: ConnectionParams) => new MysqlDriver(params),
};
