import { mkdir } from 'node:fs/promises';
import type { DB } from '../db/index.js';
import { checkIdentifier } from '../db/index.js';
import { pyclass } from '../util/pyclass.js';
import { advisoryLock } from './advisory-locks.js';
import { removeLeftovers } from './file-lock.js';
import { folderLock } from './folder-locks.js';
import {
  assertValidId,
  type HeldLock,
  isValidId,
  type LockOptions,
  type SessionRecord,
  type Store,
} from './store.js';

/** Options of `DBStore(db, table, options)`. */
export interface DBStoreOptions {
  /**
   * Whether several processes use this database's sessions at once (default true). A shared store locks
   * each session for the request's duration (PostgreSQL and MySQL: an advisory lock on a connection of
   * its own; SQLite: the lock keeper of a folder beside the file); `shared: false` declares the
   * database private to one process (ShelfStore is), which then relies on the in-process queue alone.
   */
  shared?: boolean;
}

type Row = { data?: unknown; atime?: unknown };

/**
 * web.py `DBStore(db, table)`: sessions in a table of a `web.database` (SQLite, PostgreSQL or MySQL)
 * with web.py's schema `session_id CHAR(128) UNIQUE NOT NULL, atime DATETIME NOT NULL default
 * current_timestamp, data TEXT` (created if missing). Every value is a bound parameter. Changing a
 * session reads and writes its row in one transaction with a row lock (`SELECT … FOR UPDATE` on
 * PostgreSQL/MySQL), so app processes sharing the database never lose each other's changes.
 */
export class DBStoreImpl implements Store {
  readonly db: DB;
  readonly table: string;
  /** Whether this store locks sessions across processes (see DBStoreOptions.shared). */
  readonly shared: boolean;
  #ready: Promise<void> | undefined;
  #lockDir: Promise<string | undefined> | undefined;

  constructor(db: DB, table: string, options: DBStoreOptions = {}) {
    if (db === null || typeof db !== 'object' || typeof (db as { select?: unknown }).select !== 'function') {
      throw new TypeError(
        "web.session.DBStore(db, table): db must be a web.database({ dbn: 'sqlite', db: 'file.db' })",
      );
    }
    this.db = db;
    this.table = checkIdentifier(table, 'DBStore table');
    this.shared = options?.shared !== false;
    if (!this.shared) this.lock = undefined;
  }

  /**
   * Hold session `id` across processes: on PostgreSQL and MySQL an advisory lock of the server
   * (advisory-locks.ts), which a holder that dies loses with its connection; on SQLite the lock keeper of
   * the folder beside the database file (folder-locks.ts).
   */
  lock?: (id: string, options: LockOptions) => Promise<HeldLock | undefined> = async (id, options) => {
    assertValidId(id);
    await this.#ensureTable();
    if (this.db.dbn === 'sqlite') {
      // SQLite has one writer at a time for the whole file: polling a lock row would fight the data writes
      // of every process for it. The folder beside the database has its own lock keeper (folder-locks.ts),
      // which costs SQLite nothing.
      const dir = await this.#sqliteLockDir();
      if (dir === undefined) return { release: async () => {} }; // an in-memory database: one process
      return folderLock(dir, id, options, `session ${id.slice(0, 8)}…`);
    }
    return advisoryLock(this.db, this.db.dbn, this.table, id, options, toRecord);
  };

