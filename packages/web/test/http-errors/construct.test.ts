import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both } from '../helpers/http.js';

/** An app with one GET handler at `/`. */
function one(get: (this: unknown) => unknown) {
  return web.application([
    '/',
    class {
      GET = get;
    },
  ]);
}

describe('HTTP errors built inside a request (web.py semantics)', () => {
  it('a bare web.seeother() call, neither thrown nor returned, still redirects (the cookbook hello-world)', async () => {
    const app = one(() => {
      web.seeother('/there');
    });
    for (const r of await both(app, '/')) {
      assert.equal(r.status, '303 See Other', r.via);
      assert.equal(r.header('Location'), 'http://0.0.0.0:8080/there', r.via);
      assert.equal(r.header('Content-Type'), 'text/html', r.via);
      assert.equal(r.body, '', r.via);
    }
  });

  it('web.webapi.found() bare, then a returned body: 302 with that body, as web.py', async () => {
    const app = one(() => {
      web.webapi.found('/f');
      return 'body';
    });
    for (const r of await both(app, '/')) {
      assert.equal(r.status, '302 Found', r.via);
      assert.equal(r.header('Location'), 'http://0.0.0.0:8080/f', r.via);
      assert.equal(r.body, 'body', r.via);
    }
  });

  it('throwing and returning keep working, with headers set before kept and no header doubled', async () => {
    for (const how of ['throw', 'return'] as const) {
      const app = one(() => {
        web.header('X-Before', '1');
        const e = web.seeother('/x');
        if (how === 'throw') throw e;
        return e;
      });
      for (const r of await both(app, '/')) {
        assert.equal(r.status, '303 See Other', `${how} ${r.via}`);
        assert.equal(r.header('X-Before'), '1', `${how} ${r.via}`);
        assert.equal(r.header('Location'), 'http://0.0.0.0:8080/x', `${how} ${r.via}`);
        assert.equal(r.headerList.filter(([n]) => n.toLowerCase() === 'location').length, 1);
      }
    }
  });

  it('web.HTTPError(status, headers, data) works with or without new', async () => {
    for (const make of [
      () => web.HTTPError('418 I am a teapot', { 'X-Tea': '1' }, 'tea'),
      () => new web.HTTPError('418 I am a teapot', { 'X-Tea': '1' }, 'tea'),
      () => web.webapi.HTTPError('418 I am a teapot', { 'X-Tea': '1' }, 'tea'),
    ]) {
      const app = one(() => {
        throw make();
      });
      for (const r of await both(app, '/')) {
        assert.equal(r.status, '418 I am a teapot', r.via);
        assert.equal(r.header('X-Tea'), '1', r.via);
        assert.equal(r.body, 'tea', r.via);
      }
    }
    assert.ok(web.HTTPError('400 Bad Request') instanceof web.HTTPError);
    assert.ok(web.notfound() instanceof web.HTTPError);
  });

  it('every class of the family is callable with and without new', () => {
    const classes = [
      'OK',
      'Created',
      'Accepted',
      'NoContent',
      'BadRequest',
      'Unauthorized',
      'Forbidden',
      'NotFound',
      'NotAcceptable',
      'Conflict',
      'Gone',
      'PreconditionFailed',
      'UnsupportedMediaType',
      'UnavailableForLegalReasons',
      'InternalError',
      'NotModified',
      'NoMethod',
    ] as const;
    for (const name of classes) {
      const cls = web[name] as unknown as {
        (): InstanceType<typeof web.HTTPError>;
        new (): InstanceType<typeof web.HTTPError>;
      };
      const a = cls();
      const b = new cls();
      assert.ok(a instanceof web.HTTPError && b instanceof web.HTTPError, name);
      assert.equal(a.status, b.status, name);
    }
    for (const name of ['Redirect', 'Found', 'SeeOther', 'TempRedirect'] as const) {
      const cls = web[name] as unknown as {
        (u: string): InstanceType<typeof web.HTTPError>;
        new (u: string): InstanceType<typeof web.HTTPError>;
      };
      assert.equal(cls('/a').status, new cls('/a').status, name);
    }
  });

  it("ok, created, accepted, nocontent and notmodified answer web.py's status lines", async () => {
    const expected: [keyof typeof web.webapi, string, string][] = [
      ['ok', '200 OK', ''],
      ['created', '201 Created', 'Created'],
      ['accepted', '202 Accepted', 'Accepted'],
      ['nocontent', '204 No Content', ''],
      ['notmodified', '304 Not Modified', ''],
      ['OK', '200 OK', ''],
      ['NoContent', '204 No Content', ''],
    ];
    for (const [name, status, body] of expected) {
      const make = web.webapi[name] as () => unknown;
      const app = one(() => {
        throw make();
      });
      for (const r of await both(app, '/')) {
        assert.equal(r.status, status, `${name} ${r.via}`);
        assert.equal(r.body, body, `${name} ${r.via}`);
      }
    }
  });

  it("a bare web.nomethod() allows web.py's GET, HEAD, POST, PUT, DELETE; nomethod(cls) the class's own", async () => {
    class OnlyPost {
      POST() {
        return '';
      }
    }
    const bare = one(() => {
      throw web.nomethod();
    });
    for (const r of await both(bare, '/')) {
      assert.equal(r.status, '405 Method Not Allowed', r.via);
      assert.equal(r.header('Allow'), 'GET, HEAD, POST, PUT, DELETE', r.via);
      assert.equal(r.body, 'method not allowed', r.via);
    }
    const viaApi = one(() => {
      throw web.webapi.nomethod(OnlyPost);
    });
    for (const r of await both(viaApi, '/')) assert.equal(r.header('Allow'), 'POST', r.via);
  });

  it('an error built outside any request touches nothing and can be thrown later', async () => {
    const prebuilt = web.seeother('http://example.com/elsewhere');
    const app = one(() => {
      throw prebuilt;
    });
    for (const r of await both(app, '/')) {
      assert.equal(r.status, '303 See Other', r.via);
      assert.equal(r.header('Location'), 'http://example.com/elsewhere', r.via);
    }
  });

  it('many overlapping requests each get their own bare redirect', async () => {
    const app = web.application([
      '/(\\d+)',
      class {
        async GET(n: string) {
          await new Promise((resolve) => setImmediate(resolve));
          web.seeother(`/to/${n}`);
          await new Promise((resolve) => setImmediate(resolve));
        }
      },
    ]);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => app.request(`/${i}`)));
    answers.forEach((r, i) => {
      assert.equal(r.status, '303 See Other');
      assert.equal(r.headers.Location, `http://0.0.0.0:8080/to/${i}`);
    });
  });
});
