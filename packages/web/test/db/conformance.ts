/**
 * The behaviour every `web.database` engine must share, written once and run against SQLite, PostgreSQL
 * and MySQL by sqlite.test.ts / postgres.test.ts / mysql.test.ts (like web.py's DBTest base class).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DatabaseUnavailableError, type DB, type Dbn, type Row, SQLLiteral } from '../../src/db/index.js';
import { hostileSuite } from './conformance-hostile.js';
import { transactionSuite } from './conformance-tx.js';

/** How one engine differs where the contract allows it (see docs/database.md). */
export interface Caps {
  /** Can a TEXT column hold "\0"? (MySQL yes; SQLite and PostgreSQL refuse it with an error). */
  nulInText: boolean;
}

/** What each suite gets: a factory and a unique table name prefix for this test file. */
export interface SuiteContext {
  makeDb: () => DB;
  prefix: string;
  caps: Caps;
}

/** Column definition of an auto-numbered integer primary key named id. */
export function idColumn(dbn: Dbn): string {
  if (dbn === 'postgres') return 'id SERIAL PRIMARY KEY';
  if (dbn === 'mysql') return 'id INT AUTO_INCREMENT PRIMARY KEY';
  return 'id INTEGER PRIMARY KEY';
}

/** Creates the todo table used by the suites: id, title TEXT, done BOOLEAN, created TIMESTAMP. */
export async function createTodo(db: DB, table: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  const ts = db.dbn === 'mysql' ? 'DATETIME(3)' : db.dbn === 'postgres' ? 'TIMESTAMP(3)' : 'TIMESTAMP';
  // MySQL's TEXT stops at 64 KB; the hostile suite stores 1 MB.
  const text = db.dbn === 'mysql' ? 'LONGTEXT' : 'TEXT';
  const blob = db.dbn === 'mysql' ? 'LONGBLOB' : db.dbn === 'postgres' ? 'BYTEA' : 'BLOB';
  await db.query(
    `CREATE TABLE ${table} (${idColumn(db.dbn)}, title ${text}, done BOOLEAN NOT NULL DEFAULT false, ` +
      `created ${ts} NULL, n INTEGER NULL, bin ${blob} NULL)`,
  );
}

/** Reads a DATETIME/TIMESTAMP the way each engine returns it (SQLite: UTC text) as a Date. */
/**
 * A fresh todo table for one describe block: created before its tests, emptied before each one,
 * dropped (and the database closed) after. `use` receives the opened database.
 */
export function useTodoTable(makeDb: () => DB, todo: string, use: (db: DB) => void): void {
  let db: DB;
  before(async () => {
    db = makeDb();
    use(db);
    await createTodo(db, todo);
  });
  after(async () => {
    await db.query(`DROP TABLE IF EXISTS ${todo}`);
    await db.close();
  });
  beforeEach(async () => {
    await db.delete(todo, { where: '' });
  });
}

export function asDate(v: unknown): Date {
  if (v instanceof Date) return v;
  assert.equal(typeof v, 'string');
  return new Date(`${String(v).replace(' ', 'T')}Z`);
}

/** Registers the whole conformance suite for one engine. */
export function databaseConformance(name: string, ctx: SuiteContext, skip: string | undefined): void {
  describe(`${name}: web.database conformance`, { skip }, () => {
    crudSuite(ctx);
    transactionSuite(ctx);
    hostileSuite(ctx);
  });
}

function crudSuite(ctx: SuiteContext): void {
  describe('basics', () => basics(ctx));
}

