import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkIdentifier,
  database,
  reparam,
  SQLLiteral,
  SQLParam,
  SQLQuery,
  sqlliteral,
  sqlquote,
} from '../../src/db/index.js';

// None of these connect: a database object opens nothing until a statement runs, and _test never runs one.
const sqlite = database({ dbn: 'sqlite', db: ':memory:' });
const pg = database({ dbn: 'postgres', db: 'nowhere', host: '127.0.0.1', port: 1 });
const my = database({ dbn: 'mysql', db: 'nowhere', host: '127.0.0.1', port: 1 });

describe('reparam: $name becomes a bound parameter', () => {
  test('values go to values(), placeholders to query(), and String() inlines them quoted', () => {
    const q = reparam('title = $t AND id IN $ids AND x = $$ AND y = $d[0] AND z = $o.k', {
      t: "O'x",
      ids: [1, 2],
      d: [5],
      o: { k: 3 },
    });
    assert.equal(q.query(), 'title = ? AND id IN (?, ?) AND x = $ AND y = ? AND z = ?');
    assert.equal(q.query('dollar'), 'title = $1 AND id IN ($2, $3) AND x = $ AND y = $4 AND z = $5');
    assert.equal(q.query('format'), 'title = %s AND id IN (%s, %s) AND x = $ AND y = %s AND z = %s');
    assert.equal(q.query('numeric'), 'title = :1 AND id IN (:2, :3) AND x = $ AND y = :4 AND z = :5');
    assert.deepEqual(q.values(), ["O'x", 1, 2, 5, 3]);
    assert.equal(String(q), "title = 'O''x' AND id IN (1, 2) AND x = $ AND y = 5 AND z = 3");
  });

  test('$d["k"] and $d[\'k\'] index objects; chains go deeper', () => {
    const q = reparam(`a = $d["k"] AND b = $d['k'] AND c = $d.list[1].v`, {
      d: { k: 'v', list: [{}, { v: 9 }] },
    });
    assert.deepEqual(q.values(), ['v', 'v', 9]);
    assert.equal(q.query(), 'a = ? AND b = ? AND c = ?');
  });

  test('a $ not followed by a name stays literal text', () => {
    const q = reparam("price > $1 AND note = 'costs $' AND x = $", {});
    assert.equal(q.query(), "price > $1 AND note = 'costs $' AND x = $");
    assert.deepEqual(q.values(), []);
  });

  test('a dot or bracket that is not a member stays SQL text', () => {
    const q = reparam('a = $x. AND b IN $y[foo]', { x: 1, y: [2] });
    assert.equal(q.query(), 'a = ?. AND b IN (?)[foo]');
  });

  test('a missing var is an error that names it', () => {
    assert.throws(
      () => reparam('id = $id AND x = $missing', { id: 1 }),
      /\$missing but vars has no "missing"/,
    );
    assert.throws(() => reparam('id = $id'), /vars has no "id"/);
  });

  test('a missing property or indexing into a non-object is a clear error', () => {
    assert.throws(() => reparam('a = $o.nope', { o: {} }), /\$o\.nope but it has no such property/);
    assert.throws(() => reparam('a = $s.length', { s: 'text' }), /value before it is string/);
    assert.throws(() => reparam('a = $n[0]', { n: null }), /value before it is null/);
  });

  test('prototype members cannot be reached', () => {
    assert.throws(() => reparam('a = $o.constructor', { o: {} }), /may not refer/);
    assert.throws(() => reparam("a = $o['__proto__']", { o: {} }), /may not refer/);
    assert.throws(() => reparam('a = $toString', {}), /vars has no "toString"/);
  });

  test('vars may be a class instance (getters count) but must be an object', () => {
    class Form {
      title = 'own';
      get upper() {
        return 'GETTER';
      }
    }
    assert.deepEqual(reparam('a = $title AND b = $upper', new Form()).values(), ['own', 'GETTER']);
    assert.throws(
      () => reparam('a = $x', 'x' as unknown as Record<string, unknown>),
      /vars must be an object/,
    );
  });

  test('an empty array is refused (SQL has no empty list)', () => {
    assert.throws(() => reparam('id IN $ids', { ids: [] }), /vars\.ids is an empty array/);
  });

  test('SQLLiteral and SQLQuery values are inlined as SQL, not bound', () => {
    const q = reparam('a = $now AND $cond', {
      now: SQLLiteral('CURRENT_TIMESTAMP'),
      cond: reparam('b = $b', { b: 2 }),
    });
    assert.equal(q.query(), 'a = CURRENT_TIMESTAMP AND b = ?');
    assert.deepEqual(q.values(), [2]);
  });

  // How fast (linear time) is a speed claim for bench/, not a timed assertion here.
  test('a 1 MB SQL string with many vars is handled', () => {
    const sql = 'x = $v AND '.repeat(50_000) + 'y';
    const q = reparam(sql, { v: 1 });
    assert.equal(q.values().length, 50_000);
    assert.equal(q.query(), `${'x = ? AND '.repeat(50_000)}y`);
  });
});

