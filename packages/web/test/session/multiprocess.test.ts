/**
 * Several app processes sharing sessions, as behind a load balancer: real child `node` processes of
 * fixtures/shared-app.ts on their own ports, one store (PostgreSQL through DBStore, or Redis).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { database } from '../../src/db/index.js';
import { decode } from '../../src/session/codec.js';
import { serverMissing } from '../helpers/servers.js';
import { type Answer, type AppProcess, freshGet, startApp } from './fixtures/processes.js';
import { deleteKeys, keysUnder, uniquePrefix } from './fixtures/redis.js';
import { CookieJar, removeDir, tempDir } from './helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/shared-app.ts', import.meta.url));

/** The JSON of /get: which process answered and the session's data. */
async function sessionVia(
  jar: CookieJar,
  base: string,
): Promise<{ pid: number; data: Record<string, unknown> }> {
  const r = await jar.get(`${base}/get`);
  assert.equal(r.status, 200, r.text);
  return JSON.parse(r.text) as { pid: number; data: Record<string, unknown> };
}

const pgMissing = await serverMissing('postgres');
const redisMissing = await serverMissing('redis');
const PG = { dbn: 'postgres', db: 'test', user: 'postgres', host: '127.0.0.1' } as const;

describe('two app processes share sessions through DBStore on PostgreSQL', { skip: pgMissing }, () => {
  const table = `mp_sessions_${randomBytes(5).toString('hex')}`;
  const db = database(PG);
  let a: AppProcess;
  let b: AppProcess;
  before(async () => {
    [a, b] = await Promise.all([
      startApp(fixture, { SESSION_STORE: 'postgres', SESSION_TABLE: table }),
      startApp(fixture, { SESSION_STORE: 'postgres', SESSION_TABLE: table }),
    ]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.close();
  });

  it('log in through one process, be logged in through the other; log out there, out here too', async () => {
    const jar = new CookieJar();
    assert.equal((await jar.get(`${a.base}/login`)).status, 303);
    assert.match((await jar.get(`${b.base}/`)).text, /You are logged in/);
    const one = await sessionVia(jar, a.base);
    const two = await sessionVia(jar, b.base);
    assert.notEqual(one.pid, two.pid, 'two different processes answered');
    assert.deepEqual(two.data, { logged_in: true });
    await jar.get(`${b.base}/logout`);
    assert.match((await jar.get(`${a.base}/`)).text, /You are not logged in/);
  });

  it('concurrent increments of one session through both processes all count (a different key per process)', async () => {
    const jar = new CookieJar();
    await jar.get(`${a.base}/login`);
    const n = 25;
    const results = await Promise.all([
      ...Array.from({ length: n }, (_, i) => jar.get(`${a.base}/incr?key=a&wait=${i % 4}`)),
      ...Array.from({ length: n }, (_, i) => jar.get(`${b.base}/incr?key=b&wait=${i % 3}`)),
    ]);
    for (const r of results) assert.equal(r.status, 200, r.text);
    // Within a process, requests of one session queue, so each saw the previous count.
    const seenA = results.slice(0, n).map((r) => Number(r.text));
    assert.deepEqual(
      seenA.sort((x, y) => x - y),
      Array.from({ length: n }, (_, i) => i + 1),
    );
    const { data } = await sessionVia(jar, b.base);
    assert.deepEqual(data, { logged_in: true, a: n, b: n }, 'the row-locked merge kept both processes’ keys');
  });

  it('SIGKILL of one process under load: the other keeps serving and every session stays whole', async () => {
    const sessions = 16;
    const perProcess = 10;
    const jars = Array.from({ length: sessions }, () => new CookieJar());
    for (const jar of jars) {
      assert.equal((await jar.get(`${a.base}/login`)).status, 303);
      await jar.get(`${a.base}/incr?key=a`);
    }
    // Kill A once a few of its answers are back: the rest are queued or running inside it.
    let answeredByA = 0;
    let killed: () => void = () => {};
    const killedNow = new Promise<void>((resolve) => {
      killed = resolve;
    });
    const onA = jars.flatMap((jar) =>
      Array.from({ length: perProcess }, () =>
        jar.get(`${a.base}/incr?key=a&wait=5`).then(
          (r) => {
            if (++answeredByA === 12) {
              a.child.kill('SIGKILL');
              killed();
            }
            return r.status;
          },
          () => 'cut' as const,
        ),
      ),
    );
    const onB = jars.flatMap((jar) =>
      Array.from({ length: perProcess }, () => jar.get(`${b.base}/incr?key=b&wait=5`)),
    );
    await killedNow;
    const [fromA, fromB] = await Promise.all([Promise.all(onA), Promise.all(onB)]);
    assert.ok(
      fromA.includes('cut'),
      'the kill came while requests to the killed process were still in flight',
    );
    for (const r of fromB)
      assert.equal(r.status, 200, `the surviving process answered ${r.status}: ${r.text}`);
    // A new process (a restart) and the survivor both see every session logged in, with all of B's work.
    a = await startApp(fixture, { SESSION_STORE: 'postgres', SESSION_TABLE: table });
    for (const jar of jars) {
      for (const base of [a.base, b.base]) {
        const { data } = await sessionVia(jar, base);
        assert.equal(data.logged_in, true);
        assert.equal(data.b, perProcess, 'every increment the survivor acknowledged is stored');
        const countA = Number(data.a);
        assert.ok(countA >= 1 && countA <= 1 + perProcess, `a = ${data.a}`);
      }
    }
    const rows = (await db.query(`SELECT session_id, data FROM ${table}`)) as {
      session_id: string;
      data: string;
    }[];
    const cookies = new Set(jars.map((jar) => [...jar.cookies.values()][0]));
    for (const row of rows) {
      const envelope = decode(row.data) as { data: Record<string, unknown> };
      assert.equal(typeof envelope.data, 'object', `row ${row.session_id} decodes`);
      if (cookies.has(row.session_id.trim())) assert.equal(envelope.data.logged_in, true);
    }
    assert.ok([...cookies].every((id) => rows.some((row) => row.session_id.trim() === id)));
    assert.doesNotMatch(b.stderr(), /cannot be decoded|Internal Server Error/);
  });
});

describe('two app processes share sessions through RedisStore', { skip: redisMissing }, () => {
  const prefix = uniquePrefix();
  let a: AppProcess;
  let b: AppProcess;
  before(async () => {
    [a, b] = await Promise.all([
      startApp(fixture, { SESSION_STORE: 'redis', REDIS_PREFIX: prefix }),
      startApp(fixture, { SESSION_STORE: 'redis', REDIS_PREFIX: prefix }),
    ]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await deleteKeys(prefix);
  });

  it('log in through one process, be logged in through the other; log out there, out here too', async () => {
    const jar = new CookieJar();
    assert.equal((await jar.get(`${a.base}/login`)).status, 303);
    assert.match((await jar.get(`${b.base}/`)).text, /You are logged in/);
    assert.deepEqual(await keysUnder(prefix), [`${prefix}${jar.cookies.get('webpy_session_id')}`]);
    await jar.get(`${b.base}/logout`);
    assert.match((await jar.get(`${a.base}/`)).text, /You are not logged in/);
  });

  it('concurrent increments through both processes all count (a different key per process)', async () => {
    const jar = new CookieJar();
    await jar.get(`${b.base}/login`);
    const n = 25;
    const results = await Promise.all([
      ...Array.from({ length: n }, (_, i) => jar.get(`${a.base}/incr?key=a&wait=${i % 4}`)),
      ...Array.from({ length: n }, (_, i) => jar.get(`${b.base}/incr?key=b&wait=${i % 3}`)),
    ]);
    for (const r of results) assert.equal(r.status, 200, r.text);
    const { data } = await sessionVia(jar, a.base);
    assert.deepEqual(data, { logged_in: true, a: n, b: n });
  });
});

const clusterApp = fileURLToPath(new URL('../../../../examples/cluster/app.ts', import.meta.url));

/**
 * `send()`, sent again while it answers 503. SQLite shared by processes waits for no lock: two writes that
 * meet (a login in one worker, the background cleanup in the other) give a 503 at once (see the load test
 * below), so on SQLite the flow retries those instead of spacing its requests and hoping.
 */
async function past503(send: () => Promise<Answer>): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const r = await send();
    if (r.status !== 503 || attempt === 20) return r;
  }
}

