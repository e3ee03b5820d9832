/**
 * Requests of one session are ordered across processes as within one: node:cluster workers and separate
 * app processes (fixtures/locked-app.ts) share each store that can be shared, and race on one session.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { database } from '../../src/db/index.js';
import { advisoryLockName } from '../../src/session/advisory-locks.js';
import { heldInFolder } from '../../src/session/folder-locks.js';
import { serverMissing } from '../helpers/servers.js';
import { waitFor } from '../helpers/sync.js';
import { type Answer, type AppProcess, freshGet as get, printed, startApp } from './fixtures/processes.js';
import { deleteKeys, keysUnder, redisLine, uniquePrefix } from './fixtures/redis.js';
import { removeDir, tempDir } from './helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/locked-app.ts', import.meta.url));
const PG = { dbn: 'postgres', db: 'test', user: 'postgres', host: '127.0.0.1' } as const;
const MY = { dbn: 'mysql', db: 'test', user: 'root', pw: '', host: '127.0.0.1' } as const;

/** Start a session on `base`: its cookie, with the counter at 0. */
async function startSession(base: string): Promise<string> {
  const r = await get(`${base}/start`);
  assert.equal(r.status, 200, r.text);
  const cookie = String((r.headers['set-cookie'] as string[] | undefined)?.[0] ?? '').split(';')[0] ?? '';
  assert.match(cookie, /^webpy_session_id=[0-9a-f]{40}$/);
  return cookie;
}

async function dataVia(
  base: string,
  cookie: string,
): Promise<{ pid: number; data: Record<string, unknown> }> {
  const r = await get(`${base}/get`, cookie);
  assert.equal(r.status, 200, r.text);
  return JSON.parse(r.text);
}

/** 200 overlapping increments of one session through `bases` in turn: every answer and the final count. */
async function race(bases: string[], cookie: string, n = 200): Promise<{ answers: Answer[]; final: number }> {
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) => get(`${bases[i % bases.length]}/count`, cookie)),
  );
  const { data } = await dataVia(bases[0] as string, cookie);
  return { answers, final: Number(data.counter) };
}

function assertNoneLost(answers: Answer[], final: number, n = 200): void {
  const errors = answers.filter((a) => a.status !== 200);
  assert.deepEqual(
    errors.map((a) => `${a.status} ${a.text}`),
    [],
    'no error answers',
  );
  assert.equal(n - final, 0, `lost ${n - final} of ${n}`);
  // Each request saw the one before it: the answers are 1..n, each once.
  assert.deepEqual(
    answers.map((a) => Number(a.text)).sort((x, y) => x - y),
    Array.from({ length: n }, (_, i) => i + 1),
  );
}

/**
 * Start `/hold?name=…` on `app` with this cookie (`query` adds e.g. `&release=1`), and resolve once its
 * handler runs and holds the session; `answer` is its response, which comes once `/letgo?name=…` lets it go.
 */
async function hold(
  app: AppProcess,
  cookie: string,
  name: string,
  query = '',
): Promise<{ answer: Promise<Answer> }> {
  const holding = printed(app, new RegExp(`HOLDING ${name} `));
  const answer = get(`${app.base}/hold?name=${name}${query}`, cookie);
  await holding;
  return { answer };
}

/**
 * Wait until no lock is left on the session with this cookie. A release may follow its answer (RedisStore
 * sends it just after the response, in order with this process's next take), so this asks until the count
 * is 0, and fails after two seconds.
 */
function allReleased(store: SharedStore, cookie: string, message: string): Promise<void> {
  return waitFor(async () => (await store.locks(cookie)) === 0, { timeout: 2000, interval: 20, message });
}

interface SharedStore {
  name: string;
  skip: string | undefined;
  /** Environment naming the store for the app processes. */
  env: () => NodeJS.ProcessEnv;
  /** Locks left in the store (for the SQL stores: on the session with this cookie). */
  locks: (cookie: string) => Promise<number>;
  /** RedisStore: the processes in line for the lock of the session with this cookie. */
  line?: (cookie: string) => Promise<string[]>;
  /** SQL stores: end the server connection holding this session's lock, as a network failure would. */
  cutLockConnection?: (cookie: string) => Promise<void>;
  dispose: () => Promise<void>;
}

