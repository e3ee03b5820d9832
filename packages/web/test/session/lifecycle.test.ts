import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { encode } from '../../src/session/codec.js';
import type { Store } from '../../src/session/store.js';
import { Barrier, InFlight, Latch, waitFor } from '../helpers/sync.js';
import {
  CookieJar,
  captureStderr,
  type StoreMaker,
  serve,
  trackCleanups,
  withParameters,
} from './helpers.js';
import { STORES } from './stores.js';

/** A handler stopped halfway: it opens `entered` and goes on when the test opens `release`. */
interface Hold {
  entered: Latch;
  release: Latch;
}

/** The seed page's example, line for line, plus a few routes the tests need. */
function exampleApp(store: Store) {
  /** `/set?hold=NAME` stops at the hold NAME (made with `hold(NAME)`); `/set?barrier=1` meets the others at `barrier`. */
  const holds = new Map<string, Hold>();
  const hold = (name: string): Hold => {
    const h = {
      entered: new Latch(`${name} to enter its handler`),
      release: new Latch(`${name} to be released`),
    };
    holds.set(name, h);
    return h;
  };
  const inFlight = new InFlight();
  const meeting: { barrier: Barrier | undefined } = { barrier: undefined };
  const urls = [
    '/',
    'Index',
    '/login',
    'Login',
    '/logout',
    'Logout',
    '/count',
    'Count',
    '/set',
    'SetKey',
    '/get',
    'Get',
    '/boom',
    'Boom',
    '/kill',
    'Kill',
  ];
  const app = web.application(urls, () => ({ Index, Login, Logout, Count, SetKey, Get, Boom, Kill }));
  // Outermost: once `handler()` returns, the session processor has queued the request on its session's lock
  // (it does so synchronously), so `arrived - finished` counts requests that hold or wait for a session.
  const requests = { arrived: 0, finished: 0, maxQueued: 0 };
  const queued = () => requests.arrived - requests.finished;
  app.add_processor((handler) => {
    const result = handler();
    requests.arrived++;
    if (!(result instanceof Promise)) {
      requests.finished++;
      return result;
    }
    return result.finally(() => {
      requests.finished++;
    });
  });
  const session = web.session.Session(app, store);
  class Index {
    GET() {
      if (session.get('logged_in', false)) return '<h1>You are logged in</h1><a href="/logout">Logout</a>';
      return '<h1>You are not logged in.</h1><a href="/login">Login now</a>';
    }
  }
  class Login {
    GET() {
      session.logged_in = true;
      session.regenerate();
      throw web.seeother('/');
    }
  }
  class Logout {
    GET() {
      session.logged_in = false;
      throw web.seeother('/');
    }
  }
  class Count {
    async GET() {
      const n = session.get('count', 0) + 1;
      requests.maxQueued = Math.max(requests.maxQueued, queued());
      await new Promise(setImmediate); // give up the turn between read and write, where a lost update would be
      session.count = n;
      return String(n);
    }
  }
  class SetKey {
    async GET() {
      const i = web.input({ key: 'k', value: 'v', hold: '', barrier: '' });
      await inFlight.run(async () => {
        if (i.hold) {
          const h = holds.get(i.hold);
          if (!h) throw new Error(`no hold ${i.hold}`);
          h.entered.open();
          await h.release.wait();
        }
        if (i.barrier) await meeting.barrier?.arrive();
      });
      session[i.key] = i.value;
      return 'ok';
    }
  }
  class Get {
    GET() {
      return JSON.stringify(session.toJSON());
    }
  }
  class Boom {
    GET() {
      session.saved_before_error = true;
      throw new Error('handler failed after changing the session');
    }
  }
  class Kill {
    GET() {
      session.kill();
      return 'killed';
    }
  }
  return { app, session, hold, inFlight, meeting, queued, requests };
}

const cookieOf = (r: { headers: Record<string, string> }) =>
  (r.headers['set-cookie'] ?? '').split(';')[0] ?? '';

