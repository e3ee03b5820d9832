/** Hostile input part of the conformance suite: every value is data, never SQL (see conformance.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DB } from '../../src/db/index.js';
import { type SuiteContext, useTodoTable } from './conformance.js';

/** Values an attacker might send through a form field; each must round-trip unchanged. */
export const NASTY: readonly string[] = [
  "O'Reilly",
  "'; DROP TABLE todo; --",
  "' OR '1'='1",
  '" OR ""="',
  "\\'; DELETE FROM todo; -- ",
  'back\\slash\\',
  '/* comment */ SELECT 1',
  '-- just a comment',
  '$title $$ $1 ? %s :1 @x',
  '%_%',
  'line\r\nbreak\ttab\u0008\u001b[31m',
  'emoji 😀 and ünïcödé 中文 \u202e',
  '\ufffd replacement char',
  '',
];

export function hostileSuite({ makeDb, prefix, caps }: SuiteContext): void {
  const todo = `${prefix}_bad`;
  let db: DB;

  const intact = async (expected: number) => {
    const [row] = await db.query<{ n: number }[]>(`SELECT count(*) AS n FROM ${todo}`);
    assert.equal(row?.n, expected, 'the table is still there with its rows');
  };
  const roundTrip = async (value: string, expected = value) => {
    const id = await db.insert(todo, { title: value });
    const [row] = await db.select(todo, { where: 'id = $id', vars: { id } });
    assert.equal(row?.title, expected);
    const found = await db.select(todo, { what: 'id', where: 'title = $v', vars: { v: value } });
    assert.ok(
      found.some((r) => r.id === id),
      'the value is found by equality',
    );
    const byObject = await db.where(todo, { title: value });
    assert.ok(byObject.some((r) => r.id === id));
  };

  describe('hostile input', () => {
    useTodoTable(makeDb, todo, (opened) => {
      db = opened;
    });

    test('injection attempts in values are stored and read back verbatim, table intact', async () => {
      for (const value of NASTY) await roundTrip(value);
      await intact(NASTY.length);
      const updated = await db.update(todo, {
        where: 'title = $t',
        vars: { t: "' OR '1'='1" },
        title: "x' --",
      });
      assert.equal(updated, 1);
      assert.equal(await db.delete(todo, { where: 'title = $t', vars: { t: "' OR 1=1 --" } }), 0);
      await intact(NASTY.length);
    });

    test('a value that looks like $var is not interpolated again', async () => {
      const id = await db.insert(todo, { title: '$secret' });
      const rows = await db.query(`SELECT title FROM ${todo} WHERE title = $t`, {
        vars: { t: '$secret', secret: 'x' },
      });
      assert.deepEqual(rows, [{ title: '$secret' }]);
      assert.ok(id !== undefined);
    });

    test('a 1 MB string round-trips', async () => {
      const big = `${'x'.repeat(1 << 19)}'";--${'y'.repeat(1 << 19)}`;
      await roundTrip(big);
      await intact(1);
    });

    test('lone surrogates are stored as U+FFFD (UTF-8 cannot carry them); the rest is kept', async () => {
      await roundTrip('a\ud800b\udfffc', 'a\ufffdb\ufffdc');
      await roundTrip('pair 😀 kept', 'pair 😀 kept');
      await intact(2);
    });

    test(
      caps.nulInText ? 'NUL bytes round-trip' : 'NUL bytes are refused with a clear error, table intact',
      async () => {
        const value = "a\0b'\0; DROP TABLE x";
        if (caps.nulInText) {
          await roundTrip(value);
          await intact(1);
        } else {
          await assert.rejects(db.insert(todo, { title: value }), /cannot hold NUL/);
          await intact(0);
        }
      },
    );

    test('every byte value round-trips through a BLOB column, NUL included', async () => {
      const bytes = new Uint8Array(512).map((_, i) => i % 256);
      const id = await db.insert(todo, { title: 'bin', bin: bytes });
      const [row] = await db.select(todo, { where: { id } });
      assert.ok(row?.bin instanceof Uint8Array);
      assert.deepEqual(Buffer.from(row.bin), Buffer.from(bytes));
    });

    test('injection in LIKE patterns and IN lists stays data', async () => {
      await db.multiple_insert(todo, [{ title: 'a' }, { title: 'b' }]);
      const rows = await db.query(`SELECT title FROM ${todo} WHERE title LIKE $p`, {
        vars: { p: "%' OR '1'='1" },
      });
      assert.deepEqual(rows, []);
      const list = await db.select(todo, { where: 'title IN $l', vars: { l: ["a') OR ('1'='1", 'b'] } });
      assert.deepEqual(
        list.map((r) => r.title),
        ['b'],
      );
    });

    test('table and column names with quotes, ; or spaces are refused before anything runs', async () => {
      await db.insert(todo, { title: 'keep' });
      const bad = [
        `${todo}; DROP TABLE ${todo}`,
        `${todo}"`,
        `${todo}'`,
        `${todo} --`,
        `\`${todo}\``,
        '',
        'a b',
      ];
      for (const name of bad) {
        await assert.rejects(db.select(name), /invalid table name/);
        await assert.rejects(db.insert(name, { title: 'x' }), /invalid table name/);
        await assert.rejects(db.delete(name, { where: '' }), /invalid table name/);
      }
      await assert.rejects(db.insert(todo, { 'title) VALUES (1); --': 'x' }), /invalid column name/);
      await assert.rejects(db.where(todo, { "title = '' OR 1=1 --": 'x' }), /invalid column name/);
      await assert.rejects(db.update(todo, { where: '', 'done=1, title': 'x' }), /invalid column name/);
      await intact(1);
    });

    test('the _test text quotes values so the inlined form is harmless too', () => {
      const q = db.select(todo, { where: 'title = $t', vars: { t: "x' OR '1'='1" }, _test: true });
      assert.match(String(q), /title = 'x'' OR ''1''=''1'/);
      assert.deepEqual(q.values(), ["x' OR '1'='1"]);
      assert.doesNotMatch(q.query(), /OR/);
    });
  });
}