/** examples/cluster with `env`: two workers, the seed session flow over fresh connections, SIGTERM. */
async function clusterSeedFlow(env: NodeJS.ProcessEnv, cwd: string, retry503 = false): Promise<AppProcess> {
  const app = await startApp(clusterApp, { WORKERS: '2', ...env }, { cwd, banners: 2 });
  const get = (path: string, cookie?: string) => {
    const send = () => freshGet(`${app.base}${path}`, cookie);
    return retry503 ? past503(send) : send();
  };
  try {
    assert.match((await get('/')).text, /You are not logged in/);
    const login = await get('/login');
    assert.equal(login.status, 303, login.text);
    const cookie = login.cookie;
    assert.match(cookie, /^webpy_session_id=[0-9a-f]{40}$/);
    for (let i = 0; i < 8; i++) assert.match((await get('/', cookie)).text, /You are logged in/);
    await get('/logout', cookie);
    assert.match((await get('/', cookie)).text, /You are not logged in/);
  } catch (err) {
    await app.stop();
    throw err;
  }
  return app;
}

async function stopCleanly(app: AppProcess): Promise<void> {
  await app.stop();
  assert.equal(app.child.exitCode, 0, `a clean exit on SIGTERM; stderr: ${app.stderr()}`);
  assert.equal((app.stderr().match(/SIGTERM: shutting down/g) ?? []).length, 2, 'both workers shut down');
}