for (const maker of STORES) {
  describe(`sessions on ${maker.name}`, { skip: maker.skip }, () => {
    const withApp =
      (
        fn: (
          env: Awaited<ReturnType<StoreMaker['make']>> &
            ReturnType<typeof exampleApp> & { cleanupsDone: () => Promise<void> },
        ) => Promise<void>,
      ) =>
      async () => {
        const fixture = await maker.make();
        const cleanupsDone = trackCleanups(fixture.store);
        try {
          await fn({ ...fixture, ...exampleApp(fixture.store), cleanupsDone });
        } finally {
          await cleanupsDone();
          await fixture.store.close?.();
          await fixture.dispose();
        }
      };

    it(
      'the seed example: login, logged in, logout, not logged in (app.request)',
      withApp(async ({ app }) => {
        let r = await app.request('/');
        assert.match(r.data, /You are not logged in/);
        r = await app.request('/login');
        assert.equal(r.status, '303 See Other');
        const cookie = cookieOf(r);
        assert.match(cookie, /^webpy_session_id=[0-9a-f]{40}$/);
        assert.match(r.headers['set-cookie'] ?? '', /; Path=\/; HttpOnly; SameSite=Lax$/);
        r = await app.request('/', { headers: { cookie } });
        assert.match(r.data, /You are logged in/);
        r = await app.request('/logout', { headers: { cookie } });
        assert.equal(r.status, '303 See Other');
        r = await app.request('/', { headers: { cookie } });
        assert.match(r.data, /You are not logged in/);
      }),
    );

    it(
      'the seed example through a real server with a cookie jar',
      withApp(async ({ app }) => {
        const { base, close } = await serve(app);
        try {
          const jar = new CookieJar();
          assert.match((await jar.get(`${base}/`)).text, /not logged in/);
          const login = await jar.get(`${base}/login`);
          assert.equal(login.status, 303);
          assert.equal(login.headers.get('location'), `${base}/`);
          assert.match((await jar.get(`${base}/`)).text, /You are logged in/);
          await jar.get(`${base}/logout`);
          assert.match((await jar.get(`${base}/`)).text, /not logged in/);
        } finally {
          await close();
        }
      }),
    );

    it(
      'a cookieless request that leaves the session empty stores nothing and sends no cookie',
      withApp(async ({ app, store }) => {
        let writes = 0;
        const set = store.set.bind(store);
        store.set = (id, record) => {
          writes++;
          return set(id, record);
        };
        const r = await app.request('/');
        assert.equal(r.headers['set-cookie'], undefined);
        const r2 = await app.request('/get');
        assert.equal(r2.headers['set-cookie'], undefined);
        assert.equal(writes, 0, 'no record was written');
        await app.request('/set?key=a&value=1');
        assert.equal(writes, 1, 'a session that holds something is written');
      }),
    );

    it(
      'an unchanged session is not rewritten, only read',
      withApp(async ({ app, store }) => {
        let writes = 0;
        const set = store.set.bind(store);
        store.set = (id, record) => {
          writes++;
          return set(id, record);
        };
        const update = store.update?.bind(store);
        if (update) {
          store.update = (id, change) => {
            writes++;
            return update(id, change);
          };
        }
        const cookie = cookieOf(await app.request('/login'));
        assert.equal(writes, 1);
        for (let i = 0; i < 5; i++) await app.request('/', { headers: { cookie } });
        assert.equal(writes, 1, 'reading a session does not write it');
        await app.request('/count', { headers: { cookie } });
        assert.equal(writes, 2, 'changing it does');
      }),
    );

    it(
      'the session is saved when the handler throws a redirect or an error',
      withApp(async ({ app }) => {
        const cookie = cookieOf(await app.request('/login'));
        const boom = await captureStderr(() => app.request('/boom', { headers: { cookie } }));
        assert.equal(boom.result.status, '500 Internal Server Error');
        const r = await app.request('/get', { headers: { cookie } });
        assert.deepEqual(JSON.parse(r.data), { logged_in: true, saved_before_error: true });
      }),
    );

    it(
      'regenerate gives a new id with the same data and deletes the old record',
      withApp(async ({ app, store }) => {
        const first = cookieOf(await app.request('/set?key=a&value=1'));
        const oldId = first.split('=')[1] ?? '';
        assert.ok(await store.has(oldId));
        const login = await app.request('/login', { headers: { cookie: first } });
        const second = cookieOf(login);
        assert.notEqual(second, first);
        assert.equal(await store.has(oldId), false, 'the old record is gone');
        assert.deepEqual(JSON.parse((await app.request('/get', { headers: { cookie: second } })).data), {
          a: '1',
          logged_in: true,
        });
        const stale = await app.request('/get', { headers: { cookie: first } });
        assert.equal(stale.data, '{}', 'the old id is worth nothing now');
      }),
    );

    it(
      'kill deletes the record and expires the cookie with the same Path and Domain',
      withApp(async ({ store }) => {
        const restore = withParameters({ cookie_path: '/app', cookie_domain: 'example.com' });
        try {
          const { app } = exampleApp(store);
          const cookie = cookieOf(await app.request('/set?key=a&value=1'));
          const id = cookie.split('=')[1] ?? '';
          const r = await app.request('/kill', { headers: { cookie } });
          assert.equal(r.data, 'killed');
          const setCookie = r.headers['set-cookie'] ?? '';
          assert.match(
            setCookie,
            new RegExp(`^webpy_session_id=${id}; Domain=example.com; Path=/app; Expires=`),
          );
          const expires = Date.parse(/Expires=([^;]+)/.exec(setCookie)?.[1] ?? '');
          assert.ok(expires < Date.now() - 86400_000, 'expired long ago');
          assert.equal(await store.has(id), false);
        } finally {
          restore();
        }
      }),
    );

    it(
      '50 concurrent increments of one session all count (no lost updates)',
      withApp(async ({ app, session, requests }) => {
        const cookie = cookieOf(await app.request('/count'));
        await Promise.all(Array.from({ length: 50 }, () => app.request('/count', { headers: { cookie } })));
        assert.ok(
          requests.maxQueued > 1,
          `the increments overlapped (at most ${requests.maxQueued} at once)`,
        );
        assert.equal((await app.request('/count', { headers: { cookie } })).data, '52');
        assert.equal(session._pendingLocks, 0, 'the lock table drains');
      }),
    );

    it(
      'two overlapping requests changing different keys both keep their change',
      withApp(async ({ app, hold, queued }) => {
        const cookie = cookieOf(await app.request('/set?key=start&value=1'));
        const a = hold('request a');
        const first = app.request('/set?key=a&value=A&hold=request a', { headers: { cookie } });
        await a.entered.wait();
        // b arrives while a is inside its handler with the session loaded
        const second = app.request('/set?key=b&value=B', { headers: { cookie } });
        await waitFor(() => queued() === 2, { message: 'b to wait for the session a holds' });
        a.release.open();
        await Promise.all([first, second]);
        assert.deepEqual(JSON.parse((await app.request('/get', { headers: { cookie } })).data), {
          start: '1',
          a: 'A',
          b: 'B',
        });
      }),
    );

    it(
      'requests of different sessions never wait on each other',
      withApp(async ({ app, hold }) => {
        const slow = cookieOf(await app.request('/set?key=s&value=1'));
        const fast = cookieOf(await app.request('/set?key=f&value=1'));
        const order: string[] = [];
        const held = hold('slow');
        const slowDone = app
          .request('/set?key=x&value=1&hold=slow', { headers: { cookie: slow } })
          .then(() => order.push('slow'));
        await held.entered.wait();
        // the slow session stays held until the other session's request has been answered
        await app.request('/set?key=y&value=1', { headers: { cookie: fast } }).then(() => order.push('fast'));
        held.release.open();
        await slowDone;
        assert.deepEqual(order, ['fast', 'slow']);
      }),
    );

    it(
      '200 overlapping requests on 200 sessions each read back their own value',
      withApp(async ({ app, inFlight, meeting }) => {
        const { base, close } = await serve(app);
        try {
          const jars = Array.from({ length: 200 }, () => new CookieJar());
          meeting.barrier = new Barrier(jars.length, '200 handlers in flight at once');
          await Promise.all(jars.map((jar, i) => jar.get(`${base}/set?key=me&value=${i}&barrier=1`)));
          assert.equal(inFlight.max, 200, 'all 200 handlers were in flight together');
          const values = await Promise.all(jars.map((jar) => jar.get(`${base}/get`)));
          for (const [i, v] of values.entries()) assert.deepEqual(JSON.parse(v.text), { me: String(i) });
        } finally {
          await close();
        }
      }),
    );

    it(
      'data round-trips: strings, numbers, booleans, null, nested objects, arrays, Date, Map, Set, BigInt',
      withApp(async ({ store }) => {
        const value = {
          s: 'caf\u00e9 \u2603',
          n: 1.5,
          big: 12345678901234567890n,
          t: true,
          f: false,
          z: null,
          nested: { a: [1, { b: 'c' }], $: 'dollar key' },
          when: new Date('2026-11-27T01:02:03.004Z'),
          map: new Map<unknown, unknown>([
            ['k', 1],
            [2, new Set([3])],
          ]),
          set: new Set(['x', 'y']),
          inf: Number.POSITIVE_INFINITY,
        };
        const app = web.application(['/w', 'W', '/r', 'R'], () => ({ W, R }));
        const session = web.session.Session(app, store);
        let readBack: unknown;
        class W {
          GET() {
            session.value = value;
            return '';
          }
        }
        class R {
          GET() {
            readBack = session.value;
            return '';
          }
        }
        const cookie = cookieOf(await app.request('/w'));
        await app.request('/r', { headers: { cookie } });
        assert.deepEqual(readBack, value);
      }),
    );

    it(
      'a stored record that cannot be decoded gives a fresh session and a log line, never a 500',
      withApp(async ({ app, store }) => {
        for (const garbage of [
          '{"created":',
          'not json at all',
          '{"created":1,"ip":null,"data":{"x":{"$":"zz"}}}',
          '[]',
          'null',
          '\u0001\u0002',
        ]) {
          const cookie = cookieOf(await app.request('/set?key=a&value=1'));
          const id = cookie.split('=')[1] ?? '';
          await store.set(id, { data: garbage, atime: Date.now() });
          const { result, stderr } = await captureStderr(() => app.request('/get', { headers: { cookie } }));
          assert.equal(result.status, '200 OK', `garbage ${JSON.stringify(garbage)}`);
          assert.equal(result.data, '{}');
          assert.match(stderr, /cannot be decoded/);
        }
      }),
    );

    it(
      'a __proto__ key in stored data is inert',
      withApp(async ({ app, store }) => {
        const id = 'c'.repeat(40);
        const text = JSON.stringify({
          created: Date.now(),
          ip: null,
          data: JSON.parse('{"__proto__": {"isAdmin": true}, "x": 1}'),
        });
        await store.set(id, { data: text, atime: Date.now() });
        const r = await app.request('/get', { headers: { cookie: `webpy_session_id=${id}` } });
        assert.equal(r.status, '200 OK');
        assert.equal(({} as { isAdmin?: boolean }).isAdmin, undefined, 'Object.prototype untouched');
        assert.deepEqual(Object.keys(JSON.parse(r.data)).sort(), ['__proto__', 'x']);
      }),
    );

    it(
      'idle timeout is enforced when the session is loaded, and the record is deleted',
      withApp(async ({ app, store }) => {
        const cookie = cookieOf(await app.request('/login'));
        const id = cookie.split('=')[1] ?? '';
        await store.touch(id, Date.now() - 86401_000);
        assert.match((await app.request('/', { headers: { cookie } })).data, /not logged in/);
        assert.equal(await store.has(id), false, 'expired record removed, so no touch can revive it');
      }),
    );

    it(
      'the absolute lifetime is enforced however busy the session is',
      withApp(async ({ app, store }) => {
        const id = 'd'.repeat(40);
        const created = Date.now() - 8 * 86400_000;
        await store.set(id, {
          data: encode({ created, ip: null, data: { logged_in: true } }),
          atime: Date.now(),
        });
        assert.match(
          (await app.request('/', { headers: { cookie: `webpy_session_id=${id}` } })).data,
          /not logged in/,
        );
        assert.equal(await store.has(id), false);
      }),
    );

    it(
      'hostile cookies give a new session, never an error or a file outside the store',
      withApp(async ({ app }) => {
        const hostile = [
          'webpy_session_id=../../etc/passwd',
          'webpy_session_id=..%2F..%2Fetc%2Fpasswd',
          'webpy_session_id=zzzz',
          `webpy_session_id=${'a'.repeat(5000)}`,
          `webpy_session_id=${'e'.repeat(40)}`,
          'webpy_session_id=; webpy_session_id=abc',
          'webpy_session_id="quoted"',
          'webpy_session_id=%00%0d%0a',
          ';;;===;;',
        ];
        for (const cookie of hostile) {
          const r = await app.request('/count', { headers: { cookie } });
          assert.equal(r.status, '200 OK', cookie);
          assert.equal(r.data, '1', cookie);
          assert.match(cookieOf(r), /^webpy_session_id=[0-9a-f]{40}$/, 'a fresh id, never the one offered');
        }
      }),
    );

    it(
      'ignore_expiry false answers an unknown id with expired_message and a deletion cookie',
      withApp(async ({ store }) => {
        const restore = withParameters({ ignore_expiry: false });
        try {
          const { app } = exampleApp(store);
          const r = await app.request('/', { headers: { cookie: `webpy_session_id=${'f'.repeat(40)}` } });
          assert.equal(r.status, '200 OK');
          assert.equal(r.data, 'Session expired');
          assert.match(r.headers['set-cookie'] ?? '', /Expires=/);
        } finally {
          restore();
        }
      }),
    );

    it(
      'ignore_change_ip false expires a session used from another address',
      withApp(async ({ store }) => {
        const restore = withParameters({ ignore_change_ip: false, ignore_expiry: false });
        try {
          const { app } = exampleApp(store);
          const cookie = cookieOf(await app.request('/login', { ip: '10.0.0.1' }));
          assert.match(
            (await app.request('/', { headers: { cookie }, ip: '10.0.0.1' })).data,
            /You are logged in/,
          );
          const other = await app.request('/', { headers: { cookie }, ip: '10.0.0.2' });
          assert.equal(other.data, 'Session expired');
          assert.match(
            (await app.request('/', { headers: { cookie }, ip: '10.0.0.1' })).data,
            /You are logged in/,
          );
        } finally {
          restore();
        }
      }),
    );

    it(
      'eager restores web.py: every response sends the cookie and every visit is stored',
      withApp(async ({ store }) => {
        const restore = withParameters({ eager: true });
        try {
          const { app } = exampleApp(store);
          const r = await app.request('/');
          const cookie = cookieOf(r);
          assert.match(cookie, /^webpy_session_id=/);
          assert.ok(await store.has(cookie.split('=')[1] ?? ''));
          assert.equal(cookieOf(await app.request('/', { headers: { cookie } })), cookie);
        } finally {
          restore();
        }
      }),
    );

    it(
      'release() saves early and lets the next request of the session go ahead',
      withApp(async ({ store }) => {
        const app = web.application(['/long', 'Long', '/get', 'Get'], () => ({ Long, Get }));
        const session = web.session.Session(app, store);
        let releaseSeen = false;
        let gate: Hold | undefined;
        class Long {
          async GET() {
            session.step = 'released';
            await session.release();
            if (gate) {
              gate.entered.open();
              await gate.release.wait();
            }
            releaseSeen = true;
            return 'done';
          }
        }
        class Get {
          GET() {
            return `${session.get('step', 'none')} ${releaseSeen}`;
          }
        }
        const cookie = cookieOf(await app.request('/long'));
        releaseSeen = false;
        gate = { entered: new Latch('/long to release its session'), release: new Latch('/long to finish') };
        const long = app.request('/long', { headers: { cookie } });
        await gate.entered.wait();
        // /long is still running (it waits for the gate), yet the next request of its session goes ahead
        assert.equal((await app.request('/get', { headers: { cookie } })).data, 'released false');
        gate.release.open();
        await long;
      }),
    );

    if (maker.persistent)
      it(
        'a restart keeps the sessions of a persistent store',
        withApp(async ({ app, store, reopen, cleanupsDone }) => {
          assert.ok(reopen);
          const cookie = cookieOf(await app.request('/login'));
          await cleanupsDone();
          await store.close?.(); // the old process is gone
          const reopened = await reopen();
          const reopenedCleanupsDone = trackCleanups(reopened);
          try {
            const { app: again } = exampleApp(reopened);
            assert.match((await again.request('/', { headers: { cookie } })).data, /You are logged in/);
          } finally {
            await reopenedCleanupsDone();
            await reopened.close?.();
          }
        }),
      );
  });
}

