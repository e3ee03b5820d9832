import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import web from '../../src/index.js';
import { removeDir, serve, tempDir } from './helpers.js';

/**
 * A web.py app attaches its Session to the whole application, so every request passes the session
 * processor. A request without a session cookie that never uses the session must cost nothing: no store
 * call, no initializer, no promise (the processor chain stays synchronous), no file.
 */
describe('a Session the request does not use', () => {
  const dir = tempDir('webts-unused-');
  after(() => removeDir(dir));
  const calls: string[] = [];
  const disk = web.session.DiskStore(dir);
  // The real store, with every call it gets written down.
  const store = new Proxy(disk, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'constructor') return value;
      return (...args: unknown[]) => {
        // The background sweep (once per timeout, not per request) is not the request's cost.
        if (prop !== 'cleanup') calls.push(String(prop));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  let initialized = 0;
  const syncAnswers: boolean[] = [];
  const app = web.application([
    '/plain',
    class {
      GET() {
        return 'plain';
      }
    },
    '/later',
    class {
      async GET() {
        await new Promise((resolve) => setImmediate(resolve));
        return 'later';
      }
    },
    '/count',
    class {
      async GET() {
        await new Promise((resolve) => setImmediate(resolve));
        session.count = Number(session.count) + 1;
        return String(session.count);
      }
    },
  ]);
  // Outermost processor: sees whether the rest of the chain answered synchronously.
  app.add_processor((handler: () => unknown) => {
    const result = handler();
    syncAnswers.push(!(result instanceof Promise));
    return result;
  });
  const session: web.session.Session = web.session.Session(app, store, () => {
    initialized++;
    return { count: 0 };
  });

  it('no cookie, a route that never reads the session: synchronous, no store call, no initializer, no file', async () => {
    const server = await serve(app);
    try {
      calls.length = 0;
      syncAnswers.length = 0;
      const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(`${server.base}/plain`)));
      for (const r of answers) {
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('set-cookie'), null);
        assert.equal(await r.text(), 'plain');
      }
      assert.deepEqual(calls, []);
      assert.equal(initialized, 0);
      assert.equal(syncAnswers.length, 50);
      assert.ok(syncAnswers.every(Boolean), 'the processor chain answered synchronously');
      const later = await fetch(`${server.base}/later`);
      assert.equal(await later.text(), 'later');
      assert.deepEqual(calls, []);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      await server.close();
    }
  });

  it('the session is made on first use, even after an await, and saved; overlapping new visitors get their own', async () => {
    const server = await serve(app);
    try {
      calls.length = 0;
      const first = await Promise.all(Array.from({ length: 30 }, () => fetch(`${server.base}/count`)));
      const cookies = new Set<string>();
      for (const r of first) {
        assert.equal(await r.text(), '1');
        const cookie = r.headers.get('set-cookie') ?? '';
        assert.match(cookie, /^webpy_session_id=[0-9a-f]+;/);
        cookies.add(cookie.split(';')[0] as string);
      }
      assert.equal(cookies.size, 30, 'each new visitor has a session of its own');
      assert.equal(initialized, 30);
      // Each goes on counting in its own session.
      const again = await Promise.all(
        [...cookies].map((c) =>
          fetch(`${server.base}/count`, { headers: { cookie: c } }).then((r) => r.text()),
        ),
      );
      assert.deepEqual(again, Array(30).fill('2'));
      assert.ok(calls.includes('set'));
    } finally {
      await server.close();
    }
  });

  it('a handler that throws with an unused session: the error answers, nothing is stored', async () => {
    const failing = web.application([
      '/boom',
      class {
        GET() {
          throw web.seeother('/elsewhere');
        }
      },
    ]);
    web.session.Session(failing, store);
    const server = await serve(failing);
    try {
      calls.length = 0;
      const r = await fetch(`${server.base}/boom`, { redirect: 'manual' });
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('set-cookie'), null);
      assert.deepEqual(calls, []);
    } finally {
      await server.close();
    }
  });
});
