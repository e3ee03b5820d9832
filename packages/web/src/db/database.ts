import { AsyncLocalStorage } from 'node:async_hooks';
import { type PyClass, pyclass } from '../util/pyclass.js';
import {
  buildDelete,
  buildInsert,
  buildSelect,
  buildUpdate,
  type SelectOptions,
  type Where,
} from './build.js';
import type { Dbn, Dialect, Driver, ExecResult, Id, OwnConnection, Row } from './dialect.js';
import { DatabaseUnavailableError } from './errors.js';
import { mysql } from './mysql.js';
import { type DatabaseParams, requestedDbn, resolveParams } from './params.js';
import { postgres } from './postgres.js';
import { reparam, type Vars } from './reparam.js';
import { sqlite } from './sqlite.js';
import { isSQLQuery, SQLParam, SQLQuery } from './sqlquery.js';
import { Transaction } from './transaction.js';
import { toBindValue } from './values.js';

const DIALECTS: Readonly<Record<Dbn, Dialect>> = { sqlite, postgres, mysql };

/** A database class that `register_database` can add: constructed with the `web.database(...)` argument. */
export type DBClass = new (params: DatabaseParams | string) => DBImpl;

// web.py's `_databases`: engines added by `register_database`, looked up before the built-in ones. This is
// configuration an app sets up at start-up, shared by the whole process like the built-in table.
const registered = new Map<string, Dialect | DBClass>();

/** Options of `db.query` (web.py `query(sql_query, vars=None, processed=False, _test=False)`). */
export interface QueryOptions {
  vars?: Vars;
  /** The SQL is final: no `$name` substitution. */
  processed?: boolean;
  _test?: boolean;
}

/** `db.where(table, {col: value, ...options})`: column conditions plus these select options. */
export type WhereKeywords = Readonly<Record<string, unknown>> & Omit<SelectOptions, 'where' | 'vars'>;
/** `db.insert(table, {col: value, ...})`; `seqname: false` skips fetching the new id. */
export type InsertValues = Readonly<Record<string, unknown>> & { seqname?: string | false; _test?: boolean };
/** `db.update(tables, {where, vars, col: value, ...})`. */
export type UpdateValues = Readonly<Record<string, unknown>> & { where: Where; vars?: Vars; _test?: boolean };
/** `db.delete(table, {where, vars, using})`. */
export interface DeleteOptions {
  where: Where;
  vars?: Vars;
  using?: string | readonly string[];
  _test?: boolean;
}
/** Options of `db.multiple_insert`. */
export interface MultipleInsertOptions {
  seqname?: string | false;
  _test?: boolean;
}

const SELECT_KEYS = new Set(['what', 'order', 'group', 'limit', 'offset', '_test']);

function split<T extends Readonly<Record<string, unknown>>>(
  obj: T | undefined,
  reserved: ReadonlySet<string>,
) {
  const options: Record<string, unknown> = {};
  const columns: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj ?? {})) (reserved.has(k) ? options : columns)[k] = v;
  return { options, columns };
}

function toId(v: unknown): Id | undefined {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return v;
  return undefined;
}

/** The transaction an async flow is in; `outer` is the flow's previous slot (for savepoints). */
interface Slot {
  tx?: Transaction;
  outer?: Slot | undefined;
}

// An ended transaction stays in its slot (enterWith cannot be undone), so look past it to the one outside.
function activeIn(slot: Slot | undefined): Transaction | undefined {
  for (let s = slot; s; s = s.outer) if (s.tx?.active) return s.tx;
  return undefined;
}

/** Each database's driver, for {@link openOwnConnection} (not a property: it is no part of web.py's DB). */
const drivers = new WeakMap<object, Driver>();

/**
 * A connection of `db`'s own outside its pool (PostgreSQL, MySQL), for state tied to one connection such
 * as advisory locks; undefined when the engine or a registered dialect has none (SQLite).
 */
export function openOwnConnection(db: object): Promise<OwnConnection> | undefined {
  return drivers.get(db)?.openOwn?.();
}

class DBImpl {
  /** `'sqlite'`, `'postgres'` or `'mysql'`. */
  readonly dbn: Dbn;
  /** The SQL differences of this engine, e.g. `db.dialect.sessionTableSQL('sessions')`. */
  readonly dialect: Dialect;
  /** Print each statement to stderr as `<secs> (<count>): <SQL, values inlined>` (web.py does when debug is on). */
  printing = false;
  readonly #driver: Driver;
  readonly #current = new AsyncLocalStorage<Slot>();
  #count = 0;

