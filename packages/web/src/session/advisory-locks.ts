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
import type { HeldLock, LockOptions } from './store.js';

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

/** The lock connection of one database in this process, and the locks this process holds on it. */
class LockConnection {
  readonly #db: DB;
  readonly #dbn: 'postgres' | 'mysql';
  #conn: Promise<OwnConnection> | undefined;
  /** Lock names held through the current connection, each by one request of this process. */
  #held = new Set<string>();
  /** Asks waiting for the next statement, and whether one is on its way. */
  readonly #queue: {
    take: boolean;
    name: string;
    done: (ok: boolean) => void;
    fail: (err: unknown) => void;
  }[] = [];
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
   * Take (`take`) or give back lock `name`, answering whether the server agreed. Every request asks twice,
   * so the asks are batched: while one statement is on its way, the asks that arrive meanwhile wait and go
   * together in the next one (`SELECT pg_try_advisory_lock($1), pg_advisory_unlock($2), …`). One request
   * alone waits for nothing; fifty at once share a round trip.
   */
  #ask(take: boolean, name: string): Promise<boolean> {
    return new Promise((done, fail) => {
      this.#queue.push({ take, name, done, fail });
      if (!this.#sending) void this.#send();
    });
  }

  async #send(): Promise<void> {
    this.#sending = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, BATCH);
        const pg = this.#dbn === 'postgres';
        const calls = batch.map(({ take }, i) => {
          const arg = pg ? `$${i + 1}::bigint` : '?';
          if (pg) return `${take ? 'pg_try_advisory_lock' : 'pg_advisory_unlock'}(${arg}) AS r${i}`;
          return `${take ? `GET_LOCK(${arg}, 0)` : `RELEASE_LOCK(${arg})`} AS r${i}`;
        });
        try {
          const conn = await this.#connection();
          const { rows } = await conn.run(
            `SELECT ${calls.join(', ')}`,
            batch.map((op) => op.name),
          );
          const row = rows?.[0] ?? {};
          batch.forEach((op, i) => {
            const answer = row[`r${i}`];
            op.done(answer === true || Number(answer) === 1);
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

  lock(name: string, options: LockOptions, what: string): Promise<HeldLock | undefined> {
    let held: Set<string> | undefined;
    return acquireLease(
      options,
      async () => {
        // The server lets a connection take a lock it holds again; two requests of this process (two
        // Sessions on one store) must not both get it that way.
        if (this.#held.has(name)) return false;
        const set = this.#held;
        set.add(name);
        let ok = false;
        try {
          ok = await this.#ask(true, name);
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
): Promise<HeldLock | undefined> {
  let locks = connections.get(db);
  if (locks === undefined) {
    locks = new LockConnection(db, dbn);
    connections.set(db, locks);
  }
  return locks.lock(advisoryLockName(dbn, table, id), options, `session ${id.slice(0, 8)}…`);
}
