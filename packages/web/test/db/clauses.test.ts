/**
 * `what`, `order` and `group` are pasted into the SQL (as in web.py), so a plain string must fit a small
 * grammar; anything else is refused before any SQL is built, unless wrapped in web.SQLLiteral.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkClause, UnsafeClauseError } from '../../src/db/index.js';
import web from '../../src/index.js';

const db = web.database({ dbn: 'sqlite', db: ':memory:' });

describe('what/order/group: what passes', () => {
  test('order: columns, t.col, positions, ASC/DESC, NULLS FIRST/LAST, commas, $name', () => {
    for (const order of [
      'id',
      'id DESC',
      'id desc, title asc',
      't.id DESC NULLS LAST',
      'title NULLS first, 2',
      's.t.col',
      '$col',
      'créé DESC',
      '  id  ,title ',
    ]) {
      assert.equal(checkClause('order', order), order);
    }
  });

  test('group: columns, t.col, positions', () => {
    for (const group of ['a', 'a, b', 't.a, 2']) assert.equal(checkClause('group', group), group);
  });

  test('what: *, t.*, columns, DISTINCT, simple calls, AS alias', () => {
    for (const what of [
      '*',
      't.*, u.name',
      'id, title',
      'DISTINCT tag',
      'count(*)',
      'count(*) AS n',
      'title, count(*) AS c',
      'max(t.n) AS top, min(n) low',
      'count(DISTINCT tag) AS tags',
      'coalesce(a, b) AS x',
      'lower(trim(name)) AS name',
      'now()',
      '$expr AS v',
    ]) {
      assert.equal(checkClause('what', what), what);
    }
  });

  test('the SQL is the same as web.py builds for these options', () => {
    const q = db.select('t', {
      what: 'count(*) AS n',
      order: 'id DESC',
      group: 'a',
      limit: 3,
      offset: 2,
      _test: true,
    });
    assert.equal(String(q), 'SELECT count(*) AS n FROM t GROUP BY a ORDER BY id DESC LIMIT 3 OFFSET 2');
    assert.equal(
      q.query('format'),
      'SELECT count(*) AS n FROM t GROUP BY a ORDER BY id DESC LIMIT %s OFFSET %s',
    );
    assert.deepEqual(q.values(), [3, 2]);
    assert.equal(String(db.select('t', { what: 'DISTINCT tag', _test: true })), 'SELECT DISTINCT tag FROM t');
    assert.equal(
      String(db.select(['foo', 'bar'], { where: 'foo.bar_id = bar.id', limit: 5, _test: true })),
      'SELECT * FROM foo, bar WHERE foo.bar_id = bar.id LIMIT 5',
    );
    assert.equal(
      String(db.where('foo', { source: 2, crust: 'dewey', order: 'crust', _test: true })),
      "SELECT * FROM foo WHERE crust = 'dewey' AND source = 2 ORDER BY crust",
    );
  });
});

describe('what/order/group: what is refused, and how', () => {
  const refused: [kind: 'what' | 'order' | 'group', text: string, why: RegExp][] = [
    ['order', 'id; DROP TABLE t', /a ";" \(a second statement\) at position 2/],
    ['order', 'id -- comment', /a "--" comment/],
    ['order', 'id /* c */', /a "\/\*" comment/],
    ['order', "title = 'x'", /the character "="/],
    ['order', "'x'", /a quote \('\)/],
    ['order', '"id"', /a quote \("\)/],
    ['order', '`id`', /a quote \(`\)/],
    ['order', '(SELECT password FROM users)', /parenthesis that is not a function call \(a subquery\?\)/],
    ['order', 'random()', /parenthesis that is not a function call/],
    ['order', 'CASE WHEN 1 THEN id END', /unexpected "WHEN"/],
    ['order', 'id DESC DESC', /unexpected "DESC"/],
    ['order', 'id NULLS', /NULLS not followed by FIRST or LAST/],
    ['order', 'id UNION SELECT 1', /unexpected "UNION"/],
    ['order', 'SLEEP(5)', /parenthesis/],
    ['order', '', /it is empty/],
    ['order', 'id,', /it is empty|unexpected the end/],
    ['order', 'id\0', /the character "\\u0000"/],
    ['order', 'id # mysql comment', /the character "#"/],
    ['order', '1 OR 1', /unexpected "OR"/],
    ['order', 'x.', /after "\." where a name was expected/],
    ['order', `${'a,'.repeat(1100)}a`, /over 2000 characters/],
    ['group', 'a DESC', /unexpected "DESC"/],
    ['group', 'a HAVING 1', /unexpected "HAVING"/],
    ['what', 'password FROM users --', /a "--" comment/],
    ['what', 'id FROM users, t', /the keyword FROM used as an alias/],
    ['what', 'a + b', /the character "\+"/],
    ['what', '(SELECT 1)', /parenthesis/],
    ['what', 'max(SELECT password FROM users)', /the keyword SELECT where a column name was expected/],
    ['what', 'pg_sleep(10)', /unexpected "10"/],
    ['what', 'id AS FROM', /the keyword FROM used as an alias/],
    ['what', 'count(*) n m', /unexpected "m"/],
    ['what', 'a AS', /after AS where an alias name was expected/],
    ['what', 'DISTINCT', /it is empty/],
    ['what', 'f(g(h(i(j(k)))))', /nested too deeply/],
  ];

  for (const [kind, text, why] of refused) {
    test(`${kind} ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)} is refused`, () => {
      assert.throws(
        () => checkClause(kind, text),
        (err: Error) => {
          assert.ok(err instanceof UnsafeClauseError);
          assert.match(err.message, why);
          assert.match(err.message, /wrap SQL you wrote yourself in web\.SQLLiteral/);
          return true;
        },
      );
    });
  }

  test('db.select refuses at build time, even with _test', () => {
    assert.throws(() => db.select('t', { order: 'id; DROP TABLE t', _test: true }), UnsafeClauseError);
    assert.throws(() => db.select('t', { what: '1; DROP TABLE t', _test: true }), UnsafeClauseError);
    assert.throws(() => db.where('t', { a: 1, group: 'a; x', _test: true }), UnsafeClauseError);
    assert.throws(
      () => db.select('t', { order: 5 as unknown as string, _test: true }),
      /order must be a string/,
    );
  });

  test('limit and offset must be integers (numeric strings from a form too)', () => {
    assert.throws(
      () => db.select('t', { limit: '1; DROP TABLE t', _test: true }),
      /limit must be a non-negative integer/,
    );
    assert.throws(() => db.select('t', { offset: -1, _test: true }), /offset must be a non-negative integer/);
    assert.throws(() => db.select('t', { limit: 1.5, _test: true }), /limit must be a non-negative integer/);
    assert.deepEqual(db.select('t', { limit: '10', _test: true }).values(), [10]);
  });
});

describe('the SQLLiteral escape hatch', () => {
  test('SQLLiteral order/what/group/limit are pasted as written', () => {
    const q = db.select('t', {
      what: web.SQLLiteral("CASE WHEN done THEN 'y' ELSE 'n' END AS d"),
      group: web.SQLLiteral('date(created)'),
      order: web.SQLLiteral('RANDOM()'),
      limit: web.SQLLiteral('1 + 1'),
      _test: true,
    });
    assert.equal(
      String(q),
      "SELECT CASE WHEN done THEN 'y' ELSE 'n' END AS d FROM t GROUP BY date(created) ORDER BY RANDOM() LIMIT 1 + 1",
    );
    assert.deepEqual(q.values(), []);
  });

  test('an SQLQuery (e.g. from reparam) is used as it is, with its values bound', () => {
    const order = web.reparam('CASE WHEN id = $first THEN 0 ELSE 1 END, id', { first: 3 });
    const q = db.select('t', { order, _test: true });
    assert.equal(q.query(), 'SELECT * FROM t ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END, id');
    assert.deepEqual(q.values(), [3]);
  });

  test('SQLLiteral order runs on SQLite', async () => {
    const live = web.database({ dbn: 'sqlite', db: ':memory:' });
    await live.query('CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT)');
    await live.multiple_insert('t', [{ title: 'b' }, { title: 'a' }, { title: 'c' }]);
    const rows = await live.select('t', {
      what: 'title',
      order: web.SQLLiteral("CASE WHEN title = 'c' THEN 0 ELSE 1 END, title"),
    });
    assert.deepEqual(
      rows.map((r) => r.title),
      ['c', 'a', 'b'],
    );
    await live.close();
  });
});