  /** Connects lazily: nothing is opened (and no driver imported) until the first statement. */
  constructor(params?: DatabaseParams | string) {
    const name = requestedDbn(params);
    const custom = name === undefined ? undefined : registered.get(name);
    const dialect = custom !== undefined && typeof custom !== 'function' ? custom : undefined;
    const { dbn, ...conn } = resolveParams(params, dialect?.dbn);
    this.dbn = dbn;
    this.dialect = dialect ?? DIALECTS[dbn];
    this.#driver = this.dialect.connect(conn);
    drivers.set(this, this.#driver);
  }

  #transaction(): Transaction | undefined {
    return activeIn(this.#current.getStore());
  }

  #mapError = (err: unknown): unknown =>
    err instanceof DatabaseUnavailableError || !this.dialect.isUnavailable(err)
      ? err
      : new DatabaseUnavailableError(this.dbn, err);

  #isBroken = (err: unknown): boolean =>
    err instanceof DatabaseUnavailableError || this.dialect.isUnavailable(err);

  #compile(q: SQLQuery): { sql: string; values: unknown[] } {
    const values: unknown[] = [];
    const sql = q.items
      .map((item) => {
        if (typeof item === 'string') return item;
        values.push(
          this.dialect.bindValue(toBindValue(item.value, item.label ?? `parameter ${values.length + 1}`)),
        );
        return this.dialect.placeholder(values.length);
      })
      .join('');
    return { sql, values };
  }

