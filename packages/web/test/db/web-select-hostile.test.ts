/**
 * An app that passes `web.input().order` (and `what`, `limit`) straight into db.select, as web.py apps
 * do, attacked through a real HTTP server: every injection attempt is refused before any SQL is sent
 * (a 500, like any other programming error the framework refuses), the table is intact, and the next
 * request is served. Runs on SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DB } from '../../src/db/index.js';
import web from '../../src/index.js';
import { serverMissing } from '../helpers/servers.js';
import { captureStderr, serve } from '../session/helpers.js';

const pgMissing = await serverMissing('postgres');

const ATTACKS = [
  'id; DROP TABLE {t}',
  'id; DELETE FROM {t}',
  'id -- ',
  'id /*',
  "(CASE WHEN (SELECT substr(title, 1, 1) FROM {t} LIMIT 1) = 'a' THEN id ELSE title END)",
  'id, (SELECT 1)',
  "title = 'x'",
  'id UNION SELECT 1',
  'id DESC; INSERT INTO {t} (title) VALUES (0)',
  'random()',
  'pg_sleep(1)',
];

function suite(name: string, skip: string | undefined, open: () => DB): void {
  describe(`${name}: request data in db.select order/what/limit`, { skip }, () => {
    const table = `wdb_hostile_${name}_${process.pid}`;
    let db: DB;
    let server: Awaited<ReturnType<typeof serve>>;

    before(async () => {
      db = open();
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.query(
        `CREATE TABLE ${table} (id ${name === 'postgres' ? 'SERIAL' : 'INTEGER'} PRIMARY KEY, title TEXT)`,
      );
      await db.multiple_insert(table, [{ title: 'b' }, { title: 'a' }, { title: 'c' }]);
      class List {
        async GET() {
          const i = web.input({ order: 'id', what: 'title', limit: '10' });
          const rows = await db.select<{ title: string }>(table, {
            what: i.what,
            order: i.order,
            limit: i.limit,
          });
          return rows.map((r) => r.title).join(',');
        }
      }
      const app = web.application(['/list', 'List'], { List });
      server = await serve(app);
    });

    after(async () => {
      await server?.close();
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    });

    const get = async (query: Record<string, string>) => {
      const res = await fetch(`${server.base}/list?${new URLSearchParams(query)}`);
      return { status: res.status, text: await res.text() };
    };

    test('a plain order from the request works', async () => {
      assert.deepEqual(await get({ order: 'title DESC' }), { status: 200, text: 'c,b,a' });
      assert.deepEqual(await get({ order: 'id', limit: '2' }), { status: 200, text: 'b,a' });
    });

    test('every injection attempt answers 500, sends no SQL, leaves the table intact, and the server goes on', async () => {
      db.printing = true;
      const { result, stderr } = await captureStderr(async () => {
        const answers: { status: number; text: string }[] = [];
        for (const attack of ATTACKS) answers.push(await get({ order: attack.replaceAll('{t}', table) }));
        answers.push(await get({ what: `title FROM ${table}; DROP TABLE ${table} --` }));
        answers.push(await get({ what: 'title, (SELECT 1) AS x' }));
        answers.push(await get({ limit: `1; DROP TABLE ${table}` }));
        answers.push(await get({ limit: '1 UNION SELECT 1' }));
        return answers;
      });
      db.printing = false;
      for (const answer of result) {
        assert.equal(answer.status, 500);
        assert.equal(answer.text, 'internal server error');
        assert.doesNotMatch(answer.text, /SQLLiteral|DROP|refused/, 'no detail leaks to the client');
      }
      assert.equal(
        stderr.split('\n').filter((line) => /^\d+\.\d+ \(\d+\): /.test(line)).length,
        0,
        'no statement was sent to the database',
      );
      assert.match(
        stderr,
        /UnsafeClauseError: db\.select: refused order "id; DROP TABLE/,
        'the cause is logged',
      );
      assert.match(stderr, /limit must be a non-negative integer/);
      const rows = await db.select<{ title: string }>(table, { what: 'title', order: 'id' });
      assert.deepEqual(
        rows.map((r) => r.title),
        ['b', 'a', 'c'],
      );
      assert.deepEqual(await get({ order: 'title' }), { status: 200, text: 'a,b,c' });
    });

    test('overlapping hostile and normal requests: each normal one is answered correctly', async () => {
      const { result } = await captureStderr(() =>
        Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            i % 2 === 0 ? get({ order: `id; DELETE FROM ${table}` }) : get({ order: 'title DESC' }),
          ),
        ),
      );
      result.forEach((r, i) => {
        if (i % 2 === 0) assert.deepEqual(r, { status: 500, text: 'internal server error' });
        else assert.deepEqual(r, { status: 200, text: 'c,b,a' });
      });
      assert.equal((await db.select(table)).length, 3);
    });
  });
}

suite('sqlite', undefined, () => web.database({ dbn: 'sqlite', db: ':memory:' }));
suite('postgres', pgMissing, () =>
  web.database({ dbn: 'postgres', db: 'test', user: 'postgres', host: '127.0.0.1' }),
);
