/**
 * `db.withConnection(fn)`: the raw driver connection, where web.py apps call `db._db_cursor()` (to
 * register an SQLite function, or to use the pg client directly).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as MySQL from 'mysql2/promise';
import type { Database as SqliteDatabase } from 'node-sqlite3-wasm';
import type * as PG from 'pg';
import web from '../../src/index.js';
import { serverMissing } from '../helpers/servers.js';

const pgMissing = await serverMissing('postgres');
const myMissing = await serverMissing('mysql');

describe('sqlite: withConnection', () => {
  test('a function registered on the raw connection is callable from db.query', async () => {
    const db = web.database({ dbn: 'sqlite', db: ':memory:' });
    await db.withConnection((conn: SqliteDatabase) => {
      conn.function('double_it', (x) => Number(x) * 2, { deterministic: true });
      conn.function('regexp', (pattern, value) =>
        new RegExp(String(pattern), 'i').test(String(value)) ? 1 : 0,
      );
    });
    assert.deepEqual(await db.query('SELECT double_it($n) AS d', { vars: { n: 21 } }), [{ d: 42 }]);
    await db.query('CREATE TABLE book (title TEXT)');
    await db.multiple_insert('book', [{ title: 'Little Women' }, { title: 'Dune' }]);
    assert.deepEqual(await db.select('book', { where: 'title REGEXP $re', vars: { re: '.*little.*' } }), [
      { title: 'Little Women' },
    ]);
    await db.close();
  });

  test("inside a transaction it is the transaction's connection; fn's value and errors come back", async () => {
    const db = web.database({ dbn: 'sqlite', db: ':memory:' });
    await db.query('CREATE TABLE t (v TEXT)');
    const seen = await db.transaction(async () => {
      await db.insert('t', { v: 'uncommitted', seqname: false });
      return db.withConnection((conn: SqliteDatabase) => conn.all('SELECT v FROM t'));
    });
    assert.deepEqual(seen, [{ v: 'uncommitted' }]);
    await assert.rejects(
      db.withConnection(() => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await db.query('SELECT count(*) AS n FROM t'), [{ n: 1 }], 'the lock was given back');
    await db.close();
  });
});

describe('postgres: withConnection', { skip: pgMissing }, () => {
  test('a pg PoolClient; inside a transaction the one holding it', async () => {
    const db = web.database({ dbn: 'postgres', db: 'test', user: 'postgres', host: '127.0.0.1' });
    const table = `wdb_conn_pg_${process.pid}`;
    try {
      const r = await db.withConnection((client: PG.PoolClient) => client.query('SELECT 1 + 1 AS two'));
      assert.deepEqual(r.rows, [{ two: 2 }]);
      await db.query(`CREATE TABLE ${table} (v TEXT)`);
      const seen = await db.transaction(async () => {
        await db.insert(table, { v: 'inside', seqname: false });
        return db.withConnection(
          async (client: PG.PoolClient) => (await client.query(`SELECT v FROM ${table}`)).rows,
        );
      });
      assert.deepEqual(seen, [{ v: 'inside' }]);
      // A client lent outside a transaction is not the one a transaction holds: it sees no uncommitted row.
      let inserted!: () => void;
      let finish!: () => void;
      const insertedLatch = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      const gate = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const running = db.transaction(async () => {
        await db.insert(table, { v: 'pending', seqname: false });
        inserted();
        await gate;
        throw new Error('roll back');
      });
      await insertedLatch;
      const outside = await db.withConnection(
        async (client: PG.PoolClient) => (await client.query(`SELECT v FROM ${table}`)).rows,
      );
      finish();
      await assert.rejects(running, /roll back/);
      assert.deepEqual(outside, [{ v: 'inside' }]);
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    }
  });
});

describe('mysql: withConnection', { skip: myMissing }, () => {
  test('a mysql2 PoolConnection', async () => {
    const db = web.database({ dbn: 'mysql', db: 'test', user: 'root', host: '127.0.0.1' });
    try {
      const [rows] = await db.withConnection((conn: MySQL.PoolConnection) =>
        conn.query('SELECT 1 + 1 AS two'),
      );
      assert.deepEqual(rows, [{ two: 2 }]);
    } finally {
      await db.close();
    }
  });
});
