/**
 * "The database went away mid-request", seen from the web: an app whose handlers query PostgreSQL through
 * a TCP proxy that the test cuts and restores (outage.ts), served by a real HTTP server in this process.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type DB, database } from '../../src/db/index.js';
import web from '../../src/index.js';
import { SERVERS, serverMissing } from '../helpers/servers.js';
import { bounded } from '../helpers/sync.js';
import { captureStderr, serve } from '../session/helpers.js';
import { TcpProxy } from './outage.js';

const missing = await serverMissing('postgres');
const PG = { dbn: 'postgres', db: 'test', user: 'postgres', host: '127.0.0.1' } as const;
/** The advisory lock the slow routes wait for (a number of this file's own). */
const LOCK_KEY = 0x5eb0_0001;

describe('a web app whose PostgreSQL goes away', { skip: missing }, () => {
  const table = `web_outage_${randomBytes(5).toString('hex')}`;
  const proxy = new TcpProxy(SERVERS.postgres);
  let db: DB;
  let server: Awaited<ReturnType<typeof serve>>;

  before(async () => {
    await proxy.start();
    db = database({ ...PG, port: proxy.port, poolSize: 4 });
    await db.query(`CREATE TABLE ${table} (id SERIAL PRIMARY KEY, title TEXT NOT NULL)`);
    await db.insert(table, { title: 'first' });

    const urls = ['/items', 'Items', '/slow', 'Slow', '/add', 'Add', '/ping', 'Ping'];
    const app = web.application(urls, () => ({ Items, Slow, Add, Ping }));
    class Items {
      async GET() {
        const rows = await db.select(table, { what: 'title', order: 'id' });
        return rows.map((r) => r.title).join(',');
      }
    }
    class Slow {
      async GET() {
        // Waits for the lock the test holds (see holdLock): a query that ends only when the test says so.
        await db.query('SELECT pg_advisory_xact_lock($key) AS slow', { vars: { key: LOCK_KEY } });
        return 'slept';
      }
    }
    class Add {
      async GET() {
        const { title, wait } = web.input({ title: 'x', wait: '' });
        await db.transaction(async () => {
          await db.insert(table, { title: `${title}-1` });
          if (wait)
            await db.query('SELECT pg_advisory_xact_lock($key) AS midway', { vars: { key: LOCK_KEY } });
          await db.insert(table, { title: `${title}-2` });
        });
        return 'added';
      }
    }
    class Ping {
      GET() {
        return 'pong';
      }
    }
    server = await serve(app);
  });

  after(async () => {
    await server?.close();
    await proxy.stop().catch(() => {});
    await proxy.start();
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.close();
    await proxy.stop();
  });

  /**
   * Hold the advisory lock that /slow and /add?wait=1 wait for, on a connection of our own (not through the
   * proxy), so their query runs until the test releases it: the cut always comes while it is running.
   */
  const holdLock = async () => {
    const direct = database(PG);
    const t = await direct.transaction();
    await direct.query('SELECT pg_advisory_xact_lock($key)', { vars: { key: LOCK_KEY } });
    return async () => {
      await t.rollback();
      await direct.close();
    };
  };

  const get = async (path: string) => {
    const res = await fetch(`${server.base}${path}`);
    return { status: res.status, text: await res.text() };
  };

  it('answers 503 with the cause logged, keeps serving other routes, and recovers when the database is back', async () => {
    // Idle pooled connections exist when the server disappears: the case that can crash a careless app.
    await Promise.all([get('/items'), get('/items'), get('/items')]);
    const { result, stderr } = await captureStderr(async () => {
      await proxy.stop();
      const down = await get('/items');
      const other = await get('/ping');
      return { down, other };
    });
    assert.equal(result.down.status, 503);
    assert.equal(result.down.text, 'service unavailable');
    assert.doesNotMatch(result.down.text, /ECONN|127\.0\.0\.1|postgres/, 'no detail leaks to the client');
    assert.match(
      stderr,
      /GET \/items: DatabaseUnavailableError: postgres database unavailable: \S/,
      'the cause is logged',
    );
    assert.equal(result.other.status, 200);
    assert.equal(result.other.text, 'pong');
    await proxy.start();
    const back = await get('/items');
    assert.equal(back.status, 200);
    assert.equal(back.text, 'first');
  });

  it('a request whose query is running when the connection is cut gets 503 at once, not after the query', async () => {
    const release = await holdLock();
    try {
      const { result, stderr } = await captureStderr(async () => {
        const running = get('/slow');
        await proxy.forwarded('pg_advisory_xact_lock'); // the query is on the server, waiting for our lock
        await proxy.stop();
        return running;
      });
      // Answered while the query still waits for the lock: the cut, not the query's end, gave the answer.
      assert.equal(result.status, 503);
      assert.match(stderr, /GET \/slow: DatabaseUnavailableError/);
    } finally {
      await release();
    }
    await proxy.start();
    assert.equal((await get('/items')).status, 200);
  });

  it('a transaction cut midway answers 503 and leaves none of its rows', async () => {
    const release = await holdLock();
    try {
      const { result } = await captureStderr(async () => {
        const running = get('/add?title=cut&wait=1');
        await proxy.forwarded('AS midway'); // its first row is written, and it waits inside the transaction
        await proxy.stop();
        return running;
      });
      assert.equal(result.status, 503);
    } finally {
      await release();
    }
    await proxy.start();
    assert.equal((await get('/add?title=whole')).text, 'added');
    const titles = (await get('/items')).text.split(',');
    assert.deepEqual(titles, ['first', 'whole-1', 'whole-2'], 'the cut transaction left nothing');
  });

  it('forty requests during an outage all get 503; none hangs, and the app recovers', async () => {
    const { result, stderr } = await captureStderr(async () => {
      await proxy.stop();
      // Not a speed claim (that belongs in bench/): the bound only turns a hang into a failure.
      const answers = await bounded(
        Promise.all(Array.from({ length: 40 }, () => get('/items'))),
        '40 answers during the outage',
      );
      return { answers };
    });
    await proxy.start();
    for (const a of result.answers) assert.equal(a.status, 503);
    assert.equal((stderr.match(/DatabaseUnavailableError/g) ?? []).length, 40, 'each one logged');
    const again = await Promise.all(Array.from({ length: 8 }, () => get('/items')));
    for (const a of again) assert.equal(a.status, 200);
  });
});
