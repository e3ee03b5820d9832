import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

// An app's own setting, declared as docs/core.md says (without it, web.config.my_setting_xyz is a type error).
declare module '../../src/index.js' {
  interface Config {
    my_setting_xyz?: number;
  }
}

describe('processors and hooks', () => {
  it("run in web.py's order: p1-before, p2-before, L, handler, U, p2-after, p1-after", async () => {
    const order: string[] = [];
    const app = web.application([
      '/',
      class {
        GET() {
          order.push('handler');
          return 'ok';
        }
      },
    ]);
    app.add_processor((handler) => {
      order.push('p1-before');
      const result = handler();
      order.push('p1-after');
      return result;
    });
    app.add_processor((handler) => {
      order.push('p2-before');
      const result = handler();
      order.push('p2-after');
      return result;
    });
    app.add_processor(web.loadhook(() => order.push('L')));
    app.add_processor(web.unloadhook(() => order.push('U')));
    const once = ['p1-before', 'p2-before', 'L', 'handler', 'U', 'p2-after', 'p1-after'];
    // both(): once through app.request, once through a real server.
    for (const r of await both(app, '/')) assert.equal(r.body, 'ok', r.via);
    assert.deepEqual(order, [...once, ...once]);
  });

  it('async processors, hooks and handlers keep the same order', async () => {
    const order: string[] = [];
    const tick = () => new Promise((r) => setTimeout(r, 2));
    const app = web.application([
      '/',
      class {
        async GET() {
          await tick();
          order.push('handler');
          return 'ok';
        }
      },
    ]);
    for (const name of ['p1', 'p2']) {
      app.add_processor(async (handler) => {
        order.push(`${name}-before`);
        await tick();
        const result = await handler();
        order.push(`${name}-after`);
        return result;
      });
    }
    app.add_processor(
      web.loadhook(async () => {
        await tick();
        order.push('L');
      }),
    );
    app.add_processor(
      web.unloadhook(async () => {
        await tick();
        order.push('U');
      }),
    );
    const once = ['p1-before', 'p2-before', 'L', 'handler', 'U', 'p2-after', 'p1-after'];
    // both(): once through app.request, once through a real server.
    for (const r of await both(app, '/')) assert.equal(r.body, 'ok', r.via);
    assert.deepEqual(order, [...once, ...once]);
  });

  it('can wrap the result, or short-circuit without calling the handler', async () => {
    const app = web.application([
      '/(.*)',
      class {
        GET(name: string) {
          return name;
        }
      },
    ]);
    app.add_processor((handler) => {
      if (web.ctx.path === '/blocked') throw web.forbidden();
      return `hello, ${handler()}`;
    });
    for (const r of await both(app, '/bob')) assert.equal(r.body, 'hello, bob', r.via);
    for (const r of await both(app, '/blocked')) assert.equal(r.status, '403 Forbidden', r.via);
  });

  it('the unloadhook runs after a thrown error, and outer processors see a 500 HTTPError, not the Error', async () => {
    let unloaded = 0;
    let seen: unknown;
    const app = web.application([
      '/',
      class {
        GET() {
          throw new TypeError('boom');
        }
      },
    ]);
    app.add_processor((handler) => {
      try {
        return handler();
      } catch (err) {
        seen = err;
        throw err;
      }
    });
    app.add_processor(web.unloadhook(() => unloaded++));
    const { result: r, text } = await captureStderr(() => app.request('/'));
    assert.match(text, /^GET \/: TypeError: boom\n {4}at /, 'the error is logged with its stack');
    assert.equal(r.status, '500 Internal Server Error');
    assert.equal(unloaded, 1);
    assert.ok(seen instanceof web.HTTPError);
    assert.equal((seen as InstanceType<typeof web.HTTPError>).status, '500 Internal Server Error');
  });

  it('the unloadhook of a streamed result runs when the stream ends', async () => {
    const order: string[] = [];
    const app = web.application([
      '/',
      class {
        *GET() {
          order.push('chunk');
          yield 'a';
        }
      },
    ]);
    app.add_processor(web.unloadhook(() => order.push('U')));
    for (const r of await both(app, '/')) assert.equal(r.body, 'a', r.via);
    assert.deepEqual(order, ['chunk', 'U', 'chunk', 'U']);
  });

  it('a sub-application runs its processors inside the parent ones', async () => {
    const order: string[] = [];
    const sub = web.application([
      '/x',
      class {
        GET() {
          order.push('handler');
          return 'x';
        }
      },
    ]);
    sub.add_processor(web.loadhook(() => order.push('sub')));
    const app = web.application(['/s', sub]);
    app.add_processor(web.loadhook(() => order.push('parent')));
    await app.request('/s/x');
    assert.deepEqual(order, ['parent', 'sub', 'handler']);
  });

  it('add_processor rejects a non-function', () => {
    const app = web.application([]);
    assert.throws(() => app.add_processor('nope' as never), /expects a function/);
  });
});

describe('web.config and web.storage', () => {
  it('config has the documented defaults and get(key, default)', () => {
    assert.equal(web.config.debug, false);
    assert.equal(web.config.max_body_size, 10 * 1024 * 1024);
    assert.equal(web.config.body_timeout, 30_000);
    assert.equal(web.config.max_url_length, 8192);
    assert.equal(web.config.get('no_such_key_xyz', 'dflt'), 'dflt');
    assert.equal(web.config.get('max_url_length', 1), 8192);
    assert.ok(!Object.keys(web.config).includes('get'));
  });

  it('config keeps free-form keys', () => {
    try {
      web.config.my_setting_xyz = 5;
      assert.equal(web.config.get('my_setting_xyz'), 5);
    } finally {
      delete web.config.my_setting_xyz;
    }
  });

  it('storage is a copy with attribute access; Storage is the same function', () => {
    const init = { a: 1 };
    const s = web.storage(init);
    assert.equal(s.a, 1);
    s.a = 2;
    assert.equal(init.a, 1);
    assert.equal(web.Storage, web.storage);
    assert.deepEqual(web.storage(), {});
  });
});
