/**
 * RedisStore on a real Redis Cluster (three masters this file starts and stops): the Store contract, keys of
 * one session in one slot, sessions spread over every master, the lock, cleanup on every master, and
 * requests of one session through several app processes ordered by the lock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RedisStore } from '../../src/session/redis-store.js';
import { type AppProcess, freshGet as get, startApp } from './fixtures/processes.js';
import { uniquePrefix } from './fixtures/redis.js';
import { type RedisCluster, redisClusterMissing, startRedisCluster } from './fixtures/redis-cluster.js';
import { storeSuite } from './store-suite.js';

const missing = redisClusterMissing();
const cluster: RedisCluster | undefined = missing ? undefined : await startRedisCluster(3);
after(async () => {
  await cluster?.stop();
});
const on = (): RedisCluster => cluster as RedisCluster;

const HOUR = 3_600_000;
const hexId = (i: number) => i.toString(16).padStart(40, '0');

/** Every key under `prefix`, per master port. */
async function keysPerNode(prefix: string): Promise<Map<number, string[]>> {
  const c = on();
  const lists = await Promise.all(c.ports.map((port) => c.keysOn(port, `${prefix}*`)));
  return new Map(c.ports.map((port, i) => [port, lists[i] as string[]]));
}

storeSuite(
  'RedisStore on a Redis Cluster',
  async () => {
    const prefix = uniquePrefix();
    // Not connected: the store connects a client it is given on first use.
    const client = on().client();
    const extra: ReturnType<RedisCluster['client']>[] = [];
    return {
      store: RedisStore(client, { prefix }),
      reopen: () => {
        const again = on().client();
        extra.push(again);
        return RedisStore(again, { prefix });
      },
      dispose: async () => {
        await Promise.all([client, ...extra].map((c) => (c.isOpen ? c.close() : undefined)));
      },
    };
  },
  { skip: missing, persistent: true, atomicUpdate: true },
);

describe('RedisStore on a Redis Cluster', { skip: missing }, () => {
  let client: ReturnType<RedisCluster['client']>;
  let other: ReturnType<RedisCluster['client']>;
  before(async () => {
    client = await on().client().connect();
    other = await on().client().connect();
  });
  after(async () => {
    await client?.close();
    await other?.close();
  });

  it('keys carry the id as a hash tag: sessions spread over every master, a lock shares its session slot', async () => {
    const p = uniquePrefix();
    const store = RedisStore(client, { prefix: p });
    assert.equal(store.cluster, true);
    const ids = Array.from({ length: 60 }, (_, i) => hexId(i + 1));
    await Promise.all(ids.map((id) => store.set(id, { data: id, atime: Date.now() })));
    const perNode = await keysPerNode(p);
    for (const [port, keys] of perNode)
      assert.ok(keys.length > 0, `master ${port} holds some of the sessions`);
    const all = [...perNode.values()].flat().sort();
    assert.deepEqual(all, ids.map((id) => `${p}{${id}}`).sort(), 'each session once, named prefix{id}');

    const id = ids[0] as string;
    const held = await store.lock(id, { lease: 5000, wait: 0 });
    assert.ok(held, 'the lock was taken');
    try {
      const slot = (key: string) => client.sendCommand(key, false, ['CLUSTER', 'KEYSLOT', key]);
      assert.equal(await slot(`${p}{${id}}:lock`), await slot(`${p}{${id}}`));
      const home = [...(await keysPerNode(p))].find(([, keys]) => keys.includes(`${p}{${id}}`));
      assert.ok(home?.[1].includes(`${p}{${id}}:lock`), 'the lock is on the master of its session');
    } finally {
      await held.release();
    }
    await Promise.all(ids.map((i) => store.delete(i)));
    assert.deepEqual([...(await keysPerNode(p)).values()].flat(), [], 'delete and release left nothing');
  });

  it('the lock holds across two clients (two processes) on every master; only its holder releases it', async () => {
    const p = uniquePrefix();
    const a = RedisStore(client, { prefix: p });
    const b = RedisStore(other, { prefix: p });
    const ids = Array.from({ length: 30 }, (_, i) => hexId(1000 + i));
    const held = await Promise.all(ids.map((id) => a.lock(id, { lease: 5000, wait: 0 })));
    assert.equal(held.filter(Boolean).length, 30, 'a takes all 30 locks');
    const locksPerNode = [...(await keysPerNode(p)).values()].map((keys) => keys.length);
    assert.ok(
      locksPerNode.every((n) => n > 0),
      `locks on every master: ${locksPerNode.join(', ')}`,
    );
    const refused = await Promise.all(ids.map((id) => b.lock(id, { lease: 5000, wait: 0 })));
    assert.equal(refused.filter(Boolean).length, 0, 'b gets none while a holds them');
    // A lock that lapsed and was taken by another is not removed by the first holder's release.
    const id = ids[0] as string;
    await client.sendCommand(`${p}{${id}}:lock`, false, ['DEL', `${p}{${id}}:lock`]);
    const taken = await b.lock(id, { lease: 5000, wait: 0 });
    assert.ok(taken, 'b takes the lapsed lock');
    await (held[0] as NonNullable<(typeof held)[0]>).release();
    assert.equal(await b.lock(id, { lease: 5000, wait: 0 }), undefined, "a's release left b's lock alone");
    await taken.release();
    await Promise.all(held.slice(1).map((h) => h?.release()));
    const again = await Promise.all(ids.map((i) => b.lock(i, { lease: 5000, wait: 0 })));
    assert.equal(again.filter(Boolean).length, 30, 'released: b takes them all');
    await Promise.all(again.map((h) => h?.release()));
    assert.deepEqual([...(await keysPerNode(p)).values()].flat(), [], 'no lock left');
  });

  it('cleanup removes expired sessions on every master and keeps fresh ones, foreign keys and held locks', async () => {
    const p = uniquePrefix();
    const store = RedisStore(client, { prefix: p });
    const old = Array.from({ length: 90 }, (_, i) => hexId(2000 + i));
    const fresh = Array.from({ length: 30 }, (_, i) => hexId(3000 + i));
    await Promise.all(old.map((id) => store.set(id, { data: 'old', atime: Date.now() - 2 * HOUR })));
    await Promise.all(fresh.map((id) => store.set(id, { data: 'fresh', atime: Date.now() })));
    const foreign = `${p}not-a-session`;
    await client.sendCommand(foreign, false, ['SET', foreign, 'someone else']);
    const held = await store.lock(old[0] as string, { lease: 10_000, wait: 0 });
    assert.ok(held);
    const before = await keysPerNode(p);
    for (const [port, keys] of before) {
      assert.ok(
        keys.some((k) => old.some((id) => k === `${p}{${id}}`)),
        `master ${port} holds expired sessions before cleanup`,
      );
    }

    await store.cleanup(3600);

    const afterwards = await keysPerNode(p);
    for (const [port, keys] of afterwards) {
      const expired = keys.filter((k) => old.some((id) => k === `${p}{${id}}`));
      assert.deepEqual(expired, [], `no expired session left on master ${port}`);
      assert.ok(
        keys.some((k) => fresh.some((id) => k === `${p}{${id}}`)),
        `fresh sessions kept on master ${port}`,
      );
    }
    const left = [...afterwards.values()].flat().sort();
    assert.deepEqual(
      left,
      [...fresh.map((id) => `${p}{${id}}`), `${p}{${old[0]}}:lock`, foreign].sort(),
      'exactly the fresh sessions, the held lock and the foreign key remain',
    );
    await held.release();
    await Promise.all(fresh.map((id) => store.delete(id)));
    await client.sendCommand(foreign, false, ['DEL', foreign]);
  });
});