function sqlStore(
  name: string,
  kind: 'postgres' | 'mysql',
  params: typeof PG | typeof MY,
  skip: string | undefined,
): SharedStore {
  const table = `lk_sessions_${process.pid}_${randomBytes(3).toString('hex')}`;
  /** The server connections holding the advisory lock of the session with this cookie (ids, or pids). */
  const holders = async (cookie: string): Promise<number[]> => {
    const name = advisoryLockName(kind, table, cookie.split('=')[1] ?? '');
    const db = database(params);
    try {
      if (kind === 'mysql') {
        const rows = (await db.query('SELECT IS_USED_LOCK($name) AS holder', { vars: { name } })) as {
          holder: unknown;
        }[];
        return rows[0]?.holder === null || rows[0]?.holder === undefined ? [] : [Number(rows[0].holder)];
      }
      // A 64-bit advisory key shows in pg_locks as two 32-bit halves.
      const key = BigInt.asUintN(64, BigInt(name));
      const rows = (await db.query(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $hi AND objid = $lo",
        { vars: { hi: Number(key >> 32n), lo: Number(key & 0xffffffffn) } },
      )) as { pid: unknown }[];
      return rows.map((r) => Number(r.pid));
    } finally {
      await db.close();
    }
  };
  return {
    name,
    skip,
    env: () => ({ SESSION_STORE: kind, SESSION_TABLE: table }),
    locks: async (cookie) => (await holders(cookie)).length,
    cutLockConnection: async (cookie) => {
      const found = await holders(cookie);
      assert.equal(found.length, 1, 'one connection holds the lock');
      const db = database(params);
      try {
        if (kind === 'mysql') await db.query(`KILL ${found[0]}`);
        else {
          const rows = (await db.query('SELECT pg_terminate_backend($pid) AS ok', {
            vars: { pid: found[0] },
          })) as { ok: unknown }[];
          assert.equal(rows[0]?.ok, true, 'the holding connection was ended');
        }
      } finally {
        await db.close();
      }
    },
    dispose: async () => {
      const db = database(params);
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    },
  };
}

function stores(): SharedStore[] {
  const diskDir = tempDir('webts-lock-disk-');
  const sqliteDir = tempDir('webts-lock-sqlite-');
  const prefix = uniquePrefix();
  return [
    {
      name: 'DiskStore',
      skip: undefined,
      env: () => ({ SESSION_STORE: 'disk', STORE_PATH: join(diskDir, 'sessions') }),
      locks: async () =>
        (await heldInFolder(join(diskDir, 'sessions'))) +
        readdirSync(join(diskDir, 'sessions')).filter((n) => n.includes('.lock')).length,
      dispose: async () => removeDir(diskDir),
    },
    {
      name: 'DBStore on SQLite',
      skip: undefined,
      env: () => ({ SESSION_STORE: 'sqlite', STORE_PATH: join(sqliteDir, 'sessions.db') }),
      locks: async () => heldInFolder(join(sqliteDir, 'sessions.db-session-locks')),
      dispose: async () => removeDir(sqliteDir),
    },
    sqlStore('DBStore on PostgreSQL', 'postgres', PG, pgMissing),
    sqlStore('DBStore on MySQL', 'mysql', MY, mysqlMissing),
    {
      name: 'RedisStore',
      skip: redisMissing,
      env: () => ({ SESSION_STORE: 'redis', REDIS_PREFIX: prefix }),
      locks: async () => (await keysUnder(prefix)).filter((k) => k.endsWith(':lock')).length,
      line: (cookie) => redisLine(`${prefix}${cookie.split('=')[1]}:line`),
      dispose: () => deleteKeys(prefix),
    },
  ];
}

const pgMissing = await serverMissing('postgres');
const mysqlMissing = await serverMissing('mysql');
const redisMissing = await serverMissing('redis');

