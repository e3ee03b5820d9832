import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DatabaseUnavailableError, database } from '../../src/db/index.js';
import { Latch } from '../helpers/sync.js';
import { databaseConformance } from './conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'webts-db-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));

databaseConformance(
  'sqlite',
  {
    makeDb: () => database({ dbn: 'sqlite', db: join(dir, 'conformance.db') }),
    prefix: 'wdb',
    caps: { nulInText: false },
  },
  undefined,
);

describe('sqlite: files', () => {
  test('the file is created when missing and keeps its data for the next db object', async () => {
    const file = join(dir, 'created.db');
    const db = database({ dbn: 'sqlite', db: file });
    await db.query('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    await db.insert('t', { v: 'kept' });
    await db.close();
    const again = database(`sqlite:///${file}`.replace('sqlite:////', 'sqlite:////'));
    assert.deepEqual(await again.select('t', { what: 'v' }), [{ v: 'kept' }]);
    await again.close();
  });

  test(':memory: databases work and are private to their db object', async () => {
    const a = database({ dbn: 'sqlite', db: ':memory:' });
    const b = database('sqlite:///:memory:');
    await a.query('CREATE TABLE t (v TEXT)');
    await a.insert('t', { v: 'x', seqname: false });
    assert.deepEqual(await a.select('t'), [{ v: 'x' }]);
    await assert.rejects(b.select('t'), /no such table/);
    await a.close();
    await b.close();
  });

  test('a file of garbage bytes gives a clear error naming it, and is left untouched', async () => {
    const file = join(dir, 'garbage.db');
    const junk = Buffer.alloc(8192, 0x5a);
    junk.write('this is not sqlite');
    writeFileSync(file, junk);
    const db = database({ dbn: 'sqlite', db: file });
    await assert.rejects(db.select('t'), (err: Error) => {
      assert.match(err.message, /garbage\.db.*file is not a database/);
      assert.ok(!(err instanceof DatabaseUnavailableError));
      return true;
    });
    await assert.rejects(
      db.transaction(() => db.query('SELECT 1')),
      /file is not a database/,
    );
    await assert.rejects(db.query('CREATE TABLE t (v TEXT)'), /file is not a database/);
    await db.close();
    assert.deepEqual(readFileSync(file), junk);
  });

  test('a path in a missing directory gives a clear error', async () => {
    const db = database({ dbn: 'sqlite', db: join(dir, 'no', 'such', 'dir', 'x.db') });
    await assert.rejects(db.query('SELECT 1'), /Could not open the database .*no[/\\]such[/\\]dir/);
    await db.close();
  });
});

describe('sqlite: one connection, serialised', () => {
  test('a statement from another request waits until an open transaction ends', async () => {
    const db = database({ dbn: 'sqlite', db: ':memory:' });
    await db.query('CREATE TABLE t (v TEXT)');
    const events: string[] = [];
    const gate = new Latch('the transaction to have begun');
    const asked = new Latch('the other flow to send its statement');
    // Started before the transaction, so it belongs to another async flow (another request).
    const other = (async () => {
      await gate.wait();
      asked.open();
      const rows = await db.select('t');
      events.push(`other saw ${rows.length}`);
    })();
    const t = await db.transaction();
    await db.insert('t', { v: 'in tx', seqname: false });
    gate.open();
    await asked.wait();
    // Sent after the other flow's statement: had that one not waited for the transaction, it would be
    // answered first (one connection, in order), and would have seen the uncommitted row.
    await db.select('t');
    events.push('commit');
    await t.commit();
    await other;
    assert.deepEqual(events, ['commit', 'other saw 1']);
    await db.close();
  });

  test('close() waits for the transaction in progress', async () => {
    const db = database({ dbn: 'sqlite', db: join(dir, 'close.db') });
    await db.query('CREATE TABLE IF NOT EXISTS t (v TEXT)');
    const halfway = new Latch('the transaction to write its first row');
    const resume = new Latch('close() to be called');
    const work = db.transaction(async () => {
      await db.insert('t', { v: 'a', seqname: false });
      halfway.open();
      await resume.wait();
      await db.insert('t', { v: 'b', seqname: false });
    });
    await halfway.wait();
    const closed = db.close(); // while the transaction is in progress
    resume.open();
    await Promise.all([work, closed]);
    const again = database({ dbn: 'sqlite', db: join(dir, 'close.db') });
    assert.equal((await again.select('t')).length, 2);
    await again.close();
  });
});

describe('sqlite: statement shapes', () => {
  test('a parameterless script runs every statement, not just the first', async () => {
    const db = database({ dbn: 'sqlite', db: ':memory:' });
    await db.query("CREATE TABLE a (v TEXT); CREATE TABLE b (v TEXT); INSERT INTO b VALUES ('x;y');");
    assert.deepEqual(await db.select('b'), [{ v: 'x;y' }]);
    await assert.rejects(
      db.query('INSERT INTO a VALUES ($v); DELETE FROM b', { vars: { v: 1 } }),
      /one statement at a time when it has parameters/,
    );
    assert.equal((await db.select('b')).length, 1);
    await db.close();
  });

  test("'returning' or 'select' inside quoted text does not turn an UPDATE into a query", async () => {
    const db = database({ dbn: 'sqlite', db: ':memory:' });
    await db.query('CREATE TABLE t (v TEXT)');
    await db.multiple_insert('t', [{ v: 'a' }, { v: 'b' }]);
    assert.equal(await db.query<number>("UPDATE t SET v = 'returning; select'"), 2);
    assert.deepEqual(
      await db.query("/* comment */ SELECT count(*) AS n FROM t WHERE v = 'returning; select'"),
      [{ n: 2 }],
    );
    assert.deepEqual(await db.query('INSERT INTO t (v) VALUES ($v) RETURNING v', { vars: { v: 'c' } }), [
      { v: 'c' },
    ]);
    await db.close();
  });

  test('printing = true writes each statement, values inlined, to stderr', async () => {
    const db = database({ dbn: 'sqlite', db: ':memory:' });
    db.printing = true;
    const lines: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      await db.query("SELECT $v AS v, 'lit' AS w", { vars: { v: "O'x" } });
    } finally {
      process.stderr.write = write;
    }
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^\d+\.\d{3} \(1\): SELECT 'O''x' AS v, 'lit' AS w\n$/);
    await db.close();
  });
});
