/**
 * The cookbook's "multiple databases" and "transactions" topics through a real server: one handler
 * uses an SQLite and a PostgreSQL database side by side, with both transaction forms (the callback and
 * web.py's `t = db.transaction(); t.commit()/t.rollback()`), under many overlapping requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DB } from '../../src/db/index.js';
import web from '../../src/index.js';
import { serverMissing } from '../helpers/servers.js';
import { captureStderr, serve } from '../session/helpers.js';

const missing = await serverMissing('postgres');

describe('two databases (SQLite + PostgreSQL) in one handler', { skip: missing }, () => {
  const table = `wdb_multi_${process.pid}`;
  let lite: DB;
  let pg: DB;
  let server: Awaited<ReturnType<typeof serve>>;

  const titles = async (db: DB) =>
    (await db.select<{ title: string }>(table, { what: 'title', order: 'title' })).map((r) => r.title);

  before(async () => {
    lite = web.database({ dbn: 'sqlite', db: ':memory:' });
    pg = web.database({ dbn: 'postgres', db: 'test', user: 'postgres', host: '127.0.0.1', poolSize: 5 });
    await lite.query(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, title TEXT NOT NULL)`);
    await pg.query(`DROP TABLE IF EXISTS ${table}`);
    await pg.query(`CREATE TABLE ${table} (id SERIAL PRIMARY KEY, title TEXT NOT NULL)`);

    class Both {
      async GET() {
        const [a, b] = await Promise.all([titles(lite), titles(pg)]);
        return `${a.join(',')}|${b.join(',')}`;
      }
    }
    // Callback form: an SQLite transaction holding a PostgreSQL one; a throw rolls both back.
    class Copy {
      async POST() {
        const { title, fail } = web.input({ title: '', fail: '' });
        await lite.transaction(() =>
          pg.transaction(async () => {
            await lite.insert(table, { title });
            await pg.insert(table, { title });
            if (fail) throw new Error(`failing ${title} on purpose`);
          }),
        );
        return 'copied';
      }
    }
    // web.py's object form, one transaction per database.
    class CopyObject {
      async POST() {
        const { title, fail } = web.input({ title: '', fail: '' });
        const t1 = await lite.transaction();
        const t2 = await pg.transaction();
        try {
          await lite.insert(table, { title });
          await pg.insert(table, { title });
          if (fail) throw new Error(`failing ${title} on purpose`);
          await t2.commit();
          await t1.commit();
        } catch (err) {
          await t2.rollback();
          await t1.rollback();
          throw err;
        }
        return 'copied';
      }
    }
    const app = web.application(['/both', 'Both', '/copy', 'Copy', '/copy-object', 'CopyObject'], {
      Both,
      Copy,
      CopyObject,
    });
    server = await serve(app);
  });

  after(async () => {
    await server?.close();
    await pg?.query(`DROP TABLE IF EXISTS ${table}`);
    await pg?.close();
    await lite?.close();
  });

  const post = async (path: string, form: Record<string, string>) => {
    const res = await fetch(`${server.base}${path}`, { method: 'POST', body: new URLSearchParams(form) });
    return { status: res.status, text: await res.text() };
  };
  const both = async () => (await fetch(`${server.base}/both`)).text();

  test('each database keeps its own rows; a committed request writes to both', async () => {
    await lite.delete(table, { where: '' });
    await pg.delete(table, { where: '' });
    await lite.insert(table, { title: 'only-sqlite' });
    await pg.insert(table, { title: 'only-pg' });
    assert.equal(await both(), 'only-sqlite|only-pg');
    assert.deepEqual(await post('/copy', { title: 'x' }), { status: 200, text: 'copied' });
    assert.deepEqual(await post('/copy-object', { title: 'y' }), { status: 200, text: 'copied' });
    assert.equal(await both(), 'only-sqlite,x,y|only-pg,x,y');
  });

  test('a failing request rolls back both databases, in either form, and answers 500', async () => {
    await lite.delete(table, { where: '' });
    await pg.delete(table, { where: '' });
    const { result, stderr } = await captureStderr(async () => [
      await post('/copy', { title: 'bad1', fail: '1' }),
      await post('/copy-object', { title: 'bad2', fail: '1' }),
    ]);
    for (const r of result) assert.deepEqual(r, { status: 500, text: 'internal server error' });
    assert.match(stderr, /failing bad1 on purpose/);
    assert.equal(await both(), '|');
    assert.deepEqual(await post('/copy', { title: 'after' }), { status: 200, text: 'copied' });
    assert.equal(await both(), 'after|after');
  });

  test('40 overlapping requests, every third failing: exactly the good ones land in both databases', async () => {
    await lite.delete(table, { where: '' });
    await pg.delete(table, { where: '' });
    const { result } = await captureStderr(() =>
      Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          post(i % 2 ? '/copy' : '/copy-object', {
            title: `r${String(i).padStart(2, '0')}`,
            fail: i % 3 ? '' : '1',
          }),
        ),
      ),
    );
    const good = result.flatMap((r, i) => {
      assert.equal(r.status, i % 3 ? 200 : 500, `request ${i}`);
      return i % 3 ? [`r${String(i).padStart(2, '0')}`] : [];
    });
    assert.deepEqual(await titles(lite), good);
    assert.deepEqual(await titles(pg), good);
  });
});