for (const store of stores()) {
  describe(`${store.name} shared by processes: one session's requests run one after another`, {
    skip: store.skip,
  }, () => {
    let workers: AppProcess;
    let a: AppProcess;
    let b: AppProcess;
    let c: AppProcess;
    before(async () => {
      // The cluster's primary creates the tables; the single processes start once it has.
      // A generous lock_timeout: on a loaded test machine 200 requests of one session may take a while.
      workers = await startApp(
        fixture,
        { ...store.env(), WORKERS: '4', LOCK_TIMEOUT: '300' },
        { banners: 4 },
      );
      [a, b, c] = await Promise.all([
        startApp(fixture, { ...store.env(), LOCK_LEASE: '1', LOCK_TIMEOUT: '300' }),
        startApp(fixture, { ...store.env(), LOCK_LEASE: '1', LOCK_TIMEOUT: '300' }),
        startApp(fixture, { ...store.env(), LOCK_TIMEOUT: '2' }),
      ]);
    });
    after(async () => {
      await Promise.all([workers?.stop(), a?.stop(), b?.stop(), c?.stop()]);
      await store.dispose();
    });

    it('4 node:cluster workers, 200 overlapping read-await-write requests: 0 lost, no errors', async () => {
      const cookie = await startSession(workers.base);
      const { answers, final } = await race([workers.base], cookie);
      assertNoneLost(answers, final);
      await allReleased(store, cookie, 'every lock to be released');
    });

    it('two separate app processes, one client alternating between them: 0 lost, no errors', async () => {
      const cookie = await startSession(a.base);
      const { answers, final } = await race([a.base, b.base], cookie);
      assertNoneLost(answers, final);
    });

    it("a session held open in one process does not hold up another session's request in another", async () => {
      const held = await startSession(a.base);
      const other = await startSession(b.base);
      const { answer } = await hold(a, held, 'latch');
      assert.equal(await store.locks(held), 1, 'the held session shows as locked in the store');
      assert.equal((await get(`${b.base}/count`, other)).text, '1', 'session B served while A is held');
      assert.equal((await get(`${a.base}/count`, other)).text, '2', 'also by the process holding A');
      assert.equal((await get(`${b.base}/letgo?name=latch`)).status, 200); // b has no such latch: no effect
      await get(`${a.base}/letgo?name=latch`);
      assert.equal((await answer).text, 'held latch');
      assert.equal((await dataVia(b.base, held)).data.held, 'latch');
    });

    it('a request waiting past lock_timeout gets 503 with Retry-After; the next one is served', async () => {
      const cookie = await startSession(a.base);
      const { answer } = await hold(a, cookie, 'slow');
      // a's lease is 1 s and c waits 2 s: a renews its lock meanwhile, so c never gets in.
      const busy = await get(`${c.base}/count`, cookie);
      assert.equal(busy.status, 503, busy.text);
      assert.match(busy.text, /session busy/);
      assert.match(String(busy.headers['retry-after']), /^\d+$/);
      await get(`${a.base}/letgo?name=slow`);
      assert.equal((await answer).status, 200);
      assert.equal((await get(`${c.base}/count`, cookie)).text, '1', 'served once the holder is done');
    });

    it('await session.release() lets the next request in, in another process, while the handler runs', async () => {
      const cookie = await startSession(a.base);
      const { answer } = await hold(a, cookie, 'early', '&release=1');
      const seen = await dataVia(b.base, cookie);
      assert.equal(seen.data.held, 'early', 'the released session was saved first');
      await get(`${a.base}/letgo?name=early`);
      assert.equal((await answer).status, 200);
    });

    const { cutLockConnection } = store;
    if (cutLockConnection)
      it('a lost lock connection is logged; the holding request finishes and the next lock opens a new one', async () => {
        const cookie = await startSession(a.base);
        const { answer } = await hold(a, cookie, 'cut');
        await cutLockConnection(cookie);
        assert.equal(await store.locks(cookie), 0, 'the server dropped the lock with its connection');
        // The held request still answers, and both processes take the session's lock again afterwards.
        await get(`${a.base}/letgo?name=cut`);
        assert.equal((await answer).status, 200);
        assert.equal((await get(`${a.base}/count`, cookie)).text, '1');
        assert.equal((await get(`${b.base}/count`, cookie)).text, '2');
        assert.match(a.stderr(), /lock connection to (postgres|mysql) was lost; 1 session\(s\)/);
        assert.equal(await store.locks(cookie), 0);
      });

    const { line } = store;
    if (line)
      it("a process in line for a session goes before the holder's own later requests of it", async () => {
        const cookie = await startSession(a.base);
        const { answer: held } = await hold(a, cookie, 'turn');
        const since = Date.now(); // a holds the lock from before this
        const fromB = get(`${b.base}/count`, cookie);
        await waitFor(async () => (await line(cookie)).length === 1, { message: 'b to be in line' });
        const fromA = [1, 2, 3].map(() => get(`${a.base}/count`, cookie));
        // a may hand the lock straight to its own next request for 10 ms after taking it (HAND_ON_MS); past
        // that, its next request queues behind the processes in line. Make sure that time has passed.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 15 - (Date.now() - since))));
        await get(`${a.base}/letgo?name=turn`);
        assert.equal((await held).status, 200);
        assert.equal((await fromB).text, '1', 'b, in line first, ran first');
        assert.deepEqual((await Promise.all(fromA)).map((r) => r.text).sort(), ['2', '3', '4']);
        assert.deepEqual(await line(cookie), [], 'the line is empty again');
      });

    if (line)
      it('a process that dies in line holds nobody up: it leaves the line, the next request is served', async () => {
        const cookie = await startSession(a.base);
        const waiter = await startApp(fixture, store.env());
        try {
          const { answer: held } = await hold(a, cookie, 'dead');
          const fromWaiter = get(`${waiter.base}/count`, cookie).catch(() => 'cut' as const);
          await waitFor(async () => (await line(cookie)).length === 1, {
            message: 'the waiter to be in line',
          });
          waiter.child.kill('SIGKILL');
          assert.equal(await fromWaiter, 'cut');
          await get(`${a.base}/letgo?name=dead`);
          assert.equal((await held).status, 200);
          const next = await get(`${b.base}/count`, cookie);
          assert.equal(next.status, 200, next.text);
          assert.equal(next.text, '1', 'the dead waiter never ran');
          assert.deepEqual(await line(cookie), [], 'the dead waiter left the line');
        } finally {
          await waiter.stop();
        }
      });

    it('kill -9 of the lock holder: the next request is served within the lease, state intact, no lock left', async () => {
      const cookie = await startSession(a.base);
      for (let i = 1; i <= 3; i++) assert.equal((await get(`${a.base}/count`, cookie)).text, String(i));
      const answer = (await hold(a, cookie, 'crash')).answer.catch(() => 'cut' as const);
      a.child.kill('SIGKILL');
      assert.equal(await answer, 'cut');
      const next = await get(`${b.base}/count`, cookie);
      assert.equal(next.status, 200, next.text);
      assert.equal(next.text, '4', 'the last acknowledged state (3) was intact');
      const { data } = await dataVia(b.base, cookie);
      assert.equal(data.held, undefined, 'the killed request saved nothing');
      await allReleased(store, cookie, 'the dead holder to leave no lock record');
    });
  });
}
