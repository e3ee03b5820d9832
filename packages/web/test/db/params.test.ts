import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { database, parseDatabaseUrl } from '../../src/db/index.js';

describe('database URLs (web.py dburl2dict)', () => {
  test('postgres://user:pw@host:port/db', () => {
    assert.deepEqual(parseDatabaseUrl('postgres://user:pw@host:5432/db'), {
      dbn: 'postgres',
      db: 'db',
      user: 'user',
      pw: 'pw',
      host: 'host',
      port: 5432,
    });
  });

  test('postgresql:// and mariadb:// are aliases; missing parts are undefined', () => {
    const pg = parseDatabaseUrl('postgresql://u@h/d');
    assert.equal(pg.dbn, 'postgres');
    assert.equal(pg.pw, undefined);
    assert.equal(pg.port, undefined);
    assert.equal(parseDatabaseUrl('mariadb://root@localhost/test').dbn, 'mysql');
  });

  test('percent-encoded user, password and database name are decoded', () => {
    const p = parseDatabaseUrl('mysql://ja%20mes:d%40y%3A%2F@server/my%2Ddb');
    assert.equal(p.user, 'ja mes');
    assert.equal(p.pw, 'd@y:/');
    assert.equal(p.db, 'my-db');
  });

  test('sqlite URLs: /// relative, //// absolute, sqlite:file.db, :memory:', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:///todo.db'), { dbn: 'sqlite', db: 'todo.db' });
    assert.deepEqual(parseDatabaseUrl('sqlite:////abs/path/todo.db'), {
      dbn: 'sqlite',
      db: '/abs/path/todo.db',
    });
    assert.deepEqual(parseDatabaseUrl('sqlite:file.db'), { dbn: 'sqlite', db: 'file.db' });
    assert.deepEqual(parseDatabaseUrl('sqlite:///:memory:'), { dbn: 'sqlite', db: ':memory:' });
    assert.throws(() => parseDatabaseUrl('sqlite:'), /needs a file name/);
  });

  test('sslmode is understood; other options and bad ports are errors', () => {
    assert.equal(parseDatabaseUrl('postgres://h/d?sslmode=require').ssl, 'no-verify');
    assert.equal(parseDatabaseUrl('postgres://h/d?sslmode=verify-full').ssl, true);
    assert.equal(parseDatabaseUrl('postgres://h/d?sslmode=disable').ssl, false);
    assert.throws(() => parseDatabaseUrl('postgres://h/d?sslmode=bogus'), /unsupported sslmode/);
    assert.throws(
      () => parseDatabaseUrl('postgres://h/d?application_name=x'),
      /unsupported URL option "application_name"/,
    );
    assert.throws(() => parseDatabaseUrl('postgres://h:99999/d'), /malformed database URL|invalid port/);
  });

  test('unknown schemes and junk are refused with a message that says what is supported', () => {
    assert.throws(
      () => parseDatabaseUrl('oracle://h/d'),
      /unsupported dbn "oracle"; use 'sqlite', 'postgres' or 'mysql'/,
    );
    assert.throws(() => parseDatabaseUrl('not a url'), /looks like postgres:\/\//);
    assert.throws(() => parseDatabaseUrl('postgres://[::1/d'), /malformed database URL/);
  });
});

describe('database(params | url)', () => {
  test('callable with or without new; dbn tells the engine; nothing connects until used', () => {
    const a = database({ dbn: 'postgres', db: 'x', host: '127.0.0.1', port: 1 });
    const b = new database('mysql://root@127.0.0.1:1/x');
    assert.equal(a.dbn, 'postgres');
    assert.equal(b.dbn, 'mysql');
    assert.ok(a instanceof database);
  });

  test('no argument reads DATABASE_URL', () => {
    const saved = process.env.DATABASE_URL;
    try {
      process.env.DATABASE_URL = 'sqlite:///:memory:';
      assert.equal(database().dbn, 'sqlite');
      delete process.env.DATABASE_URL;
      assert.throws(() => database(), /set DATABASE_URL/);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  test('bad parameters are explained', () => {
    assert.throws(() => database({ dbn: 'firebird', db: 'x' }), /unsupported dbn "firebird"/);
    assert.throws(() => database({ dbn: 'sqlite' }), /missing db \(the file name\)/);
    assert.throws(() => database({ dbn: 'postgres', db: 'x', port: 'abc' }), /invalid port "abc"/);
    assert.throws(
      () => database({ dbn: 'postgres', db: 'x', poolSize: 0 }),
      /poolSize must be a positive integer/,
    );
    assert.throws(() => database(42 as unknown as string), /expected \{dbn/);
  });

  test('a server that is not listening gives the 503 error on first use, not at construction', async () => {
    const db = database({ dbn: 'mysql', db: 'x', password: 'secret', host: '127.0.0.1', port: 1 });
    await assert.rejects(db.query('SELECT 1'), /unavailable/);
    await db.close();
  });
});