  /** SQLite: the folder `<database file>-session-locks` for lock files, or undefined for `:memory:`. */
  #sqliteLockDir(): Promise<string | undefined> {
    this.#lockDir ??= (async () => {
      const rows = (await this.db.query("SELECT file FROM pragma_database_list WHERE name = 'main'")) as {
        file?: unknown;
      }[];
      const file = String(rows[0]?.file ?? '');
      if (file === '') return undefined;
      const dir = `${file}-session-locks`;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      return dir;
    })();
    return this.#lockDir;
  }

  /** Create the table on first use (web.py asks you to; webts does it with the same schema). */
  #ensureTable(): Promise<void> {
    this.#ready ??= (async () => {
      await this.db.query(this.db.dialect.sessionTableSQL(this.table));
    })().then(
      () => undefined,
      (err: unknown) => {
        this.#ready = undefined; // try again next time (the database may come back)
        throw err;
      },
    );
    return this.#ready;
  }

  async #row(id: string, lock = false): Promise<Row | undefined> {
    await this.#ensureTable();
    const forUpdate = lock && this.db.dbn !== 'sqlite' ? ' FOR UPDATE' : '';
    const rows = (await this.db.query(
      `SELECT data, atime FROM ${this.table} WHERE session_id = $id${forUpdate}`,
      {
        vars: { id },
      },
    )) as Row[];
    return rows[0];
  }

  async has(id: string): Promise<boolean> {
    if (!isValidId(id)) return false;
    return (await this.#row(id)) !== undefined;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    if (!isValidId(id)) return undefined;
    const row = await this.#row(id);
    return row === undefined ? undefined : toRecord(row);
  }

  async set(id: string, record: SessionRecord): Promise<void> {
    assertValidId(id);
    await this.#ensureTable();
    await retryOnConflict(() => this.#upsert(id, record));
  }

  /** One statement that inserts or replaces, so concurrent first writes of an id cannot collide. */
  #upsert(id: string, record: SessionRecord): Promise<unknown> {
    const insert = `INSERT INTO ${this.table} (session_id, atime, data) VALUES ($id, $atime, $data)`;
    const sql =
      this.db.dbn === 'mysql'
        ? `${insert} ON DUPLICATE KEY UPDATE atime = VALUES(atime), data = VALUES(data)`
        : `${insert} ON CONFLICT (session_id) DO UPDATE SET atime = excluded.atime, data = excluded.data`;
    return this.db.query(sql, {
      vars: { id, atime: new Date(record.atime), data: record.data },
    }) as Promise<unknown>;
  }

  async delete(id: string): Promise<void> {
    if (!isValidId(id)) return;
    await this.#ensureTable();
    await this.db.delete(this.table, { where: 'session_id = $id', vars: { id } });
  }

  async touch(id: string, atime: number): Promise<void> {
    if (!isValidId(id)) return;
    await this.#ensureTable();
    await this.db.update(this.table, { where: 'session_id = $id', vars: { id }, atime: new Date(atime) });
  }

  /** Delete sessions idle past `timeout` seconds (and, on SQLite, lock files a dead holder left). */
  async cleanup(timeout: number): Promise<void> {
    await this.#ensureTable();
    await this.db.delete(this.table, {
      where: 'atime < $cutoff',
      vars: { cutoff: new Date(Date.now() - timeout * 1000) },
    });
    if (!this.shared || this.db.dbn !== 'sqlite') return;
    const dir = await this.#sqliteLockDir();
    if (dir !== undefined) await removeLeftovers(dir);
  }

  async update(
    id: string,
    change: (current: SessionRecord | undefined) => SessionRecord | undefined,
  ): Promise<void> {
    assertValidId(id);
    await this.#ensureTable();
    await retryOnConflict(() =>
      this.db.transaction(async () => {
        const row = await this.#row(id, true);
        const current = row === undefined ? undefined : toRecord(row);
        const next = change(current);
        if (next !== undefined) await this.#upsert(id, next);
      }),
    );
  }
}

/**
 * Run `work` again when the database reports a deadlock or a serialization failure (InnoDB under
 * concurrent writes of one index, PostgreSQL's 40001/40P01): the standard answer is to retry.
 */
async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const { code, errno } = (err ?? {}) as { code?: unknown; errno?: unknown };
      const conflict = code === 'ER_LOCK_DEADLOCK' || errno === 1213 || code === '40P01' || code === '40001';
      if (!conflict || attempt >= 8) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** A session row as a record: its data as text, its atime in milliseconds. */
function toRecord(row: Row): SessionRecord {
  return { data: String(row.data ?? ''), atime: toMillis(row.atime) };
}

/** A DATETIME as the driver returns it (a Date, or SQLite's UTC text) in milliseconds. */
function toMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value ?? '');
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

/** `web.session.DBStore(db, table, { shared })`, with or without `new`. */
export const DBStore = pyclass(DBStoreImpl);
export type DBStore = DBStoreImpl;