function basics({ makeDb, prefix }: SuiteContext): void {
  const todo = `${prefix}_todo`;
  let db: DB;
  useTodoTable(makeDb, todo, (opened) => {
    db = opened;
  });

  describe('select, insert, update, delete', () => {
    test('insert returns the new row id and select returns plain-object rows', async () => {
      const id = await db.insert(todo, { title: 'buy milk' });
      assert.equal(typeof id, 'number');
      const rows = await db.select(todo);
      assert.ok(Array.isArray(rows));
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.id, id);
      assert.equal(rows[0]?.title, 'buy milk');
      assert.equal(Object.getPrototypeOf(rows[0]), Object.prototype);
    });

    test('select honours what, where with $vars, order, limit and offset', async () => {
      await db.multiple_insert(
        todo,
        ['a', 'b', 'c', 'd'].map((t, i) => ({ title: t, n: i })),
      );
      const rows = await db.select(todo, {
        what: 'title, n',
        where: 'n >= $min',
        vars: { min: 1 },
        order: 'n DESC',
        limit: 2,
        offset: 1,
      });
      assert.deepEqual(rows, [
        { title: 'c', n: 2 },
        { title: 'b', n: 1 },
      ]);
    });

    test('limit and offset given as numeric strings (from a form) work and are bound', async () => {
      await db.multiple_insert(todo, [{ title: 'a' }, { title: 'b' }]);
      assert.equal((await db.select(todo, { limit: '1' })).length, 1);
      await assert.rejects(
        db.select(todo, { limit: '1; DROP TABLE x' }),
        /limit must be a non-negative integer/,
      );
      await assert.rejects(db.select(todo, { offset: -1 }), /offset must be a non-negative integer/);
    });

    test('select with group counts per group', async () => {
      await db.multiple_insert(todo, [
        { title: 'x', n: 1 },
        { title: 'x', n: 2 },
        { title: 'y', n: 3 },
      ]);
      const rows = await db.select(todo, { what: 'title, count(*) AS c', group: 'title', order: 'title' });
      assert.deepEqual(rows, [
        { title: 'x', c: 2 },
        { title: 'y', c: 1 },
      ]);
    });

    test('where as an object ANDs sorted columns; null is IS NULL, an array is IN', async () => {
      await db.multiple_insert(todo, [
        { title: 'a', n: 1 },
        { title: 'b', n: null },
        { title: 'c', n: 3 },
      ]);
      assert.deepEqual((await db.select(todo, { what: 'title', where: { title: 'a', n: 1 } })).length, 1);
      assert.deepEqual(await db.select(todo, { what: 'title', where: { n: null } }), [{ title: 'b' }]);
      const inList = await db.select(todo, { what: 'title', where: { title: ['a', 'c'] }, order: 'title' });
      assert.deepEqual(inList, [{ title: 'a' }, { title: 'c' }]);
    });

    test('where as a number means id = n', async () => {
      const id = await db.insert(todo, { title: 'by id' });
      await db.insert(todo, { title: 'other' });
      assert.deepEqual(await db.select(todo, { what: 'title', where: Number(id) }), [{ title: 'by id' }]);
    });

    test('db.where matches column values and takes select options', async () => {
      await db.multiple_insert(todo, [
        { title: 'a', done: true },
        { title: 'b', done: false },
        { title: 'c', done: false },
      ]);
      const rows = await db.where(todo, { done: false, what: 'title', order: 'title DESC' });
      assert.deepEqual(rows, [{ title: 'c' }, { title: 'b' }]);
    });

    test('update returns the number of rows matched and changes them', async () => {
      const id = await db.insert(todo, { title: 'old' });
      await db.insert(todo, { title: 'keep' });
      assert.equal(await db.update(todo, { where: 'id=$id', vars: { id }, title: 'new', done: true }), 1);
      const [row] = await db.select(todo, { where: { id } });
      assert.equal(row?.title, 'new');
      assert.equal(Boolean(row?.done), true);
      assert.equal(await db.update(todo, { where: 'id = $id', vars: { id: -1 }, title: 'none' }), 0);
    });

    test('update and delete refuse to run without a where', async () => {
      await db.insert(todo, { title: 'safe' });
      await assert.rejects(
        db.update(todo, { title: 'x' } as unknown as Parameters<DB['update']>[1]),
        /needs a where/,
      );
      await assert.rejects(db.delete(todo, {} as Parameters<DB['delete']>[1]), /needs a where/);
      assert.equal((await db.select(todo))[0]?.title, 'safe');
    });

    test("delete returns rows deleted; where '' deletes every row", async () => {
      await db.multiple_insert(todo, [{ title: 'a' }, { title: 'b' }, { title: 'c' }]);
      assert.equal(await db.delete(todo, { where: 'title=$t', vars: { t: 'b' } }), 1);
      assert.equal(await db.delete(todo, { where: '' }), 2);
      assert.deepEqual(await db.select(todo), []);
    });

    test('insert with no columns inserts a row of defaults; seqname false returns undefined', async () => {
      const id = await db.insert(todo);
      assert.equal(typeof id, 'number');
      assert.equal(await db.insert(todo, { title: 'x', seqname: false }), undefined);
      assert.equal((await db.select(todo)).length, 2);
    });

    test('multiple_insert returns the id of each row in order', async () => {
      const ids = await db.multiple_insert(todo, [{ title: 'one' }, { title: 'two' }, { title: 'three' }]);
      assert.equal(ids?.length, 3);
      for (const [i, title] of ['one', 'two', 'three'].entries()) {
        const found: Row[] = await db.select(todo, { what: 'title', where: { id: ids?.[i] } });
        assert.equal(found[0]?.title, title);
      }
      assert.deepEqual(await db.multiple_insert(todo, []), []);
    });

    test('multiple_insert rejects rows with different columns and inserts none', async () => {
      await assert.rejects(
        db.multiple_insert(todo, [{ title: 'a' }, { title: 'b', n: 1 }]),
        /every row needs/,
      );
      assert.deepEqual(await db.select(todo), []);
    });

    test('SQLLiteral values are inlined as SQL (CURRENT_TIMESTAMP)', async () => {
      const id = await db.insert(todo, { title: 't', created: SQLLiteral('CURRENT_TIMESTAMP') });
      const [row] = await db.select(todo, { where: { id } });
      const age = Date.now() - asDate(row?.created).getTime();
      assert.ok(Math.abs(age) < 120_000, `CURRENT_TIMESTAMP is UTC now (off by ${age} ms)`);
    });
  });

  describe('query', () => {
    test('a SELECT returns an array of rows; count(*) is a number', async () => {
      await db.multiple_insert(todo, [{ title: 'buy milk' }, { title: 'milk shake' }, { title: 'bread' }]);
      const rows = await db.query(`SELECT count(*) AS n FROM ${todo} WHERE title LIKE $q`, {
        vars: { q: '%milk%' },
      });
      assert.deepEqual(rows, [{ n: 2 }]);
    });

    test('a non-SELECT returns the number of rows changed', async () => {
      await db.multiple_insert(todo, [{ title: 'a' }, { title: 'b' }]);
      assert.equal(await db.query<number>(`UPDATE ${todo} SET n = $n`, { vars: { n: 7 } }), 2);
      assert.equal(await db.query<number>(`DELETE FROM ${todo}`), 2);
    });

    test('$name.attr, $name[0], $name["k"] and $$ work in executed SQL', async () => {
      await db.insert(todo, { title: 'a$b', n: 5 });
      const rows = await db.query(
        `SELECT title FROM ${todo} WHERE n = $o.n AND n = $list[1] AND n = $m["k"] AND title = 'a$$b'`,
        { vars: { o: { n: 5 }, list: [0, 5], m: { k: 5 } } },
      );
      assert.deepEqual(rows, [{ title: 'a$b' }]);
    });

    test('an array var becomes an IN list of parameters', async () => {
      const ids = await db.multiple_insert(todo, [{ title: 'a' }, { title: 'b' }, { title: 'c' }]);
      const rows = await db.query(`SELECT title FROM ${todo} WHERE id IN $ids ORDER BY title`, {
        vars: { ids: [ids?.[0], ids?.[2]] },
      });
      assert.deepEqual(rows, [{ title: 'a' }, { title: 'c' }]);
      await assert.rejects(
        db.query(`SELECT * FROM ${todo} WHERE id IN $ids`, { vars: { ids: [] } }),
        /empty array/,
      );
    });

    test('a missing var is an error naming it, and nothing runs', async () => {
      await db.insert(todo, { title: 'stay' });
      await assert.rejects(
        db.query(`DELETE FROM ${todo} WHERE id = $idd`, { vars: { id: 1 } }),
        /\$idd but vars has no "idd"/,
      );
      assert.equal((await db.select(todo)).length, 1);
    });

    test('a bad statement is a plain error, not the 503 unavailable error', async () => {
      await assert.rejects(db.query('SELEC nonsense'), (err: Error) => {
        assert.ok(!(err instanceof DatabaseUnavailableError));
        assert.equal((err as { status?: number }).status, undefined);
        return true;
      });
      await assert.rejects(
        db.select(`${prefix}_no_such_table`),
        (err: Error) => !(err instanceof DatabaseUnavailableError),
      );
    });
  });

  describe('values', () => {
    test('booleans written as true/false are found by where $done and read back as truthy/falsy', async () => {
      await db.multiple_insert(todo, [
        { title: 'yes', done: true },
        { title: 'no', done: false },
      ]);
      const open = await db.select(todo, { where: 'done=$done', vars: { done: false } });
      assert.deepEqual(
        open.map((r) => r.title),
        ['no'],
      );
      const [yes] = await db.select(todo, { where: { title: 'yes' } });
      assert.equal(yes?.done, db.dbn === 'postgres' ? true : 1);
    });

    test('a Date is stored as that instant (UTC) and comparable with a Date parameter', async () => {
      const when = new Date('2021-06-01T12:34:56.789Z');
      const id = await db.insert(todo, { title: 'dated', created: when });
      const [row] = await db.select(todo, { where: { id } });
      assert.equal(asDate(row?.created).toISOString(), when.toISOString());
      if (db.dbn === 'sqlite') assert.equal(row?.created, '2021-06-01 12:34:56.789');
      else assert.ok(row?.created instanceof Date);
      const later = await db.select(todo, {
        where: 'created < $t',
        vars: { t: new Date('2021-06-02T00:00:00Z') },
      });
      assert.equal(later.length, 1);
      const earlier = await db.select(todo, {
        where: 'created < $t',
        vars: { t: new Date('2021-06-01T00:00:00Z') },
      });
      assert.equal(earlier.length, 0);
    });

    test('a DATE reads as UTC midnight on the server engines, and as text on SQLite (no date type)', async () => {
      if (db.dbn === 'sqlite') {
        const [row] = await db.query(`SELECT date('2021-06-01') AS d`);
        assert.equal(row?.d, '2021-06-01');
        return;
      }
      const [row] = await db.query(`SELECT DATE '2021-06-01' AS d`);
      assert.ok(row?.d instanceof Date);
      assert.equal(row.d.toISOString(), '2021-06-01T00:00:00.000Z');
    });

    test('an invalid Date, an undefined value or an object is refused with a clear error', async () => {
      await assert.rejects(db.insert(todo, { created: new Date('nope') }), /created is an invalid Date/);
      await assert.rejects(db.insert(todo, { title: undefined }), /column title is undefined; use null/);
      await assert.rejects(db.query('SELECT $x AS x', { vars: { x: { a: 1 } } }), /vars.x is an object/);
    });
  });

  describe('sessions schema', () => {
    test('dialect.sessionTableSQL creates web.py session table, idempotently, with atime defaulting to now', async () => {
      const table = `${prefix}_sessions`;
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      try {
        await db.query(db.dialect.sessionTableSQL(table));
        await db.query(db.dialect.sessionTableSQL(table));
        await db.insert(table, { session_id: 'a'.repeat(128), data: 'payload', seqname: false });
        // Session data past 64 KB (where MySQL's TEXT stops) still fits.
        const big = 'd'.repeat(100_000);
        await db.insert(table, { session_id: 'b'.repeat(128), data: big, seqname: false });
        assert.equal((await db.select(table, { where: { session_id: 'b'.repeat(128) } }))[0]?.data, big);
        const [row] = await db.select(table, { where: { session_id: 'a'.repeat(128) } });
        assert.equal(row?.data, 'payload');
        assert.ok(Math.abs(Date.now() - asDate(row?.atime).getTime()) < 120_000);
        await assert.rejects(db.insert(table, { session_id: 'a'.repeat(128), data: 'dup', seqname: false }));
        assert.ok(/TIMESTAMP|DATETIME/.test(db.dialect.sessionTableSQL(table)));
        assert.throws(() => db.dialect.sessionTableSQL('s; DROP TABLE x'), /invalid table name/);
      } finally {
        await db.query(`DROP TABLE IF EXISTS ${table}`);
      }
    });
  });

  describe('close', () => {
    test('after close() calls fail with a clear error; close twice is fine', async () => {
      const other = makeDb();
      assert.equal((await other.query('SELECT 1 AS one'))[0]?.one, 1);
      await other.close();
      await other.close();
      await assert.rejects(other.query('SELECT 1 AS one'), /closed/);
    });
  });
}