describe('sqlquote, SQLLiteral, SQLQuery', () => {
  test('sqlquote renders values as safe SQL literals', () => {
    assert.equal(String(sqlquote("a'b")), "'a''b'");
    assert.equal(String(sqlquote([1, 'x'])), "(1, 'x')");
    assert.equal(String(sqlquote(null)), 'NULL');
    assert.equal(String(sqlquote(true)), 'TRUE');
    assert.equal(String(sqlquote(12345678901234567890n)), '12345678901234567890');
    assert.equal(String(sqlquote(new Date('2020-01-02T03:04:05Z'))), "'2020-01-02 03:04:05'");
    assert.equal(String(sqlquote(new Uint8Array([0, 255]))), "X'00ff'");
    assert.deepEqual(sqlquote("a'b").values(), ["a'b"]);
  });

  test('SQLLiteral is callable with or without new, and sqlliteral is its alias', () => {
    assert.equal(String(SQLLiteral('NOW()')), 'NOW()');
    assert.equal(String(new SQLLiteral('NOW()')), 'NOW()');
    assert.ok(sqlliteral('x') instanceof SQLLiteral);
    assert.equal(String(sqlquote(SQLLiteral('DEFAULT'))), 'DEFAULT');
  });

  test('SQLQuery.join and concat keep parameters apart from text', () => {
    const q = SQLQuery.join(['a = ', new SQLParam(1), ' AND b = ', new SQLParam('x')], '');
    assert.equal(q.query(), 'a = ? AND b = ?');
    const joined = SQLQuery.join([sqlquote(1), sqlquote(2)], ', ');
    assert.equal(String(joined), '1, 2');
    assert.equal(String(new SQLQuery('SELECT ').concat(sqlquote('%'))), "SELECT '%'");
    assert.equal(SQLQuery('a %').concat(sqlquote(1)).query('format'), 'a %%%s');
  });
});

describe('checkIdentifier', () => {
  test('plain names and schema.table pass', () => {
    for (const name of ['todo', 'public.todo', '_t1', 'café', 't$1'])
      assert.equal(checkIdentifier(name, 'table name'), name);
  });

  test('quotes, semicolons, spaces, comments and odd characters are refused', () => {
    const bad = [
      'a"b',
      "a'b",
      'a`b',
      'a;b',
      'a b',
      'a\tb',
      'a--b',
      'a/*',
      '1abc',
      '',
      'a.b.c',
      'a\0',
      'x'.repeat(200),
    ];
    for (const name of bad) assert.throws(() => checkIdentifier(name, 'table name'), /invalid table name/);
    assert.throws(() => checkIdentifier(42, 'column name'), /invalid column name 42/);
  });
});