/** 200 overlapping increments of one session through `bases` in turn; asserts none is lost. */
async function raceOneSession(bases: string[], n = 200): Promise<string> {
  const start = await get(`${bases[0]}/start`);
  assert.equal(start.status, 200, start.text);
  const cookie = String((start.headers['set-cookie'] as string[] | undefined)?.[0] ?? '').split(';')[0] ?? '';
  assert.match(cookie, /^webpy_session_id=[0-9a-f]{40}$/);
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) => get(`${bases[i % bases.length]}/count`, cookie)),
  );
  assert.deepEqual(
    answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.text}`),
    [],
    'no error answers',
  );
  // Each request saw the one before it: the answers are 1..n, each once.
  assert.deepEqual(
    answers.map((a) => Number(a.text)).sort((x, y) => x - y),
    Array.from({ length: n }, (_, i) => i + 1),
  );
  const final = await get(`${bases[0]}/get`, cookie);
  assert.equal(n - Number(JSON.parse(final.text).data.counter), 0, `lost updates of ${n}`);
  return cookie;
}

describe('RedisStore on a Redis Cluster shared by processes: one session at a time', {
  skip: missing,
}, () => {
  const fixture = fileURLToPath(new URL('./fixtures/locked-app.ts', import.meta.url));
  const prefix = uniquePrefix();
  const apps: AppProcess[] = [];
  let workers: AppProcess;
  let a: AppProcess;
  let b: AppProcess;
  before(async () => {
    const env = {
      SESSION_STORE: 'redis-cluster',
      REDIS_CLUSTER: on().urls.join(','),
      REDIS_PREFIX: prefix,
      LOCK_TIMEOUT: '300',
    };
    workers = await startApp(fixture, { ...env, WORKERS: '4' }, { banners: 4 });
    apps.push(workers);
    [a, b] = await Promise.all([startApp(fixture, env), startApp(fixture, env)]);
    apps.push(a, b);
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.stop()));
  });

  it('4 node:cluster workers, 200 overlapping read-await-write requests: 0 lost, no errors, no lock left', async () => {
    const cookie = await raceOneSession([workers.base]);
    const id = cookie.split('=')[1] as string;
    const keys = [...(await keysPerNode(prefix)).values()].flat();
    assert.ok(keys.includes(`${prefix}{${id}}`), 'the session is stored under its hash tag');
    assert.deepEqual(
      keys.filter((k) => k.endsWith(':lock')),
      [],
      'every lock was released',
    );
  });

  it('two separate app processes, one client alternating between them: 0 lost, no errors', async () => {
    await raceOneSession([a.base, b.base]);
  });

  it('many sessions through the workers land on every master', async () => {
    const cookies = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const r = await get(`${workers.base}/start`);
        assert.equal(r.status, 200);
        return String((r.headers['set-cookie'] as string[])[0]).split(';')[0] as string;
      }),
    );
    const perNode = await keysPerNode(prefix);
    for (const [port, keys] of perNode) assert.ok(keys.length > 0, `master ${port} holds sessions`);
    for (const cookie of cookies) assert.equal((await get(`${b.base}/count`, cookie)).text, '1');
  });
});