  async #exec(q: SQLQuery): Promise<ExecResult> {
    const { sql, values } = this.#compile(q);
    const started = this.printing ? performance.now() : 0;
    const tx = this.#transaction();
    try {
      return tx ? await tx.run(sql, values) : await this.#driver.run(sql, values);
    } catch (err) {
      throw this.#mapError(err);
    } finally {
      if (this.printing) {
        const secs = ((performance.now() - started) / 1000).toFixed(3);
        this.#count += 1;
        process.stderr.write(`${secs} (${this.#count}): ${this.#test(q)}\n`);
      }
    }
  }

  #test(q: SQLQuery): SQLQuery {
    return q.withQuoter(this.dialect.quoteString);
  }

  /**
   * Runs SQL with `$name` references bound from `vars` (web.py `db.query`). A statement with a result set
   * (SELECT, ... RETURNING) gives an array of plain-object rows, anything else the number of rows changed.
   * `T` defaults to `Row[]`; write `db.query<number>('DELETE ...')` for a count.
   */
  query(sql: string | SQLQuery, options: QueryOptions & { _test: true }): SQLQuery;
  query<T = Row[]>(sql: string | SQLQuery, options?: QueryOptions): Promise<T>;
  query(sql: string | SQLQuery, options: QueryOptions = {}): SQLQuery | Promise<unknown> {
    const build = () =>
      isSQLQuery(sql)
        ? sql
        : options.processed
          ? new SQLQuery(String(sql))
          : reparam(sql, options.vars ?? {});
    if (options._test) return this.#test(build());
    return (async () => {
      const r = await this.#exec(build());
      return r.rows ?? r.changes;
    })();
  }

  /** `SELECT` rows from `tables` (web.py `db.select`); `limit`/`offset` are always bound parameters. */
  select(tables: string | readonly string[], options: SelectOptions & { _test: true }): SQLQuery;
  select<R extends object = Row>(tables: string | readonly string[], options?: SelectOptions): Promise<R[]>;
  select(tables: string | readonly string[], options: SelectOptions = {}): SQLQuery | Promise<unknown> {
    if (options._test) return this.#test(buildSelect(tables, options));
    return (async () => (await this.#exec(buildSelect(tables, options))).rows ?? [])();
  }

  /** Rows whose columns equal the given values, AND-ed, keys sorted (web.py `db.where(table, **kw)`). */
  where(table: string, keywords: WhereKeywords & { _test: true }): SQLQuery;
  where<R extends object = Row>(table: string, keywords?: WhereKeywords): Promise<R[]>;
  where(table: string, keywords?: WhereKeywords): SQLQuery | Promise<unknown> {
    const { options, columns } = split(keywords, SELECT_KEYS);
    const opts = { ...(options as SelectOptions), where: columns };
    return opts._test
      ? this.select(table, { ...opts, _test: true })
      : this.select(table, { ...opts, _test: false });
  }

  /**
   * Inserts one row and gives its id (web.py `db.insert(table, **values)`): SQLite's rowid, MySQL's
   * AUTO_INCREMENT value, PostgreSQL's `id` column (or `currval(seqname)` when `seqname` is a string).
   * `seqname: false` gives undefined. No columns inserts a row of defaults.
   */
  insert(table: string, values: InsertValues & { _test: true }): SQLQuery;
  insert(table: string, values?: InsertValues): Promise<Id | undefined>;
  insert(table: string, values: InsertValues = {}): SQLQuery | Promise<Id | undefined> {
    const { options, columns } = split(values, new Set(['seqname', '_test']));
    const seqname = options.seqname as string | false | undefined;
    const build = () => this.#withReturning(buildInsert(table, [columns], this.dialect.emptyInsert), seqname);
    if (options._test) return this.#test(build());
    return (async () => {
      const r = await this.#exec(build());
      if (seqname === false) return undefined;
      return this.dialect.insertId === 'returning' ? toId(r.rows?.[0]?.id) : r.lastId;
    })();
  }

  #withReturning(q: SQLQuery, seqname: string | false | undefined): SQLQuery {
    if (this.dialect.insertId !== 'returning' || seqname === false) return q;
    // The sequence name is bound, not pasted: web.py's string-built currval() was CVE-2025-3818.
    if (typeof seqname === 'string')
      return q.concat(' RETURNING currval(', new SQLParam(seqname, 'seqname'), ') AS id');
    return q.concat(' RETURNING *');
  }

  /**
   * Inserts several rows with the same columns and gives their ids (web.py `db.multiple_insert`). One
   * statement on PostgreSQL/MySQL; one per row inside a transaction on SQLite (so each id is exact).
   */
  multiple_insert(
    table: string,
    rows: readonly Readonly<Record<string, unknown>>[],
    options: MultipleInsertOptions & { _test: true },
  ): SQLQuery[];
  multiple_insert(
    table: string,
    rows: readonly Readonly<Record<string, unknown>>[],
    options?: MultipleInsertOptions,
  ): Promise<Id[] | undefined>;
  multiple_insert(
    table: string,
    rows: readonly Readonly<Record<string, unknown>>[],
    options: MultipleInsertOptions = {},
  ): SQLQuery[] | Promise<Id[] | undefined> {
    if (!Array.isArray(rows)) throw new TypeError('multiple_insert expects an array of rows');
    const seqname = options.seqname;
    const build = (): SQLQuery[] => {
      if (rows.length === 0) return [];
      if (this.dialect.multiRowInsert) {
        return [this.#withReturning(buildInsert(table, rows, this.dialect.emptyInsert), seqname)];
      }
      buildInsert(table, rows, this.dialect.emptyInsert); // checks every row has the same columns
      return rows.map((r) => buildInsert(table, [r], this.dialect.emptyInsert));
    };
    if (options._test) return build().map((q) => this.#test(q));
    return (async () => {
      const queries = build();
      if (queries.length === 0) return seqname === false ? undefined : [];
      if (queries.length > 1 || !this.dialect.multiRowInsert) {
        const ids = await this.transaction(async () => {
          const out: (Id | undefined)[] = [];
          for (const q of queries) out.push((await this.#exec(q)).lastId);
          return out;
        });
        return seqname === false ? undefined : (ids.filter((id) => id !== undefined) as Id[]);
      }
      const r = await this.#exec(queries[0] as SQLQuery);
      if (seqname === false) return undefined;
      if (this.dialect.insertId === 'returning') {
        return (r.rows ?? []).map((row) => toId(row.id)).filter((id): id is Id => id !== undefined);
      }
      // MySQL hands out consecutive AUTO_INCREMENT values to one multi-row INSERT and reports the first.
      const first = r.lastId;
      if (typeof first === 'bigint') return rows.map((_, i) => first + BigInt(i));
      if (typeof first === 'number') return rows.map((_, i) => first + i);
      return undefined;
    })();
  }

  /** Changes rows matching `where` and gives how many matched (web.py `db.update`); `where: ''` means all rows. */
  update(tables: string | readonly string[], values: UpdateValues & { _test: true }): SQLQuery;
  update(tables: string | readonly string[], values: UpdateValues): Promise<number>;
  update(tables: string | readonly string[], values: UpdateValues): SQLQuery | Promise<number> {
    const { options, columns } = split(values, new Set(['where', 'vars', '_test']));
    const build = () => {
      if (options.where === undefined)
        throw new Error("db.update needs a where (use where: '' to change every row)");
      return buildUpdate(tables, columns, options.where as Where, options.vars as Vars | undefined);
    };
    if (options._test) return this.#test(build());
    return (async () => (await this.#exec(build())).changes)();
  }

  /** Deletes rows matching `where` and gives how many (web.py `db.delete`); `where: ''` deletes every row. */
  delete(table: string, options: DeleteOptions & { _test: true }): SQLQuery;
  delete(table: string, options: DeleteOptions): Promise<number>;
  delete(table: string, options: DeleteOptions): SQLQuery | Promise<number> {
    const build = () => {
      if (options?.where === undefined)
        throw new Error("db.delete needs a where (use where: '' to delete every row)");
      return buildDelete(table, options.where, options.vars, options.using);
    };
    if (options?._test) return this.#test(build());
    return (async () => (await this.#exec(build())).changes)();
  }

  /**
   * Runs `fn` in a transaction: commits when it returns, rolls back when it throws (web.py
   * `with db.transaction():`). Without `fn`, opens one and gives it to you to `commit()`/`rollback()`
   * (web.py `t = db.transaction()`); statements in the same async flow then run inside it. Inside another
   * transaction this makes a savepoint.
   */
  transaction(): Promise<Transaction>;
  transaction<T>(fn: () => T | Promise<T>): Promise<T>;
  async transaction<T>(fn?: () => T | Promise<T>): Promise<T | Transaction> {
    // The slot is entered before the first await: only then does the caller's own async flow (not just
    // this function's) see the transaction it is about to hold.
    const outer = this.#current.getStore();
    const slot: Slot = { outer };
    if (!fn) this.#current.enterWith(slot);
    slot.tx = await this.#begin(outer);
    if (!fn) return slot.tx;
    const tx = slot.tx;
    let result: T;
    try {
      result = await this.#current.run(slot, fn);
    } catch (err) {
      try {
        await tx.rollback();
      } catch {
        /* the original error matters more than a failed rollback */
      }
      throw err;
    }
    await tx.commit();
    return result;
  }

  async #begin(outer: Slot | undefined): Promise<Transaction> {
    const parent = activeIn(outer);
    if (parent) return parent.nest();
    try {
      return Transaction.open(await this.#driver.begin(), this.#mapError, this.#isBroken);
    } catch (err) {
      throw this.#mapError(err);
    }
  }

  /**
   * Lends the engine's own connection to `fn` and gives back what `fn` returns — where a web.py app calls
   * `db._db_cursor()` to reach the driver. `conn` is a node-sqlite3-wasm `Database` (SQLite: the one
   * connection, so `conn.function('f', fn)` registers a function every later statement can call), a `pg`
   * `PoolClient` or a `mysql2` promise `PoolConnection`. Inside a transaction it is that transaction's
   * connection; otherwise one is taken for the call and nothing else uses it until `fn` settles. Do not
   * keep it after `fn` returns. Errors `fn` throws come back as they are, except that a lost connection is
   * the DatabaseUnavailableError (503) as everywhere else.
   */
  async withConnection<C = unknown, T = unknown>(fn: (conn: C) => T | Promise<T>): Promise<T> {
    const tx = this.#transaction();
    if (tx) return fn(tx.raw() as C);
    try {
      return await this.#driver.withConnection((raw) => fn(raw as C));
    } catch (err) {
      throw this.#mapError(err);
    }
  }

  /** Closes the connection or pool; later calls fail with "the database was closed". */
  close(): Promise<void> {
    return this.#driver.close();
  }
}

function open(params?: DatabaseParams | string): DBImpl {
  const name = requestedDbn(params);
  const custom = name === undefined ? undefined : registered.get(name);
  return typeof custom === 'function' ? new custom(params as DatabaseParams | string) : new DBImpl(params);
}

/**
 * Opens a database (web.py `web.database(dbn=..., db=...)`), callable with or without `new`:
 * `database({dbn: 'sqlite', db: 'todo.db'})`, `database('postgres://user:pw@host/db')`, or no argument
 * to use `DATABASE_URL`. A `dbn` added with {@link register_database} opens the registered engine.
 */
export const database = new Proxy(DBImpl, {
  apply: (_target, _this, args: [DatabaseParams | string | undefined]) => open(args[0]),
  construct: (_target, args: [DatabaseParams | string | undefined]) => open(args[0]),
}) as PyClass<typeof DBImpl>;

/**
 * The database class (web.py `web.db.DB`), callable with or without `new`; subclass it for
 * {@link register_database}. `database(...)` gives its instances.
 */
export const DB = pyclass(DBImpl);
/** A database handle returned by {@link database} (web.py `web.db.DB`). */
export type DB = DBImpl;

/**
 * Adds an engine under the name `dbn` (web.py `web.db.register_database(name, clazz)`): either a DB
 * subclass, which `web.database({dbn: name, ...})` then constructs with its argument, or a {@link Dialect}
 * (for instance a copy of a built-in one with another `connect`), which a DB then speaks through. A
 * registered name is looked up before the built-in ones.
 */
export function register_database(dbn: string, engine: DBClass | Dialect): void {
  if (typeof dbn !== 'string' || dbn === '')
    throw new TypeError('register_database: the name must be a string');
  if (typeof engine !== 'function' && (typeof engine !== 'object' || typeof engine?.connect !== 'function')) {
    throw new TypeError('register_database: give a DB subclass or a Dialect object (with connect())');
  }
  registered.set(dbn.toLowerCase(), engine);
}