describe('_test: true returns the SQLQuery instead of running it (web.py parity)', () => {
  test('select with where/vars/order/limit/offset', () => {
    const q = sqlite.select('todo', {
      where: 'id > $x',
      vars: { x: 1 },
      order: 'id DESC',
      limit: 2,
      offset: 1,
      _test: true,
    });
    assert.equal(String(q), 'SELECT * FROM todo WHERE id > 1 ORDER BY id DESC LIMIT 2 OFFSET 1');
    assert.equal(q.query(), 'SELECT * FROM todo WHERE id > ? ORDER BY id DESC LIMIT ? OFFSET ?');
    assert.deepEqual(q.values(), [1, 2, 1]);
  });

  test('what, table lists, group', () => {
    assert.equal(
      String(sqlite.select('todo', { what: 'id, title', where: 'id < 3', _test: true })),
      'SELECT id, title FROM todo WHERE id < 3',
    );
    assert.equal(String(sqlite.select(['a', 'b'], { _test: true })), 'SELECT * FROM a, b');
    assert.equal(
      String(sqlite.select('todo', { what: 'a, count(*)', group: 'a', _test: true })),
      'SELECT a, count(*) FROM todo GROUP BY a',
    );
  });

  test('where object (sorted, AND), where number (id), db.where', () => {
    assert.equal(
      String(sqlite.select('todo', { where: { b: 1, a: 'x' }, _test: true })),
      "SELECT * FROM todo WHERE a = 'x' AND b = 1",
    );
    assert.equal(String(sqlite.select('todo', { where: 3, _test: true })), 'SELECT * FROM todo WHERE id = 3');
    assert.equal(
      String(sqlite.where('todo', { done: 0, title: 'a', _test: true })),
      "SELECT * FROM todo WHERE done = 0 AND title = 'a'",
    );
    assert.equal(
      String(sqlite.where('todo', { done: null, id: [1, 2], order: 'id', limit: 5, _test: true })),
      'SELECT * FROM todo WHERE done IS NULL AND id IN (1, 2) ORDER BY id LIMIT 5',
    );
  });

  test('insert: columns sorted, SQLLiteral inlined, empty row uses the dialect default form', () => {
    assert.equal(
      String(sqlite.insert('todo', { title: 'x', a: 1, _test: true })),
      "INSERT INTO todo (a, title) VALUES (1, 'x')",
    );
    assert.equal(
      String(sqlite.insert('todo', { created: SQLLiteral('CURRENT_TIMESTAMP'), _test: true })),
      'INSERT INTO todo (created) VALUES (CURRENT_TIMESTAMP)',
    );
    assert.equal(String(sqlite.insert('todo', { _test: true })), 'INSERT INTO todo DEFAULT VALUES');
    assert.equal(String(my.insert('todo', { _test: true })), 'INSERT INTO todo () VALUES ()');
    assert.equal(
      String(pg.insert('todo', { title: 'x', _test: true })),
      "INSERT INTO todo (title) VALUES ('x') RETURNING *",
    );
    assert.equal(
      String(pg.insert('todo', { title: 'x', seqname: false, _test: true })),
      "INSERT INTO todo (title) VALUES ('x')",
    );
  });

  test('postgres seqname is a bound parameter, never pasted (CVE-2025-3818)', () => {
    const q = pg.insert('todo', { title: 'x', seqname: "s'); DROP TABLE todo; --", _test: true });
    assert.equal(q.query('dollar'), 'INSERT INTO todo (title) VALUES ($1) RETURNING currval($2) AS id');
    assert.deepEqual(q.values(), ['x', "s'); DROP TABLE todo; --"]);
  });

  test('multiple_insert: one statement per row on SQLite, one multi-row statement elsewhere', () => {
    const rows = [
      { a: 1, b: 2 },
      { b: 4, a: 3 },
    ];
    assert.deepEqual(sqlite.multiple_insert('todo', rows, { _test: true }).map(String), [
      'INSERT INTO todo (a, b) VALUES (1, 2)',
      'INSERT INTO todo (a, b) VALUES (3, 4)',
    ]);
    assert.deepEqual(my.multiple_insert('todo', rows, { _test: true }).map(String), [
      'INSERT INTO todo (a, b) VALUES (1, 2), (3, 4)',
    ]);
    assert.deepEqual(pg.multiple_insert('todo', rows, { _test: true }).map(String), [
      'INSERT INTO todo (a, b) VALUES (1, 2), (3, 4) RETURNING *',
    ]);
    assert.throws(
      () => sqlite.multiple_insert('todo', [{ a: 1 }, { b: 1 }], { _test: true }),
      /row 1 has columns b/,
    );
  });

  test('update and delete', () => {
    assert.equal(
      String(
        sqlite.update('todo', { where: 'id=$id', vars: { id: 1 }, title: 'x', done: true, _test: true }),
      ),
      "UPDATE todo SET done = TRUE, title = 'x' WHERE id=1",
    );
    assert.equal(
      String(sqlite.delete('todo', { where: 'id=$id', vars: { id: 1 }, _test: true })),
      'DELETE FROM todo WHERE id=1',
    );
    assert.equal(
      String(pg.delete('t', { where: 'x=1', using: 'u', _test: true })),
      'DELETE FROM t USING u WHERE x=1',
    );
    assert.equal(String(sqlite.delete('todo', { where: '', _test: true })), 'DELETE FROM todo');
  });

  test('query: $vars substituted unless processed; placeholders follow the dialect', () => {
    const q = pg.query('SELECT * FROM t WHERE a = $a AND b = $b', { vars: { a: 1, b: 'x' }, _test: true });
    assert.equal(q.query('dollar'), 'SELECT * FROM t WHERE a = $1 AND b = $2');
    assert.equal(String(pg.query('SELECT $a', { processed: true, _test: true })), 'SELECT $a');
  });

  test("String() follows the dialect's quoting: MySQL also doubles backslashes", () => {
    const vars = { t: "a\\'b" };
    assert.equal(String(sqlite.query('SELECT $t', { vars, _test: true })), "SELECT 'a\\''b'");
    assert.equal(String(my.query('SELECT $t', { vars, _test: true })), "SELECT 'a\\\\''b'");
  });

  test('bad table names fail at build time, even with _test', () => {
    assert.throws(() => sqlite.select('todo; DROP TABLE todo', { _test: true }), /invalid table name/);
    assert.throws(() => sqlite.insert('todo', { 'a b': 1, _test: true }), /invalid column name/);
    assert.throws(() => pg.delete('t', { where: '', using: 'u; --', _test: true }), /invalid table name/);
  });
});