describe('Session', () => {
  it('works with or without new, and with an initializer object or function', async () => {
    const app = web.application(['/', 'I'], () => ({ I }));
    const a = web.session.Session(app, web.session.MemoryStore(), { visits: 0, tags: ['x'] });
    const b = new web.session.Session(app, new web.session.MemoryStore(), () => ({ fresh: true }));
    class I {
      GET() {
        return `${a.get('visits')} ${JSON.stringify(a.get('tags'))} ${b.get('fresh')}`;
      }
    }
    assert.equal((await app.request('/')).data, '0 ["x"] true');
  });

  it('attribute access: set, read, delete, in, session_id', async () => {
    const app = web.application(['/', 'I'], () => ({ I }));
    const session = web.session.Session(app, web.session.MemoryStore());
    class I {
      GET() {
        session.x = 1;
        const had = 'x' in session;
        delete session.x;
        return `${had} ${'x' in session} ${session.x} ${/^[0-9a-f]{40}$/.test(session.session_id)} ${'session_id' in session}`;
      }
    }
    assert.equal((await app.request('/')).data, 'true false undefined true true');
  });

  it('a value that is not data is refused at the assignment, with a clear message', async () => {
    const app = web.application(['/', 'I'], () => ({ I }));
    const session = web.session.Session(app, web.session.MemoryStore());
    class I {
      GET() {
        try {
          session.fn = () => 1;
        } catch (err) {
          return (err as Error).message;
        }
        return 'accepted';
      }
    }
    assert.match((await app.request('/')).data, /session values must be data .* is a function/);
  });

  it('using the session outside a request is a clear error', () => {
    const session = web.session.Session(null, web.session.MemoryStore());
    assert.throws(() => session.get('x'), /can only be used while a request is being handled/);
  });

  it("the seed page's reloader hack ports as is", async () => {
    const saved = web.config._session;
    try {
      delete web.config._session;
      const app = web.application(['/', 'I'], () => ({ I }));
      let session: ReturnType<typeof web.session.Session>;
      if (web.config.get('_session') === undefined) {
        session = web.session.Session(app, web.session.MemoryStore());
        web.config._session = session;
      } else {
        session = web.config._session as ReturnType<typeof web.session.Session>;
      }
      class I {
        GET() {
          session.n = session.get('n', 0) + 1;
          return String(session.n);
        }
      }
      assert.equal(web.config.get('_session'), session);
      assert.equal((await app.request('/')).data, '1');
    } finally {
      web.config._session = saved;
    }
  });

  it('session_parameters holds web.py keys with web.py defaults (and the safer ones webts changed)', () => {
    const p = web.config.session_parameters as unknown as Record<string, unknown>;
    assert.equal(p.cookie_name, 'webpy_session_id');
    assert.equal(p.timeout, 86400);
    assert.equal(p.ignore_expiry, true);
    assert.equal(p.ignore_change_ip, true);
    assert.equal(p.expired_message, 'Session expired');
    assert.equal(p.httponly, true);
    assert.equal(p.secure, false);
    assert.equal(p.cookie_domain, null);
    assert.equal(p.cookie_path, null);
    assert.equal(p.samesite, 'lax');
    assert.equal(typeof p.secret_key, 'string');
  });

  it('cleanup runs in the background after the first request and removes idle sessions', async () => {
    const store = web.session.MemoryStore();
    store.set('ab'.repeat(20), {
      data: encode({ created: Date.now(), ip: null, data: { a: 1 } }),
      atime: Date.now() - 90000_000,
    });
    const app = web.application(['/', 'I'], () => ({ I }));
    web.session.Session(app, store);
    class I {
      GET() {
        return 'ok';
      }
    }
    const cleaned = new Latch('the background cleanup');
    const cleanup = store.cleanup.bind(store);
    store.cleanup = async (timeout) => {
      await cleanup(timeout);
      cleaned.open();
    };
    await app.request('/');
    await cleaned.wait();
    assert.equal(store.size, 0);
  });
});
