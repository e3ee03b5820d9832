import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both } from '../helpers/http.js';

function ctxApp() {
  class Show {
    GET() {
      const c = web.ctx;
      return JSON.stringify({
        ip: c.ip ?? null,
        method: c.method,
        path: c.path,
        fullpath: c.fullpath,
        query: c.query,
        home: c.home,
        homedomain: c.homedomain,
        homepath: c.homepath,
        realhome: c.realhome,
        host: c.host,
        protocol: c.protocol,
        status: c.status,
        headers: c.headers,
        env: {
          REQUEST_METHOD: c.env.REQUEST_METHOD,
          PATH_INFO: c.env.PATH_INFO,
          QUERY_STRING: c.env.QUERY_STRING,
          HTTP_X_PROBE: c.env.HTTP_X_PROBE,
        },
      });
    }
  }
  const sub = web.application(['/ctx', 'Show'], { Show });
  return web.application(['/ctx', 'Show', '/blog', sub], { Show });
}

describe('web.ctx', () => {
  it('has web.py fields for a top-level request', async () => {
    const [viaApp, viaServer] = await both(ctxApp(), '/ctx?x=1', {
      headers: { host: 'example.com:8000', 'x-probe': 'p' },
      ip: '10.0.0.1',
    });
    const expected = {
      method: 'GET',
      path: '/ctx',
      fullpath: '/ctx?x=1',
      query: '?x=1',
      home: 'http://example.com:8000',
      homedomain: 'http://example.com:8000',
      homepath: '',
      realhome: 'http://example.com:8000',
      host: 'example.com:8000',
      protocol: 'http',
      status: '200 OK',
      headers: [],
      env: { REQUEST_METHOD: 'GET', PATH_INFO: '/ctx', QUERY_STRING: 'x=1', HTTP_X_PROBE: 'p' },
    };
    assert.deepEqual(JSON.parse(viaApp!.body), { ...expected, ip: '10.0.0.1' });
    assert.deepEqual(JSON.parse(viaServer!.body), { ...expected, ip: '127.0.0.1' });
  });

  it('in a sub-application: path relative to it, homepath and home extended, realhome the outer one', async () => {
    for (const r of await both(ctxApp(), '/blog/ctx?a=1&b=2')) {
      const c = JSON.parse(r.body);
      assert.equal(c.path, '/ctx', r.via);
      assert.equal(c.fullpath, '/ctx?a=1&b=2', r.via);
      assert.equal(c.homepath, '/blog', r.via);
      assert.equal(c.home, 'http://0.0.0.0:8080/blog', r.via);
      assert.equal(c.realhome, 'http://0.0.0.0:8080', r.via);
    }
  });

  it('https and a missing Host header', async () => {
    const r = await ctxApp().request('/ctx', { https: true, host: 'secure.example' });
    assert.equal(JSON.parse(r.data).homedomain, 'https://secure.example');
    const app = ctxApp();
    const none = await app.request('/ctx', { host: '' });
    assert.equal(JSON.parse(none.data).host, 'localhost');
  });

  it('path is percent-decoded; a bad %-escape stays as written', async () => {
    const app = web.application([
      '/(.*)',
      class {
        GET(rest: string) {
          return JSON.stringify([rest, web.ctx.path, web.ctx.query, web.input().q ?? null]);
        }
      },
    ]);
    for (const r of await both(app, '/caf%C3%A9/a%20b'))
      assert.equal(JSON.parse(r.body)[0], 'café/a b', r.via);
    for (const r of await both(app, '/%zz/%E0%A4?q=%zz%')) {
      assert.equal(r.statusCode, 200, r.via);
      const [rest, path, query, q] = JSON.parse(r.body);
      assert.equal(rest.slice(0, 4), '%zz/', r.via);
      assert.equal(path.slice(0, 5), '/%zz/', r.via);
      assert.equal(query, '?q=%zz%', r.via);
      assert.equal(q, '%zz%', r.via);
    }
  });

  it('outside a request, reading gives undefined and web.input() says why it cannot work', () => {
    assert.equal(web.ctx.path, undefined);
    assert.throws(() => web.input(), /only be used while a request is being handled/);
    assert.throws(() => {
      web.ctx.status = '200 OK';
    }, /only be used while a request/);
  });

  it('web.url prefixes the mount point and adds a query', async () => {
    const sub = web.application([
      '/u',
      class {
        GET() {
          return web.url('/x', { a: 1 });
        }
      },
    ]);
    const app = web.application(['/m', sub]);
    for (const r of await both(app, '/m/u')) assert.equal(r.body, '/m/x?a=1', r.via);
  });
});
