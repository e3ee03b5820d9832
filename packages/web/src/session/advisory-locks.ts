/**
 * Session locks held in PostgreSQL or MySQL themselves: advisory locks (`pg_try_advisory_lock`, MySQL and
 * MariaDB `GET_LOCK`) taken on one connection per database and process, kept outside the pool. The server
 * ties each lock to that connection, so nothing is written per request, and a holder that dies (kill -9, a
 * lost host) loses its connection and with it its locks, at once: there is no lease to wait out.
 */
import { createHash } from 'node:crypto';
import { logError } from '../core/log.js';
import { openOwnConnection } from '../db/database.js';
import type { OwnConnection } from '../db/dialect.js';
import { DatabaseUnavailableError, type DB } from '../db/index.js';
import { acquireLease } from './lease.js';
import { assertValidId, type HeldLock, type LockOptions, type SessionRecord } from './store.js';

/**
 * The name the lock of session `id` in `table` has on the server: for PostgreSQL a signed 64-bit key (as
 * text), for MySQL a name of at most 64 characters. Both come from a hash of the table and the id, so
 * sessions of different tables never share a lock. (Exported for tests, which look the lock up.)
 */
export function advisoryLockName(dbn: 'postgres' | 'mysql', table: string, id: string): string {
  const hash = createHash('sha256').update(`webts session\0${table}\0${id}`).digest();
  return dbn === 'postgres' ? hash.readBigInt64BE(0).toString() : `webts:${hash.toString('base64url')}`;
}

/** The most asks one statement carries. */
const BATCH = 100;

/** A session row as the lock connection reads it. */
export type SessionRow = { session_id?: unknown; data?: unknown; atime?: unknown };

/** One ask of the lock connection: take or give back lock `name`, and, with a take, read a session row. */
interface Ask {
  take: boolean;
  name: string;
  read: { table: string; id: string } | undefined;
  /** Whether the server agreed, and the session row read after the lock was taken (if found). */
  done: (answer: { ok: boolean; row: SessionRow | undefined }) => void;
  fail: (err: unknown) => void;
}

/** The lock connection of one database in this process, and the locks this process holds on it. */
class LockConnection {
  readonly #db: DB;
  readonly #dbn: 'postgres' | 'mysql';
  #conn: Promise<OwnConnection> | undefined;
  /** Lock names held through the current connection, each by one request of this process. */
  #held = new Set<string>();
  /** Asks waiting for the next statement, and whether one is on its way. */
  readonly #queue: Ask[] = [];
  #sending = false;

  constructor(db: DB, dbn: 'postgres' | 'mysql') {
    this.#db = db;
    this.#dbn = dbn;
  }

  #connection(): Promise<OwnConnection> {
    this.#conn ??= (async () => {
      const opening = openOwnConnection(this.#db);
      if (opening === undefined)
        throw new Error(
          'DBStore: this database cannot open a connection of its own for session locks; ' +
            'give the store { shared: false } if one process uses it',
        );
      const conn = await opening;
      const held = this.#held;
      conn.onEnd((err) => {
        // The server has dropped every lock of this connection. The requests holding them go on; the
        // next lock opens a new connection.
        if (this.#conn === current) this.#conn = undefined;
        if (held === this.#held) this.#held = new Set();
        if (held.size > 0)
          logError(
            err,
            `webts session locks: the lock connection to ${this.#dbn} was lost; ${held.size} session(s) ` +
              'held by this process are no longer locked across processes',
          );
      });
      return conn;
    })().catch((err: unknown) => {
      this.#conn = undefined;
      throw this.#db.dialect.isUnavailable(err) ? new DatabaseUnavailableError(this.#dbn, err) : err;
    });
    const current = this.#conn;
    return current;
  }

