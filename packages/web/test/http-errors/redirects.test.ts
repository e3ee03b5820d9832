import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both, rawRequest, withServer } from '../helpers/http.js';

/** An app whose `/rel/a/b?to=…&how=…` redirects to `to` the way `how` says. */
function redirectApp() {
  class R {
    GET() {
      const { to, how, ret } = web.input({ to: '', how: 'seeother', ret: '' });
      const make = {
        seeother: web.seeother,
        redirect: web.redirect,
        found: web.found,
        tempredirect: web.tempredirect,
      }[how as 'seeother'];
      const error = make(to as string);
      if (ret) return error;
      throw error;
    }
  }
  return web.application(['/rel/a/b', 'R'], { R });
}

const q = (params: Record<string, string>) => `/rel/a/b?${new URLSearchParams(params)}`;

describe('redirects', () => {
  const statuses: [string, string][] = [
    ['seeother', '303 See Other'],
    ['redirect', '301 Moved Permanently'],
    ['found', '302 Found'],
    ['tempredirect', '307 Temporary Redirect'],
  ];
  for (const [how, status] of statuses) {
    it(`${how}() gives ${status} with text/html and an absolute Location; thrown, an empty body, returned, the status line (as web.py)`, async () => {
      const app = redirectApp();
      for (const ret of ['', '1']) {
        for (const r of await both(app, q({ to: '/x', how, ret }))) {
          assert.equal(r.status, status, r.via);
          assert.equal(r.header('Content-Type'), 'text/html', r.via);
          assert.equal(r.header('Location'), 'http://0.0.0.0:8080/x', r.via);
          assert.equal(r.body, ret ? status : '', r.via);
        }
      }
    });
  }

  const targets: [string, string][] = [
    ['c', 'http://0.0.0.0:8080/rel/a/c'],
    ['/x', 'http://0.0.0.0:8080/x'],
    ['../z', 'http://0.0.0.0:8080/rel/z'],
    ['?q=1', 'http://0.0.0.0:8080/rel/a/b?q=1'],
    ['http://other/q', 'http://other/q'],
    ['//evil.com/x', 'http://0.0.0.0:8080//evil.com/x'],
  ];
  for (const [to, location] of targets) {
    it(`from /rel/a/b, ${JSON.stringify(to)} becomes ${location} as in web.py`, async () => {
      for (const r of await both(redirectApp(), q({ to })))
        assert.equal(r.header('Location'), location, r.via);
    });
  }

  it('uses the Host header and https for the absolute Location', async () => {
    const app = redirectApp();
    const r = await app.request(q({ to: '/x' }), { host: 'example.com:8000', https: true });
    assert.equal(r.headers.Location, 'https://example.com:8000/x');
  });

  it('rejects CR/LF in Location: it never reaches the wire', async () => {
    const app = redirectApp();
    const r = await app.request(q({ to: '/a\r\nSet-Cookie: evil=1' }));
    assert.ok(!/[\r\n]/.test(r.headers.Location ?? ''));
    await withServer(app, async ({ port }) => {
      const raw = await rawRequest(
        port,
        `GET ${q({ to: '/a\r\nSet-Cookie: evil=1' })} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );
      assert.equal(raw.statusCode, 303);
      assert.ok(!/\r\nSet-Cookie/i.test(raw.raw), raw.raw);
      assert.match(raw.raw, /\r\nLocation: http:\/\/x\/a%0D%0ASet-Cookie:%20evil=1\r\n/);
    });
  });

  it('non-ASCII targets are percent-encoded as UTF-8, never a 500', async () => {
    const cases: [string, string][] = [
      ['http://example.com/☃', 'http://example.com/%E2%98%83'],
      ['//☃', 'http://0.0.0.0:8080//%E2%98%83'],
      ['/café?q=é', 'http://0.0.0.0:8080/caf%C3%A9?q=%C3%A9'],
    ];
    for (const [to, location] of cases)
      for (const r of await both(redirectApp(), q({ to }))) {
        assert.equal(r.status, '303 See Other', `${r.via} ${to}`);
        assert.equal(r.header('Location'), location, `${r.via} ${to}`);
      }
  });

  it('notmodified() is 304 without a body', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          throw web.notmodified();
        }
      },
    ]);
    for (const r of await both(app, '/')) {
      assert.equal(r.statusCode, 304, r.via);
      assert.equal(r.body, '', r.via);
    }
  });

  it('redirect(url, status) takes a custom status line', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          throw web.redirect('/y', '308 Permanent Redirect');
        }
      },
    ]);
    for (const r of await both(app, '/')) assert.equal(r.status, '308 Permanent Redirect', r.via);
  });
});
