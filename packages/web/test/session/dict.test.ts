/** The Session as web.py's dict-like object: dict methods, ids compared as given, safe to await. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import web from '../../src/index.js';
import { CookieJar, serve } from './helpers.js';

it('a Session has the dict methods web.py code calls: get, pop, setdefault, update, keys, values, items, has', async () => {
  const app = web.application(['/', 'I'], () => ({ I }));
  const session = web.session.Session(app, web.session.MemoryStore(), { count: 5 });
  class I {
    GET() {
      // web.py 0.62 on the same steps: count 5, pop gives 5, setdefault gives 1 and then keeps it.
      const popped = session.pop('count', 'none');
      const missing = session.pop('count', 'none');
      const first = session.setdefault('x', 1);
      const again = session.setdefault('x', 2);
      session.update({ a: 'A', b: [1] });
      session.update([['c', null]]);
      let keyError = '';
      try {
        session.pop('nope');
      } catch (err) {
        keyError = (err as Error).message;
      }
      return JSON.stringify({
        popped,
        missing,
        first,
        again,
        keys: session.keys(),
        values: session.values(),
        items: session.items(),
        has: [session.has('a'), session.has('count'), 'a' in session, 'count' in session],
        get: [session.get('a'), session.get('zz', 'dflt')],
        keyError,
      });
    }
  }
  assert.deepEqual(JSON.parse(String((await app.request('/')).data)), {
    popped: 5,
    missing: 'none',
    first: 1,
    again: 1,
    keys: ['x', 'a', 'b', 'c'],
    values: [1, 'A', [1], null],
    items: [
      ['x', 1],
      ['a', 'A'],
      ['b', [1]],
      ['c', null],
    ],
    has: [true, false, true, false],
    get: ['A', 'dflt'],
    keyError: 'session.pop("nope"): no such key',
  });
});

it('update refuses a value that is not data, as assignment does', async () => {
  const app = web.application(['/', 'I'], () => ({ I }));
  const session = web.session.Session(app, web.session.MemoryStore());
  class I {
    GET() {
      try {
        session.update({ f: () => 1 });
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    }
  }
  assert.match(String((await app.request('/')).data), /session values must be data/);
});

it('a Session can be awaited and returned from async code, inside and outside a request', async () => {
  const session = web.session.Session(null, web.session.MemoryStore());
  assert.equal((session as { then?: unknown }).then, undefined);
  assert.equal(await Promise.resolve(session), session);
  const app = web.application(['/', 'I'], () => ({ I }));
  const s2 = web.session.Session(app, web.session.MemoryStore());
  class I {
    async GET() {
      const same = await (async () => s2)();
      assert.throws(() => {
        Reflect.set(s2, 'then', 1) || assert.fail('refused silently');
      }, /part of the session API/);
      return String(same === s2);
    }
  }
  assert.equal((await app.request('/')).data, 'true');
});

it('an upper-cased copy of a valid session id is another, unknown id: a fresh session (as web.py)', async () => {
  const app = web.application(['/set', 'SetCount', '/get', 'Get'], () => ({ SetCount, Get }));
  const session = web.session.Session(app, web.session.MemoryStore(), { count: 0 });
  class SetCount {
    GET() {
      session.count = 5;
      return 'ok';
    }
  }
  class Get {
    GET() {
      return `${session.count} ${session.session_id}`;
    }
  }
  const { base, close } = await serve(app);
  try {
    const jar = new CookieJar();
    await jar.get(`${base}/set`);
    const id = jar.cookies.get('webpy_session_id') as string;
    assert.match(id, /^[0-9a-f]{40}$/);
    assert.equal((await jar.get(`${base}/get`)).text, `5 ${id}`);
    const upper = new CookieJar();
    upper.cookies.set('webpy_session_id', id.toUpperCase());
    const [count, seenId] = (await upper.get(`${base}/get`)).text.split(' ');
    assert.equal(count, '0', 'web.py 0.62 also answers the initializer here');
    assert.notEqual(seenId?.toLowerCase(), id, 'a new id, not the original one');
    // The original session is untouched and still served.
    assert.equal((await jar.get(`${base}/get`)).text, `5 ${id}`);
  } finally {
    await close();
  }
});