  /**
   * Take (`take`) or give back lock `name`, answering whether the server agreed; a take also reads the
   * session row `read` once the lock is its own. Every request asks twice, so the asks are batched: while one
   * round trip is on its way, the asks that arrive meanwhile wait and go together in the next one. That one
   * carries two kinds of statement, run in order: `SELECT pg_try_advisory_lock(k1), pg_advisory_unlock(k2),
   * …` (or GET_LOCK / RELEASE_LOCK), then, per table, `SELECT … FROM <table> WHERE session_id IN (…)` for the
   * sessions being locked. The read is a statement of its own, after the locks were taken, so it sees every
   * write their previous holders made before they let go. One request alone waits for nothing; fifty at once
   * share a round trip, and their reads need no pool connection.
   */
  #ask(
    take: boolean,
    name: string,
    read?: { table: string; id: string },
  ): Promise<{ ok: boolean; row: SessionRow | undefined }> {
    return new Promise((done, fail) => {
      this.#queue.push({ take, name, read, done, fail });
      if (!this.#sending) void this.#send();
    });
  }

  async #send(): Promise<void> {
    this.#sending = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, BATCH);
        try {
          const { sql, values, tables } = this.#statements(batch);
          const conn = await this.#connection();
          const [answers, ...reads] = await conn.run(sql, values);
          const answer = answers?.[0] ?? {};
          const rows = new Map<string, SessionRow>();
          reads.forEach((found, t) => {
            for (const row of found) rows.set(`${tables[t]}\0${String(row.session_id ?? '').trimEnd()}`, row);
          });
          batch.forEach((op, i) => {
            const ok = answer[`r${i}`] === true || Number(answer[`r${i}`]) === 1;
            const row = ok && op.read ? rows.get(`${op.read.table}\0${op.read.id}`) : undefined;
            op.done({ ok, row });
          });
        } catch (err) {
          const error = this.#db.dialect.isUnavailable(err)
            ? new DatabaseUnavailableError(this.#dbn, err)
            : err;
          for (const op of batch) op.fail(error);
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  /**
   * The SQL of one batch. PostgreSQL's several statements in one round trip take no parameters, so its keys
   * (numbers made here) and ids (hex, checked by the store) are written into the text; MySQL binds them.
   */
  #statements(batch: Ask[]): { sql: string; values: string[]; tables: string[] } {
    const pg = this.#dbn === 'postgres';
    const values: string[] = [];
    const calls = batch.map(({ take, name }, i) => {
      if (pg) return `${take ? 'pg_try_advisory_lock' : 'pg_advisory_unlock'}(${BigInt(name)}) AS r${i}`;
      values.push(name);
      return `${take ? 'GET_LOCK(?, 0)' : 'RELEASE_LOCK(?)'} AS r${i}`;
    });
    const statements = [`SELECT ${calls.join(', ')}`];
    const ids = new Map<string, string[]>();
    for (const { read } of batch) {
      if (read === undefined) continue;
      assertValidId(read.id); // it is written into PostgreSQL's SQL text
      ids.set(read.table, [...(ids.get(read.table) ?? []), read.id]);
    }
    for (const [table, list] of ids) {
      if (!pg) values.push(...list);
      const inList = pg ? list.map((id) => `'${id}'`).join(', ') : list.map(() => '?').join(', ');
      statements.push(`SELECT session_id, data, atime FROM ${table} WHERE session_id IN (${inList})`);
    }
    return { sql: statements.join('; '), values, tables: [...ids.keys()] };
  }

  async lock(
    name: string,
    options: LockOptions,
    what: string,
    read: { table: string; id: string; record: (row: SessionRow) => SessionRecord },
  ): Promise<HeldLock | undefined> {
    let held: Set<string> | undefined;
    let row: SessionRow | undefined;
    const lock = await acquireLease(
      options,
      async () => {
        // The server lets a connection take a lock it holds again; two requests of this process (two
        // Sessions on one store) must not both get it that way.
        if (this.#held.has(name)) return false;
        const set = this.#held;
        set.add(name);
        let ok = false;
        try {
          ({ ok, row } = await this.#ask(true, name, read));
        } finally {
          if (!ok) set.delete(name);
        }
        if (ok) held = set;
        return ok;
      },
      undefined,
      async () => {
        // A lost connection took the lock with it: there is nothing to give back.
        if (held === undefined || held !== this.#held || !held.has(name)) return;
        try {
          await this.#ask(false, name);
        } finally {
          held.delete(name);
        }
      },
      what,
    );
    // A session not found by its exact id (absent, or found by MySQL's case-blind match) is left to get().
    if (lock === undefined || row === undefined) return lock;
    return { release: () => lock.release(), read: { record: read.record(row) } };
  }
}

const connections = new WeakMap<DB, LockConnection>();

/** Hold session `id` of `table` in `db` (PostgreSQL or MySQL) across processes; see the module comment. */
export function advisoryLock(
  db: DB,
  dbn: 'postgres' | 'mysql',
  table: string,
  id: string,
  options: LockOptions,
  record: (row: SessionRow) => SessionRecord,
): Promise<HeldLock | undefined> {
  let locks = connections.get(db);
  if (locks === undefined) {
    locks = new LockConnection(db, dbn);
    connections.set(db, locks);
  }
  return locks.lock(advisoryLockName(dbn, table, id), options, `session ${id.slice(0, 8)}…`, {
    table,
    id,
    record,
  });
}
