import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { DatabaseUnavailableError } from '../../src/db/errors.js';
import web from '../../src/index.js';
import { RedisStore } from '../../src/session/redis-store.js';
import { TcpProxy } from '../db/outage.js';
import { SERVERS, serverMissing } from '../helpers/servers.js';
import { bounded, Latch, waitFor } from '../helpers/sync.js';
import { deleteKeys, keysUnder, REDIS_URL, redisStoreMaker, uniquePrefix } from './fixtures/redis.js';
import { captureStderr, serve, trackCleanups, withParameters } from './helpers.js';
import { storeSuite } from './store-suite.js';

const missing = await serverMissing('redis');
const maker = await redisStoreMaker();
storeSuite('RedisStore', maker.make, { skip: missing, persistent: true, atomicUpdate: true });

const ID = 'a'.repeat(40);
const ID2 = 'b'.repeat(40);
const HOUR = 3_600_000;

/** An app whose GET /count adds one to a counter in its session on `store`, and answers the count. */
function countingApp(store: RedisStore) {
  const app = web.application(['/count', 'Count'], () => ({ Count }));
  const session = web.session.Session(app, store);
  class Count {
    GET() {
      session.count = session.get('count', 0) + 1;
      return String(session.count);
    }
  }
  return app;
}

const unavailable = (err: unknown) => {
  assert.ok(err instanceof DatabaseUnavailableError, `expected DatabaseUnavailableError, got ${String(err)}`);
  assert.equal(err.status, 503);
  return true;
};

