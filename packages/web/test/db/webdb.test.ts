/**
 * web.py's `web.db` module and its top-level aliases, name by name. Each expected SQL text and value list
 * below is what web.py 0.62 gives for the same call (run under /usr/bin/python3 with python3-webpy).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DatabaseParams, Dialect } from '../../src/db/index.js';
import web from '../../src/index.js';

// None of these connect: _test never runs a statement, and nothing opens until one runs.
const db = web.database({ dbn: 'sqlite', db: ':memory:' });

describe('web.db namespace and top-level aliases', () => {
  test('every web.db name web.py has exists, and the top-level aliases are the same objects', () => {
    const names = [
      'database',
      'DB',
      'register_database',
      'dburl2dict',
      'SQLQuery',
      'SQLParam',
      'sqlparam',
      'SQLLiteral',
      'sqlliteral',
      'sqllist',
      'sqlors',
      'sqlquote',
      'sqlwhere',
      'sqlify',
      'reparam',
      'Transaction',
      'TransactionError',
      'UnknownDB',
      'UnknownParamstyle',
    ] as const;
    for (const name of names) assert.equal(typeof web.db[name], 'function', `web.db.${name}`);
    // web.py's `dir(web)` has these at the top level too (sqlwhere, sqlify, dburl2dict and
    // register_database are only in web.db there, and here).
    const top = [
      'database',
      'DB',
      'SQLQuery',
      'SQLParam',
      'sqlparam',
      'SQLLiteral',
      'sqlliteral',
      'sqllist',
      'sqlors',
      'sqlquote',
      'reparam',
      'TransactionError',
      'UnknownDB',
      'UnknownParamstyle',
    ] as const;
    for (const name of top) assert.equal(web[name], web.db[name], `web.${name} is web.db.${name}`);
  });

  test('web.database and web.DB open the same kind of object, with or without new', () => {
    const a = web.db.database({ dbn: 'sqlite', db: ':memory:' });
    const b = new web.database({ dbn: 'sqlite', db: ':memory:' });
    const c = web.DB({ dbn: 'sqlite', db: ':memory:' });
    for (const x of [a, b, c]) {
      assert.ok(x instanceof web.DB);
      assert.ok(x instanceof web.database);
      assert.equal(x.dbn, 'sqlite');
    }
  });
});

describe('sqlors', () => {
  test("(foo = 1 OR foo = 2 OR foo = 3 OR 1=2), values bound, as web.py's", () => {
    const q = web.db.sqlors('foo = ', [1, 2, 3]);
    assert.equal(String(q), '(foo = 1 OR foo = 2 OR foo = 3 OR 1=2)');
    assert.equal(q.query('format'), '(foo = %s OR foo = %s OR foo = %s OR 1=2)');
    assert.deepEqual(q.values(), [1, 2, 3]);
  });

  test('no value is 1=2; one value, or a scalar, is a single comparison; a string is one value', () => {
    assert.equal(String(web.sqlors('foo = ', [])), '1=2');
    assert.equal(String(web.sqlors('foo = ', [1])), 'foo = 1');
    assert.equal(String(web.sqlors('foo = ', 5)), 'foo = 5');
    assert.equal(String(web.sqlors('foo = ', 'ab')), "foo = 'ab'");
    assert.equal(String(web.sqlors('foo = ', new Set([1, 2]))), '(foo = 1 OR foo = 2 OR 1=2)');
  });

  test('usable as a select where, runs with the values bound', async () => {
    const q = db.select('t', { where: web.sqlors('id = ', [1, 2]), order: 'title', _test: true });
    assert.equal(String(q), 'SELECT * FROM t WHERE (id = 1 OR id = 2 OR 1=2) ORDER BY title');
    assert.equal(q.query('format'), 'SELECT * FROM t WHERE (id = %s OR id = %s OR 1=2) ORDER BY title');
    assert.deepEqual(q.values(), [1, 2]);
    const live = web.database({ dbn: 'sqlite', db: ':memory:' });
    await live.query('CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT)');
    await live.multiple_insert('t', [{ title: 'a' }, { title: 'b' }, { title: 'c' }]);
    const rows = await live.select('t', { what: 'title', where: web.sqlors('id = ', [1, 3]), order: 'id' });
    assert.deepEqual(rows, [{ title: 'a' }, { title: 'c' }]);
    await live.close();
  });
});

describe('sqlwhere', () => {
  test('pairs in the order given, AND by default, values bound', () => {
    const q = web.db.sqlwhere([
      ['cust_id', 2],
      ['order_id', 3],
    ]);
    assert.equal(String(q), 'cust_id = 2 AND order_id = 3');
    const ab = web.db.sqlwhere([
      ['a', 'a'],
      ['b', 'b'],
    ]);
    assert.equal(ab.query('format'), 'a = %s AND b = %s');
    assert.deepEqual(ab.values(), ['a', 'b']);
  });

  test('a grouping string, an SQLLiteral value, an empty list, an object or a Map', () => {
    assert.equal(
      String(
        web.db.sqlwhere(
          [
            ['order_id', 3],
            ['cust_id', 2],
          ],
          ', ',
        ),
      ),
      'order_id = 3, cust_id = 2',
    );
    assert.equal(String(web.db.sqlwhere([['a', web.SQLLiteral('NOW()')]])), 'a = NOW()');
    assert.equal(String(web.db.sqlwhere([])), '');
    assert.equal(String(web.db.sqlwhere({ b: 1, a: 'x' })), "b = 1 AND a = 'x'");
    assert.equal(String(web.db.sqlwhere(new Map([['k', 1]]))), 'k = 1');
  });

  test('keys must be plain column names (web.py pastes them)', () => {
    assert.throws(() => web.db.sqlwhere([['a = 1 OR 1', 1]]), /invalid column name/);
    assert.throws(() => web.db.sqlwhere([['a'] as unknown as [string, unknown]]), /\[key, value\] pairs/);
  });
});

describe('sqllist, sqlify, sqlquote', () => {
  test("sqllist joins names with ', ' and leaves a string alone", () => {
    assert.equal(web.sqllist(['a', 'b']), 'a, b');
    assert.equal(web.sqllist('a'), 'a');
    assert.equal(web.sqllist(['a']), 'a');
  });

  test('sqlify: NULL, numbers and simple strings as web.py shows them', () => {
    assert.equal(web.db.sqlify(null), 'NULL');
    assert.equal(web.db.sqlify(3), '3');
    assert.equal(web.db.sqlify(2.5), '2.5');
    assert.equal(web.db.sqlify('x'), "'x'");
    // Documented differences (docs/porting.md): SQL-style quoting and TRUE/FALSE instead of Python's.
    assert.equal(web.db.sqlify("x'y"), "'x''y'");
    assert.equal(web.db.sqlify(true), 'TRUE');
  });

  test('sqlquote of a Set, an array (list or tuple) gives (1, 2, 3) like web.py', () => {
    assert.equal(String(web.sqlquote(new Set([1, 2, 3]))), '(1, 2, 3)');
    assert.equal(String(web.sqlquote([1, 2, 3])), '(1, 2, 3)');
    const q = web.sqlquote(new Set(['a', 'b', 'a']));
    assert.equal(String(q), "('a', 'b')");
    assert.deepEqual(q.values(), ['a', 'b']);
    assert.equal(
      String(web.SQLQuery('WHERE y IN ').concat(web.sqlquote(new Set([2, 3, 4])))),
      'WHERE y IN (2, 3, 4)',
    );
  });

  test('a Set works as a $name value and in a where object', () => {
    const q = db.query('SELECT * FROM t WHERE id IN $ids', { vars: { ids: new Set([2, 3]) }, _test: true });
    assert.equal(String(q), 'SELECT * FROM t WHERE id IN (2, 3)');
    assert.equal(
      String(
        db.query(web.SQLQuery('SELECT * FROM foo WHERE x = ').concat(web.sqlquote('f')), { _test: true }),
      ),
      "SELECT * FROM foo WHERE x = 'f'",
    );
  });
});

describe('SQLQuery, SQLParam, SQLLiteral', () => {
  test("SQLQuery.join separates with ' ' by default and takes prefix/suffix", () => {
    assert.equal(String(web.SQLQuery.join(['a', 'b'])), 'a b');
    assert.equal(String(web.SQLQuery.join(['a', 'b'], ', ')), 'a, b');
    assert.equal(String(web.SQLQuery.join(['a', 'b'], ', ', { prefix: '(', suffix: ')' })), '(a, b)');
    assert.equal(String(web.SQLQuery.join([], ', ', { prefix: '(', suffix: ')' })), '()');
    const q = web.SQLQuery.join(['a', web.sqlparam(2)], ', ', { prefix: '(', suffix: ')' });
    assert.equal(String(q), '(a, 2)');
    assert.equal(q.query('format'), '(a, %s)');
    assert.deepEqual(q.values(), [2]);
  });

  test("join's target appends to an existing query, as web.py's multiple_insert does", () => {
    const target = web.SQLQuery('INSERT INTO t (a, b) VALUES ');
    const same = web.SQLQuery.join([web.SQLParam(1), web.SQLParam('x')], ', ', {
      target,
      prefix: '(',
      suffix: ')',
    });
    assert.equal(same, target);
    target.append(', ');
    web.SQLQuery.join([web.SQLParam(2), web.SQLParam('y')], ', ', { target, prefix: '(', suffix: ')' });
    assert.equal(String(target), "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')");
    assert.deepEqual(target.values(), [1, 'x', 2, 'y']);
  });

  test('SQLQuery(items) with text and params; a param holding an SQLLiteral becomes SQL text', () => {
    const q = web.SQLQuery(['SELECT * FROM ', 'test', ' WHERE x=', web.SQLParam(1)]);
    assert.equal(String(q), 'SELECT * FROM test WHERE x=1');
    assert.equal(q.query('format'), 'SELECT * FROM test WHERE x=%s');
    assert.deepEqual(q.values(), [1]);
    assert.equal(String(web.SQLQuery(web.SQLParam(1))), '1');
    assert.equal(String(web.SQLQuery('x')), 'x');
    assert.equal(String(web.SQLQuery(['x=', web.SQLParam(web.SQLLiteral('NOW()'))])), 'x=NOW()');
  });

  test('query(paramstyle): qmark, numeric, format, pyformat; an unknown style is UnknownParamstyle', () => {
    const q = web.SQLQuery([
      'SELECT * FROM test WHERE name=',
      web.SQLParam('joe'),
      ' AND p LIKE ',
      web.sqlparam('%'),
    ]);
    assert.equal(q.query('qmark'), 'SELECT * FROM test WHERE name=? AND p LIKE ?');
    assert.equal(q.query('pyformat'), 'SELECT * FROM test WHERE name=%s AND p LIKE %s');
    assert.equal(q.query('numeric'), 'SELECT * FROM test WHERE name=:1 AND p LIKE :2');
    assert.throws(
      () => q.query('bogus' as 'qmark'),
      (err: Error) => {
        assert.ok(err instanceof web.UnknownParamstyle);
        assert.match(err.message, /unknown paramstyle "bogus"/);
        return true;
      },
    );
  });

  test('SQLParam: callable without new, get_marker, sqlquery(), String()', () => {
    const p = web.sqlparam(5);
    assert.ok(p instanceof web.SQLParam);
    assert.equal(p.get_marker('qmark'), '?');
    assert.equal(p.get_marker('format'), '%s');
    assert.equal(String(p.sqlquery()), '5');
    assert.equal(String(p), '5');
    assert.throws(() => p.get_marker('nope' as 'qmark'), web.UnknownParamstyle);
  });

  test('SQLLiteral: .v is its text; sqlquote leaves it unquoted, a string is quoted', () => {
    assert.equal(web.SQLLiteral('NOW()').v, 'NOW()');
    assert.ok(web.sqlliteral('x') instanceof web.SQLLiteral);
    assert.equal(String(web.sqlquote('NOW()')), "'NOW()'");
    assert.equal(String(web.sqlquote(web.SQLLiteral('NOW()'))), 'NOW()');
  });
});

describe('dburl2dict', () => {
  test("web.py's dict for postgres and mysql URLs (null where web.py has None)", () => {
    assert.deepEqual(web.db.dburl2dict('postgres:///mygreatdb'), {
      dbn: 'postgres',
      user: null,
      pw: null,
      db: 'mygreatdb',
      host: null,
      port: null,
    });
    assert.deepEqual(web.db.dburl2dict('postgres://james:day@serverfarm.example.net:5432/mygreatdb'), {
      dbn: 'postgres',
      user: 'james',
      pw: 'day',
      db: 'mygreatdb',
      host: 'serverfarm.example.net',
      port: 5432,
    });
    assert.deepEqual(web.db.dburl2dict('mysql://james:d%40y@serverfarm.example.net/mygreatdb'), {
      dbn: 'mysql',
      user: 'james',
      pw: 'd@y',
      db: 'mygreatdb',
      host: 'serverfarm.example.net',
      port: null,
    });
  });

  test('sqlite URLs give {dbn, db}; the result opens a database', () => {
    assert.deepEqual(web.db.dburl2dict('sqlite:///mygreatdb.db'), { dbn: 'sqlite', db: 'mygreatdb.db' });
    assert.deepEqual(web.db.dburl2dict('sqlite:////absolute/path/mygreatdb.db'), {
      dbn: 'sqlite',
      db: '/absolute/path/mygreatdb.db',
    });
    const opened = web.database(web.db.dburl2dict('postgres://u:p@127.0.0.1:1/x'));
    assert.equal(opened.dbn, 'postgres');
  });
});

describe('errors and register_database', () => {
  test('an unknown dbn is UnknownDB', () => {
    assert.throws(
      () => web.database({ dbn: 'nope', db: 'x' }),
      (err: Error) => {
        assert.ok(err instanceof web.UnknownDB);
        assert.match(err.message, /unsupported dbn "nope"/);
        return true;
      },
    );
    assert.throws(() => web.database('oracle://u@h/db'), web.UnknownDB);
  });

  test('using a transaction after it ended is TransactionError', async () => {
    const live = web.database({ dbn: 'sqlite', db: ':memory:' });
    const t = await live.transaction();
    await t.commit();
    await assert.rejects(() => t.commit(), web.TransactionError);
    await t.rollback(); // rolling back an ended transaction does nothing, as in web.py
    await live.close();
  });

  test('register_database with a DB subclass: web.database({dbn: name}) constructs it', async () => {
    const seen: unknown[] = [];
    class LegacyDB extends web.db.DB {
      constructor(params: DatabaseParams | string) {
        seen.push(params);
        super({ dbn: 'sqlite', db: ':memory:' });
      }
      legacy = true;
    }
    web.db.register_database('legacy_test', LegacyDB);
    const legacy = web.database({ dbn: 'legacy_test', db: 'test', user: 'joe', pw: 'secret' });
    assert.ok(legacy instanceof LegacyDB);
    assert.equal((legacy as LegacyDB).legacy, true);
    assert.deepEqual(seen, [{ dbn: 'legacy_test', db: 'test', user: 'joe', pw: 'secret' }]);
    assert.deepEqual(await legacy.query('SELECT 1 AS one'), [{ one: 1 }]);
    await legacy.close();
  });

  test('register_database with a Dialect: a new engine name speaking through it', async () => {
    const base = web.database({ dbn: 'sqlite', db: ':memory:' }).dialect;
    const opened: string[] = [];
    web.db.register_database('countingsqlite', {
      ...base,
      connect(params) {
        opened.push(params.db);
        return base.connect(params);
      },
    });
    const counted = web.database('countingsqlite::memory:');
    assert.equal(counted.dbn, 'sqlite');
    assert.deepEqual(opened, [':memory:']);
    assert.deepEqual(await counted.query('SELECT 2 AS two'), [{ two: 2 }]);
    await counted.close();
    assert.throws(() => web.db.register_database('x', {} as Dialect), /DB subclass or a Dialect/);
  });
});