describe('examples/cluster', () => {
  it('WORKERS=2 on SQLite (no DATABASE_URL): log in, stay logged in across workers, SIGTERM stops all', async () => {
    const dir = tempDir('webts-cluster-');
    try {
      const app = await clusterSeedFlow({ DATABASE_URL: '' }, dir, true);
      try {
        // Under concurrent load, SQLite's lock contention between workers is a 503, never a 500 or a bad row.
        const login = await past503(() => freshGet(`${app.base}/login`));
        const cookie = login.cookie;
        const statuses = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            i % 2 ? freshGet(`${app.base}/`, cookie) : freshGet(`${app.base}/login`),
          ),
        );
        for (const r of statuses) assert.ok([200, 303, 503].includes(r.status), `status ${r.status}`);
        assert.match((await past503(() => freshGet(`${app.base}/`, cookie))).text, /You are logged in/);
      } finally {
        await stopCleanly(app);
      }
      assert.ok(existsSync(join(dir, 'sessions.db')), 'the sessions file is in the working folder');
    } finally {
      removeDir(dir);
    }
  });

  it('WORKERS=2 on PostgreSQL (DATABASE_URL): the same flow at full speed', { skip: pgMissing }, async () => {
    const table = `cluster_sessions_${randomBytes(5).toString('hex')}`;
    const dir = tempDir('webts-cluster-');
    const db = database(PG);
    try {
      const app = await clusterSeedFlow(
        { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', SESSION_TABLE: table },
        dir,
      );
      try {
        const login = await freshGet(`${app.base}/login`);
        const cookie = login.cookie;
        const pages = await Promise.all(Array.from({ length: 40 }, () => freshGet(`${app.base}/`, cookie)));
        for (const r of pages) assert.match(r.text, /You are logged in/);
      } finally {
        await stopCleanly(app);
      }
      const rows = (await db.query(`SELECT data FROM ${table}`)) as { data: string }[];
      assert.equal(rows.length, 2, 'the two logged-in sessions, in PostgreSQL');
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
      removeDir(dir);
    }
  });
});