describe('RedisStore', { skip: missing }, () => {
  let admin: ReturnType<typeof createClient>;
  const prefixes: string[] = [];
  const prefix = () => {
    const p = uniquePrefix();
    prefixes.push(p);
    return p;
  };
  before(async () => {
    admin = createClient({ url: REDIS_URL });
    await admin.connect();
  });
  after(async () => {
    for (const p of prefixes) await deleteKeys(p);
    admin.destroy();
  });

  it('is callable with or without new and keeps each session as a hash at prefix + id', async () => {
    const p = prefix();
    for (const store of [RedisStore(REDIS_URL, { prefix: p }), new RedisStore(REDIS_URL, { prefix: p })]) {
      try {
        const atime = Date.now();
        await store.set(ID, { data: '{"x":1}', atime });
        const hash = await admin.hGetAll(`${p}${ID}`);
        assert.equal(hash.data, '{"x":1}');
        assert.equal(hash.atime, String(atime));
        assert.deepEqual(await keysUnder(p), [`${p}${ID}`], 'one key, named by the prefix and the id');
      } finally {
        await store.close();
      }
    }
  });

  it("RedisStore() with no URL uses node-redis's default, localhost:6379", async () => {
    const store = RedisStore(undefined, { prefix: prefix() });
    try {
      await store.set(ID, { data: 'local', atime: Date.now() });
      assert.equal((await store.get(ID))?.data, 'local');
    } finally {
      await store.close();
    }
  });

  it('Redis expires a key ttl seconds after its last use, and touch pushes that back', async () => {
    const p = prefix();
    const store = RedisStore(REDIS_URL, { prefix: p, ttl: 600 });
    try {
      await store.set(ID, { data: 'x', atime: Date.now() - 300_000 });
      const ttl = await admin.pTTL(`${p}${ID}`);
      assert.ok(ttl > 290_000 && ttl <= 300_000, `about 300 s left, got ${ttl} ms`);
      await store.touch(ID, Date.now());
      const later = await admin.pTTL(`${p}${ID}`);
      assert.ok(later > 590_000 && later <= 600_000, `about 600 s left after touch, got ${later} ms`);
      await store.set(ID2, { data: 'y', atime: Date.now() - 700_000 });
      assert.equal(await store.has(ID2), false, 'a record already past its ttl is gone at once');
    } finally {
      await store.close();
    }
  });

  it('cleanup raises the safety-net ttl to twice the session timeout', async () => {
    const p = prefix();
    const store = RedisStore(REDIS_URL, { prefix: p, ttl: 60 });
    try {
      await store.cleanup(3600);
      await store.set(ID, { data: 'x', atime: Date.now() });
      const ttl = await admin.pTTL(`${p}${ID}`);
      assert.ok(ttl > 7_100_000, `two hours, got ${ttl} ms`);
    } finally {
      await store.close();
    }
  });

  it('cleanup with glob characters in the prefix touches only its own keys, and skips foreign keys', async () => {
    const p = prefix();
    const globby = RedisStore(REDIS_URL, { prefix: `${p}a*[` });
    const neighbour = RedisStore(REDIS_URL, { prefix: `${p}ab[` });
    try {
      const old = Date.now() - 2 * HOUR;
      await globby.set(ID, { data: 'old', atime: old });
      await neighbour.set(ID, { data: 'neighbour', atime: old });
      await admin.set(`${p}a*[${ID2}`, 'a plain string, not a session');
      await admin.set(`${p}a*[not-an-id`, 'someone else');
      await globby.cleanup(3600);
      assert.equal(await globby.get(ID), undefined);
      assert.equal((await neighbour.get(ID))?.data, 'neighbour', 'a glob prefix must not reach other keys');
      assert.equal(await admin.get(`${p}a*[${ID2}`), 'a plain string, not a session');
      assert.equal(await admin.get(`${p}a*[not-an-id`), 'someone else');
    } finally {
      await globby.close();
      await neighbour.close();
    }
  });

  it('cleanup keeps a session used after it was listed (check and delete are one step)', async () => {
    const p = prefix();
    const store = RedisStore(REDIS_URL, { prefix: p });
    try {
      const ids = Array.from({ length: 300 }, (_, i) => i.toString(16).padStart(40, '0'));
      await Promise.all(ids.map((id) => store.set(id, { data: id, atime: Date.now() - 2 * HOUR })));
      const sweeping = store.cleanup(3600);
      await store.touch(ids[299] as string, Date.now());
      await sweeping;
      const left = await keysUnder(p);
      assert.ok(left.length <= 1, `at most the touched session is left, got ${left.length}`);
      assert.equal(await store.has(ids[298] as string), false);
    } finally {
      await store.close();
    }
  });

  it('two stores on separate connections (two app processes) lose no update', async () => {
    const p = prefix();
    const a = RedisStore(REDIS_URL, { prefix: p });
    const b = RedisStore(REDIS_URL, { prefix: p });
    try {
      await a.set(ID, { data: '0', atime: Date.now() });
      const bump = (store: RedisStore) =>
        store.update(ID, (current) => ({ data: String(Number(current?.data) + 1), atime: Date.now() }));
      await Promise.all(Array.from({ length: 30 }, (_, i) => bump(i % 2 ? a : b)));
      assert.equal((await a.get(ID))?.data, '30');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('update sees an absent record as undefined, and writes nothing when change returns undefined', async () => {
    const p = prefix();
    const store = RedisStore(REDIS_URL, { prefix: p });
    try {
      const seen: unknown[] = [];
      await store.update(ID, (current) => {
        seen.push(current);
        return undefined;
      });
      assert.deepEqual(seen, [undefined]);
      assert.equal(await store.has(ID), false);
      await store.update(ID, () => ({ data: 'made', atime: Date.now() }));
      assert.equal((await store.get(ID))?.data, 'made');
    } finally {
      await store.close();
    }
  });

  it('hostile stored values: a hash with a junk atime reads as idle since 1970, one without data as absent', async () => {
    const p = prefix();
    const store = RedisStore(REDIS_URL, { prefix: p });
    try {
      await admin.hSet(`${p}${ID}`, { data: '{}', atime: 'yesterday' });
      await admin.hSet(`${p}${ID2}`, { atime: String(Date.now()) });
      assert.deepEqual(await store.get(ID), { data: '{}', atime: 0 });
      assert.equal(await store.get(ID2), undefined);
      await store.cleanup(60);
      assert.equal(await store.has(ID), false, 'cleanup removes the junk-atime record');
      const c = 'c'.repeat(40);
      await admin.set(`${p}${c}`, 'not a hash');
      await assert.rejects(store.get(c), /WRONGTYPE/);
      await assert.rejects(
        store.update(c, () => ({ data: 'x', atime: Date.now() })),
        /WRONGTYPE/,
      );
      await store.touch(c, Date.now());
      assert.equal(await admin.get(`${p}${c}`), 'not a hash', 'touch leaves a foreign key alone');
    } finally {
      await store.close();
    }
  });

  it('rejects records that are not { data: string, atime: number }', async () => {
    const store = RedisStore(REDIS_URL, { prefix: prefix() });
    try {
      for (const bad of [
        { data: 1, atime: Date.now() },
        { data: 'x', atime: Number.NaN },
        { data: 'x', atime: 'now' },
        null,
      ]) {
        await assert.rejects(async () => store.set(ID, bad as never), TypeError, JSON.stringify(bad));
      }
      await assert.rejects(async () => store.touch(ID, Number.POSITIVE_INFINITY), TypeError);
    } finally {
      await store.close();
    }
  });

  it('says what is wrong with its arguments', () => {
    assert.throws(() => RedisStore({} as never), /node-redis client .* or a redis:\/\/ URL/);
    assert.throws(() => RedisStore(42 as never), /node-redis client/);
    assert.throws(() => RedisStore('not a url'), /a Redis URL looks like redis:\/\/host:6379/);
    assert.throws(() => RedisStore('http://127.0.0.1:6379'), /expected a redis:\/\/ or rediss:\/\/ URL/);
    assert.throws(() => RedisStore(REDIS_URL, { prefix: 'a\r\nFLUSHALL' }), /prefix/);
    assert.throws(() => RedisStore(REDIS_URL, { prefix: 'x'.repeat(300) }), /prefix/);
    assert.throws(() => RedisStore(REDIS_URL, { ttl: 0 }), /ttl/);
    assert.throws(() => RedisStore(REDIS_URL, { ttl: Number.NaN }), /ttl/);
  });

  it('uses a client you pass (connecting it if needed) and leaves it open on close', async () => {
    const client = createClient({ url: REDIS_URL });
    const store = RedisStore(client, { prefix: prefix() });
    try {
      await store.set(ID, { data: 'mine', atime: Date.now() });
      assert.equal((await store.get(ID))?.data, 'mine');
      await store.close();
      assert.equal(client.isOpen, true, 'the owner closes its client');
      await assert.rejects(store.get(ID), /the store was closed/);
    } finally {
      client.destroy();
    }
  });

  it('an unreachable Redis fails fast with the 503 error instead of hanging', async () => {
    const nowhere = new TcpProxy(SERVERS.redis);
    await nowhere.start();
    const port = nowhere.port;
    await nowhere.stop();
    const store = RedisStore(`redis://:secret@127.0.0.1:${port}`, { connectTimeout: 300 });
    const { stderr } = await captureStderr(async () => {
      // Not a speed claim: the request must not hang (the bound is far above connectTimeout).
      const refused = assert.rejects(store.get(ID), (err) => {
        unavailable(err);
        assert.doesNotMatch(String((err as Error).cause), /secret/, 'no password in the message');
        return true;
      });
      await bounded(refused, 'the unreachable store to refuse, not hang');
      await store.close();
    });
    assert.match(stderr, /webts RedisStore \(reconnecting\)/);
  });

  it('Redis going away gives 503s, and the same store works again when it is back', async () => {
    const proxy = new TcpProxy(SERVERS.redis);
    await proxy.start();
    const store = RedisStore(`redis://127.0.0.1:${proxy.port}`, { prefix: prefix(), connectTimeout: 200 });
    const { stderr } = await captureStderr(async () => {
      try {
        await store.set(ID, { data: 'before', atime: Date.now() });
        await proxy.stop();
        await assert.rejects(store.get(ID), unavailable);
        await assert.rejects(store.set(ID, { data: 'lost', atime: Date.now() }), unavailable);
        await proxy.start();
        let back: string | undefined;
        await waitFor(
          async () => {
            back = await store.get(ID).then(
              (r) => r?.data,
              () => undefined,
            );
            return back !== undefined;
          },
          { interval: 100, message: 'the store to reconnect' },
        );
        assert.equal(back, 'before');
      } finally {
        await store.close();
        await proxy.stop();
      }
    });
    assert.match(stderr, /RedisStore/, 'the outage is logged');
  });

  it('a locked request reads its session in the script that takes the lock: only scripts, three at most, no HMGET', async () => {
    const p = prefix();
    const store = RedisStore(REDIS_URL, { prefix: p });
    const app = countingApp(store);
    const monitor = admin.duplicate();
    await monitor.connect();
    const seen: string[] = [];
    try {
      const first = await app.request('/count');
      const cookie = String(first.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      const id = cookie.split('=')[1] ?? '';
      assert.match(id, /^[0-9a-f]{40}$/);
      // Once with the lock, so that Redis has seen every script (a first EVALSHA would come back NOSCRIPT).
      assert.equal((await app.request('/count', { headers: { cookie } })).data, '2');
      const released = () => waitFor(async () => (await admin.exists(`${p}${id}:lock`)) === 0);
      await released(); // a release follows its answer
      await monitor.monitor((line: string) => {
        // Commands the client sent, not those the scripts ran inside Redis ("[0 lua]").
        if (line.includes(id) && !/\[\d+ lua\]/.test(line)) seen.push(line);
      });
      // A marker command after the request: once the monitor shows it, it has shown the request's commands.
      const marker = `${p}marker-${id}`;
      const shown = waitFor(() => seen.some((l) => l.includes(marker)));
      assert.equal((await app.request('/count', { headers: { cookie } })).data, '3');
      assert.equal((await app.request('/count', { headers: { cookie } })).data, '4');
      await released();
      await admin.get(marker);
      await shown;
      const commands = seen
        .filter((l) => !l.includes(marker) && !/"exists"/i.test(l)) // the test's own checks
        .map((l) => /"(\w+)"/.exec(l)?.[1]?.toUpperCase() ?? l);
      // Take and read, write, release for each request; the third's release may share the fourth's take script.
      assert.ok(commands.length === 5 || commands.length === 6, seen.join('\n'));
      assert.ok(
        commands.every((c) => c === 'EVALSHA'),
        seen.join('\n'),
      );
      assert.ok(!seen.some((l) => /"hmget"/i.test(l)), 'no separate read');
    } finally {
      monitor.destroy(); // quit() would wait for a reply a monitoring connection never routes back
      await store.close();
    }
  });

  it('one session, 50 overlapping requests in one process: each take comes after the release before it and finds the lock free', async () => {
    const p = prefix();
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    // The real client, with the store's lock steps and their answers noted on the way.
    const takes: unknown[] = [];
    const noting = {
      async sendCommand(args: string[]) {
        const reply = await client.sendCommand(args);
        const keys = Number(args[2]);
        // The locks script: its keys in threes, then this process's name and a (step, token, lease) per step.
        if (args[0] === 'EVALSHA' && Array.isArray(reply) && keys % 3 === 0) {
          const steps = args.slice(3 + keys + 1);
          reply.forEach((answer, i) => {
            if (steps[3 * i] === 'take' || steps[3 * i] === 'pass') takes.push(answer);
          });
        }
        return reply;
      },
    };
    const store = RedisStore(noting, { prefix: p });
    const cleanupsDone = trackCleanups(store);
    const first = new Latch('the first request to be let go');
    const allHere = new Latch('the login and all 50 requests at the server');
    const app = web.application(['/count', 'Count'], () => ({ Count }));
    // Before the session's processor, so it counts requests before they queue for the session.
    let arrived = 0;
    app.add_processor((handler) => {
      if (++arrived === 51) allHere.open();
      return handler();
    });
    const session = web.session.Session(app, store);
    let inHandler = 0;
    let maxInHandler = 0;
    class Count {
      async GET() {
        inHandler++;
        maxInHandler = Math.max(maxInHandler, inHandler);
        const count = session.get('count', 0) + 1;
        if (count === 2) await first.wait(); // the first request after login holds the rest back
        session.count = count;
        inHandler--;
        return String(count);
      }
    }
    const server = await serve(app);
    try {
      const login = await fetch(`${server.base}/count`);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const answers = Array.from({ length: 50 }, () =>
        fetch(`${server.base}/count`, { headers: { cookie } }).then((r) => r.text()),
      );
      await allHere.wait();
      first.open();
      const counts = (await Promise.all(answers)).map(Number).sort((a, b) => a - b);
      assert.deepEqual(
        counts,
        Array.from({ length: 50 }, (_, i) => i + 2),
        'no update lost',
      );
      assert.equal(maxInHandler, 1, 'one request of the session at a time');
      assert.equal(takes.length, 50, 'each of the 50 took the lock once');
      assert.deepEqual(
        takes.filter((answer) => !Array.isArray(answer)),
        [],
        'no take found the lock still held by the request before it',
      );
    } finally {
      await server.close();
      await cleanupsDone();
      await store.close();
      client.destroy();
    }
  });

  it('a release that fails is logged; the lock lapses after its lease and the next request is served', async () => {
    const restore = withParameters({ lock_lease: 0.3 });
    const p = prefix();
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    // The real client, except that it refuses the scripts that give a lock back while `refusing` is set.
    let refusing = true;
    const refused = new Latch('a release to be refused');
    const flaky = {
      sendCommand(args: string[]) {
        if (refusing && args[0] === 'EVALSHA' && args.includes('give')) {
          refused.open();
          return Promise.reject(new Error('release refused by the test'));
        }
        return client.sendCommand(args);
      },
    };
    const store = RedisStore(flaky, { prefix: p });
    const cleanupsDone = trackCleanups(store);
    const app = countingApp(store);
    try {
      const first = await app.request('/count');
      await cleanupsDone();
      const cookie = String(first.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      const id = cookie.split('=')[1] ?? '';
      const { stderr } = await captureStderr(async () => {
        assert.equal(
          (await app.request('/count', { headers: { cookie } })).data,
          '2',
          'answered, then released',
        );
        await refused.wait();
        await new Promise(setImmediate); // the refusal reaches the store's log
      });
      assert.match(stderr, /webts session lock \(releasing redis lock .*release refused by the test/s);
      assert.equal(await admin.exists(`${p}${id}:lock`), 1, 'the lock stays until its lease ends');
      refusing = false;
      const next = await app.request('/count', { headers: { cookie } });
      assert.equal(next.status, '200 OK');
      assert.equal(next.data, '3', 'served once the lease ended, with the saved state');
    } finally {
      restore();
      await store.close();
      client.destroy();
    }
  });

  it('lock() with an id that is not hex rejects and leaves nothing in Redis', async () => {
    const p = prefix();
    const store = RedisStore(REDIS_URL, { prefix: p });
    try {
      for (const bad of ['', 'xyz', '../a', 'a'.repeat(129)])
        await assert.rejects(store.lock(bad, { lease: 1000, wait: 0 }), /invalid session id/);
      assert.deepEqual(await keysUnder(p), []);
    } finally {
      await store.close();
    }
  });

  it('close() lets a release asked just before it go out: no lock is left behind', async () => {
    const p = prefix();
    const store = RedisStore(REDIS_URL, { prefix: p });
    const cleanupsDone = trackCleanups(store);
    const app = countingApp(store);
    const first = await app.request('/count');
    await cleanupsDone(); // the sweep the first request started, so that close() meets only the release
    const cookie = String(first.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    assert.equal((await app.request('/count', { headers: { cookie } })).data, '2');
    await store.close(); // the second request's release was asked after its answer, just now
    assert.deepEqual(
      (await keysUnder(p)).filter((k) => k.endsWith(':lock')),
      [],
      'the release went out before the store closed',
    );
  });

  it('a session store that is down makes the request a 503, not a 500 or a hang', async () => {
    const nowhere = new TcpProxy(SERVERS.redis);
    await nowhere.start();
    const port = nowhere.port;
    await nowhere.stop();
    const store = RedisStore(`redis://127.0.0.1:${port}`, { connectTimeout: 200 });
    const app = countingApp(store);
    try {
      const { result, stderr } = await captureStderr(async () => [
        await app.request('/count'),
        await app.request('/count', { headers: { cookie: `webpy_session_id=${ID}` } }),
      ]);
      for (const r of result) assert.equal(r.status, '503 Service Unavailable');
      assert.match(stderr, /redis database unavailable/);
    } finally {
      await store.close();
    }
  });
});

describe('RedisStore without the redis package', () => {
  it("import web from 'webts' does not load redis; a store from a URL says what to install", () => {
    const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
    const hook = fileURLToPath(new URL('./fixtures/no-redis.mjs', import.meta.url));
    const script = `
      const { default: web } = await import(${JSON.stringify(src)});
      const store = web.session.RedisStore('redis://127.0.0.1:6379');
      console.log('created');
      await store.get('${ID}').catch((e) => console.log(e.message));
      const given = web.session.RedisStore({ sendCommand: async () => null });
      console.log('client given:', await given.get('${ID}'));`;
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--import', hook, '--input-type=module', '-e', script],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' },
    );
    assert.match(out, /^created$/m);
    assert.match(out, /needs the 'redis' package \(npm install redis\), or pass it a connected client/);
    assert.match(out, /client given: undefined/);
  });
});
