import type { Database as WasmDatabase } from 'node-sqlite3-wasm';
import type { ConnectionParams, Dialect, Driver, ExecResult, Row, TxConnection } from './dialect.js';
import { Mutex } from './mutex.js';
import { checkIdentifier } from './reparam.js';
import { standardQuote } from './sqlquery.js';
import type { BindValue } from './values.js';

type WasmModule = { Database: typeof WasmDatabase };

// Imported on first use only: the WASM binary costs ~1 MB and a few ms, and a hello-world never needs it.
let modulePromise: Promise<WasmModule> | undefined;
function loadSqlite(): Promise<WasmModule> {
  modulePromise ??= import('node-sqlite3-wasm').then(
    (m) => ((m as unknown as { default?: WasmModule }).default ?? m) as WasmModule,
    (err: unknown) => {
      modulePromise = undefined;
      throw new Error(
        "web.database: dbn 'sqlite' needs the 'node-sqlite3-wasm' package (npm install node-sqlite3-wasm)",
        {
          cause: err,
        },
      );
    },
  );
  return modulePromise;
}

// node-sqlite3-wasm cannot tell whether a statement returns rows, so the SQL text decides: these produce
// a result set; everything else reports rows changed. Quoted text and comments are blanked out first so
// that a 'returning' or ';' inside them does not count.
const RETURNS_ROWS = /^[\s(]*(?:SELECT|WITH|PRAGMA|VALUES|EXPLAIN)\b/i;
const RETURNING = /\bRETURNING\b/i;
const QUOTED_OR_COMMENT =
  /'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g;

function shape(sql: string): { rows: boolean; script: boolean } {
  const code = sql.replace(QUOTED_OR_COMMENT, ' ');
  return { rows: RETURNS_ROWS.test(code) || RETURNING.test(code), script: /;\s*\S/.test(code) };
}

function execute(db: WasmDatabase, path: string, sql: string, values: readonly unknown[]): ExecResult {
  const { rows, script } = shape(sql);
  if (script) {
    // prepare() would run the first statement and silently drop the rest; exec() runs them all.
    if (values.length > 0) throw new Error('SQLite runs one statement at a time when it has parameters');
    try {
      db.exec(sql);
    } catch (err) {
      throw explain(err, path);
    }
    return { changes: 0 };
  }
  let stmt: ReturnType<WasmDatabase['prepare']>;
  try {
    stmt = db.prepare(sql);
  } catch (err) {
    throw explain(err, path);
  }
  try {
    const bind = values as Parameters<typeof stmt.run>[0];
    if (rows) return { rows: stmt.all(bind) as Row[], changes: 0 };
    const info = stmt.run(bind);
    return { changes: info.changes, lastId: info.lastInsertRowid };
  } catch (err) {
    throw explain(err, path);
  } finally {
    stmt.finalize();
  }
}

// SQLite's own messages do not say which file; "file is not a database" without a path is a puzzle.
function explain(err: unknown, path: string): unknown {
  if (
    err instanceof Error &&
    /file is not a database|unable to open|disk image is malformed/i.test(err.message)
  ) {
    return new Error(`SQLite database ${JSON.stringify(path)}: ${err.message}`, { cause: err });
  }
  return err;
}

/** How long a statement waits for another process's lock on the file before the 503. */
const BUSY_WAIT_MS = 5000;
const BUSY = /database is locked|database table is locked|SQLITE_BUSY/i;

/**
 * Another process holds the file's lock (several app processes sharing one SQLite file): try again for
 * up to five seconds, waiting between tries without blocking the event loop, before giving up (503).
 */
async function whileBusy<T>(attempt: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof Error && BUSY.test(err.message)) || Date.now() - started > BUSY_WAIT_MS) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait + Math.random() * wait));
    }
  }
}

class SqliteDriver implements Driver {
  readonly #path: string;
  readonly #exclusive: boolean;
  readonly #lock = new Mutex();
  #db: Promise<WasmDatabase> | undefined;
  #closed = false;

  constructor(path: string, exclusive: boolean) {
    this.#path = path;
    this.#exclusive = exclusive;
  }

  #open(): Promise<WasmDatabase> {
    if (this.#closed) return Promise.reject(new Error('the database was closed (db.close())'));
    this.#db ??= loadSqlite().then((m) => {
      try {
        const db = new m.Database(this.#path);
        // node-sqlite3-wasm locks the file with a mkdir/rmdir around every statement; holding the lock
        // instead makes reads ~25x faster when this process is the file's only user.
        if (this.#exclusive) db.exec('PRAGMA locking_mode=EXCLUSIVE');
        return db;
      } catch (err) {
        this.#db = undefined;
        throw explain(err, this.#path);
      }
    });
    return this.#db;
  }

  async run(sql: string, values: readonly unknown[]): Promise<ExecResult> {
    const db = await this.#open();
    return whileBusy(() =>
      this.#lock.run(() => {
        if (!db.isOpen) throw new Error('the database was closed (db.close())');
        return execute(db, this.#path, sql, values);
      }),
    );
  }

  async begin(): Promise<TxConnection> {
    const db = await this.#open();
    // IMMEDIATE takes the write lock now, so no statement inside can meet another process's lock later.
    const release = await whileBusy(async () => {
      const held = await this.#lock.acquire();
      try {
        execute(db, this.#path, 'BEGIN IMMEDIATE', []);
        return held;
      } catch (err) {
        held();
        throw err;
      }
    });
    return {
      raw: db,
      run: async (sql, values) => execute(db, this.#path, sql, values),
      release: () => {
        // A failed COMMIT can leave SQLite inside the transaction; never hand the lock on in that state.
        if (db.isOpen && db.inTransaction) {
          try {
            db.exec('ROLLBACK');
          } catch {
            /* nothing more can be done; the next BEGIN reports it */
          }
        }
        release();
      },
    };
  }

  async withConnection<T>(fn: (raw: unknown) => T | Promise<T>): Promise<T> {
    const db = await this.#open();
    return this.#lock.run(() => {
      if (!db.isOpen) throw new Error('the database was closed (db.close())');
      return fn(db);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const opening = this.#db;
    if (!opening) return;
    const db = await opening.catch(() => undefined);
    // Wait for the statement or transaction in progress, then close under the lock.
    await this.#lock.run(() => {
      if (db?.isOpen) db.close();
    });
  }
}

/** SQLite through node-sqlite3-wasm: `?` placeholders, booleans as 1/0, one connection serialised by a lock. */
export const sqlite: Dialect = {
  dbn: 'sqlite',
  placeholder: () => '?',
  quoteString: standardQuote,
  bindValue(v: BindValue): unknown {
    if (typeof v === 'boolean') return v ? 1 : 0;
    // The WASM binding passes text as a C string, so SQLite would silently keep only what precedes a NUL.
    if (typeof v === 'string' && v.includes('\0')) {
      throw new TypeError(
        'SQLite text cannot hold NUL characters (\\0); store such data as a Uint8Array (BLOB)',
      );
    }
    return v;
  },
  insertId: 'lastId',
  multiRowInsert: false,
  emptyInsert: 'DEFAULT VALUES',
  sessionTableSQL: (table) =>
    `CREATE TABLE IF NOT EXISTS ${checkIdentifier(table, 'table name')} (session_id CHAR(128) UNIQUE NOT NULL, ` +
    'atime DATETIME NOT NULL DEFAULT current_timestamp, data TEXT)',
  isUnavailable: (err) =>
    err instanceof Error && /database is locked|database table is locked/i.test(err.message),
  connect: (params: ConnectionParams) => new SqliteDriver(params.db, params.exclusive === true),
};
