import type * as PG from 'pg';
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
import { standardQuote } from './sqlquery.js';
import type { BindValue } from './values.js';

type PgModule = typeof PG;

// `pg` is an optional peer dependency, imported the first time a postgres database is used.
let modulePromise: Promise<PgModule> | undefined;
function loadPg(): Promise<PgModule> {
  modulePromise ??= import('pg').then(
    (m) => ((m as unknown as { default?: PgModule }).default ?? m) as PgModule,
    (err: unknown) => {
      modulePromise = undefined;
      throw new Error("web.database: dbn 'postgres' needs the 'pg' package (npm install pg)", { cause: err });
    },
  );
  return modulePromise;
}

const OID_INT8 = 20;
const OID_TIMESTAMP = 1114;
const OID_DATE = 1082;

/**
 * Type parsers for this pool only (the `pg.types` defaults are global and belong to the application):
 * bigint columns (count(*) among them) as numbers, or bigint past 2^53, instead of strings; TIMESTAMP
 * without time zone and DATE read as UTC (like mysql2 with timezone 'Z'), matching the UTC session time
 * zone set at connect.
 */
function typeParsers(pg: PgModule): PG.CustomTypesConfig {
  const parseInt8 = (s: string) => {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : BigInt(s);
  };
  const parseTimestamp = (s: string) => {
    const d = new Date(`${s.replace(' ', 'T')}Z`);
    return Number.isNaN(d.getTime()) ? s : d;
  };
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (format !== 'binary' && oid === OID_INT8) return parseInt8;
      if (format !== 'binary' && oid === OID_TIMESTAMP) return parseTimestamp;
      if (format !== 'binary' && oid === OID_DATE) return (s: string) => parseTimestamp(`${s} 00:00:00`);
      return pg.types.getTypeParser(oid, format ?? 'text');
    }) as PG.CustomTypesConfig['getTypeParser'],
  };
}

function toResult(result: PG.QueryResult | PG.QueryResult[]): ExecResult {
  // A parameterless script of several statements gives one result each; the last one answers.
  const r = Array.isArray(result) ? result[result.length - 1] : result;
  if (!r) return { changes: 0 };
  // `fields` is non-empty exactly when the statement produced a result set (SELECT, ... RETURNING).
  if (r.fields && r.fields.length > 0) return { rows: r.rows as Row[], changes: r.rowCount ?? 0 };
  return { changes: r.rowCount ?? 0 };
}

class PostgresDriver implements Driver {
  readonly #params: ConnectionParams;
  #pool: Promise<PG.Pool> | undefined;
  #closed = false;

  constructor(params: ConnectionParams) {
    this.#params = params;
  }

  readonly #own = new Set<OwnConnection>();

  #config(pg: PgModule): PG.ClientConfig {
    const p = this.#params;
    return {
      host: p.host,
      port: p.port,
      user: p.user,
      password: p.pw,
      database: p.db,
      ssl: p.ssl === undefined ? undefined : p.ssl === 'no-verify' ? { rejectUnauthorized: false } : p.ssl,
      options: '-c TimeZone=UTC',
      types: typeParsers(pg),
      // Without a limit a pool waiting on an unreachable host hangs the request forever.
      connectionTimeoutMillis: 10_000,
    };
  }

  #getPool(): Promise<PG.Pool> {
    if (this.#closed) return Promise.reject(new Error('the database was closed (db.close())'));
    this.#pool ??= loadPg().then((pg) => {
      const pool = new pg.Pool({ ...this.#config(pg), max: this.#params.poolSize ?? 10 });
      // An idle pooled connection that dies emits 'error' on the pool; unhandled, it would end the process.
      // The pool drops that connection by itself, and the next query opens a fresh one.
      pool.on('error', () => {});
      return pool;
    });
    return this.#pool;
  }

  async run(sql: string, values: readonly unknown[]): Promise<ExecResult> {
    const pool = await this.#getPool();
    return toResult(await pool.query(sql, values as unknown[]));
  }

  async begin(): Promise<TxConnection> {
    const pool = await this.#getPool();
    const client = await pool.connect();
    // While checked out the pool does not listen for the client's errors; a server that goes away
    // between two statements of the transaction must not crash the process.
    let lost: unknown;
    const onError = (err: unknown) => {
      lost = err;
    };
    client.on('error', onError);
    const release = (broken: boolean) => {
      client.removeListener('error', onError);
      client.release(broken || lost !== undefined ? ((lost ?? true) as Error | boolean) : undefined);
    };
    try {
      await client.query('BEGIN');
    } catch (err) {
      release(true);
      throw err;
    }
    return {
      raw: client,
      run: async (sql, values) => toResult(await client.query(sql, values as unknown[])),
      release,
    };
  }

  async withConnection<T>(fn: (raw: unknown) => T | Promise<T>): Promise<T> {
    const pool = await this.#getPool();
    const client = await pool.connect();
    let lost: unknown;
    const onError = (err: unknown) => {
      lost = err;
    };
    client.on('error', onError);
    let failed = false;
    try {
      return await fn(client);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      client.removeListener('error', onError);
      // After a throw the client's state is unknown (an open transaction?): drop it rather than reuse it.
      client.release(failed || lost !== undefined ? ((lost ?? true) as Error | boolean) : undefined);
    }
  }

  async openOwn(): Promise<OwnConnection> {
    if (this.#closed) throw new Error('the database was closed (db.close())');
    const pg = await loadPg();
    const client = new pg.Client(this.#config(pg));
    await client.connect();
    return ownConnection(
      client as unknown as Parameters<typeof ownConnection>[0],
      this.#own,
      async (sql, values) => {
        // Without values pg sends a simple query, which may hold several statements.
        const result = await client.query(sql, values.length > 0 ? (values as unknown[]) : undefined);
        return (Array.isArray(result) ? result : [result]).map((r: PG.QueryResult) => r.rows as Row[]);
      },
      () => client.end().catch(() => {}),
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

// SQLSTATE classes/codes for "the server cannot serve us now": 08 connection exception, 57P01-57P03
// shutdown / cannot connect now, 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed|Connection closed/i;

/** PostgreSQL through `pg`: `$n` placeholders, native booleans, ids via `RETURNING *`, a pool per database. */
export const postgres: Dialect = {
  dbn: 'postgres',
  placeholder: (n) => `$${n}`,
  quoteString: standardQuote,
  bindValue(v: BindValue): unknown {
    if (typeof v === 'string' && v.includes('\0')) {
      throw new TypeError(
        'PostgreSQL text cannot hold NUL characters (\\0); store such data as a Uint8Array (BYTEA)',
      );
    }
    if (v instanceof Uint8Array && !Buffer.isBuffer(v))
      return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    if (typeof v === 'bigint') return v.toString();
    return v;
  },
  insertId: 'returning',
  multiRowInsert: true,
  emptyInsert: 'DEFAULT VALUES',
  sessionTableSQL: (table) =>
    `CREATE TABLE IF NOT EXISTS ${checkIdentifier(table, 'table name')} (session_id CHAR(128) UNIQUE NOT NULL, ` +
    'atime TIMESTAMP NOT NULL DEFAULT current_timestamp, data TEXT)',
  isUnavailable(err: unknown): boolean {
    if (!(err instanceof Error)) return false;
    for (const code of errorCodes(err)) {
      if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return true;
    }
    return UNAVAILABLE_MESSAGE.test(err.message);
  },
  connect: (params) => new PostgresDriver(params),
};
