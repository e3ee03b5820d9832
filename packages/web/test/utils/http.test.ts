/**
 * web.http through a real server: the handler calls web.http.X (or the top-level alias) as a
 * web.py handler does, and the answers are those web.py 0.62 gives to the same requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import web from '../../src/index.js';
import { httpRequest, type Running, serve } from '../helpers/http.js';
import { enableMockTimers } from '../helpers/stderr.js';

const D = new Date(Date.UTC(2020, 0, 2, 3, 4, 5));

class Mod {
  GET() {
    const i = web.input({ etag: null, date: null });
    const date = i.date ? D : null;
    web.http.modified({ date, etag: i.etag });
    return 'fresh';
  }
}

class Bare {
  GET() {
    web.modified(D, 'v1'); // positional, as web.py allows; a 304 ends the handler here
    return 'fresh';
  }
}

class Cq {
  GET() {
    return JSON.stringify([
      web.changequery({ b: null, c: 3 }),
      web.changequery({ a: [1, 2] }),
      web.changequery({ x: 'y z' }, {}),
      web.changequery(),
      web.changequery({ query: { q: '1' }, r: '~*' }),
      web.http.changequery({ a: null, b: null }),
    ]);
  }
}

class U {
  GET() {
    return JSON.stringify([
      web.url(),
      web.url('/x'),
      web.url('x'),
      web.url('/x', { a: 1, b: 'c d' }),
      web.url('/x', { a: [1, 2] }),
      web.url('/x', { doseq: true, a: [1, 2] }),
      web.url('/x', { a: null }),
      web.http.url('/x', { a: true }),
    ]);
  }
}

class Pu {
  GET() {
    return JSON.stringify([web.prefixurl(), web.http.prefixurl('base/')]);
  }
}

class Ex {
  GET() {
    web.expires(60);
    web.lastmodified(D);
    web.http.expires({ days: 1 });
    return 'x';
  }
}

class Hostile {
  GET() {
    web.modified({ date: D, etag: 'abc' });
    return 'fresh';
  }
}

function makeApp() {
  const sub = web.application(['/u', 'U', '/pu(.*)', 'Pu'], { U, Pu });
  return web.application(
    [
      '/mod',
      'Mod',
      '/bare',
      'Bare',
      '/cq',
      'Cq',
      '/u',
      'U',
      '/pu(.*)',
      'Pu',
      '/ex',
      'Ex',
      '/hostile',
      'Hostile',
      '/sub',
      sub,
    ],
    { Mod, Bare, Cq, U, Pu, Ex, Hostile },
  );
}

let running: Running;
before(async () => {
  running = await serve(makeApp());
});
after(() => running.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  httpRequest(running.port, path, { headers });

describe('web.http.modified', () => {
  const cases: [string, Record<string, string>, number][] = [
    ['/mod', {}, 200],
    ['/mod?etag=abc', {}, 200],
    ['/mod?etag=abc', { 'If-None-Match': '"abc"' }, 304],
    ['/mod?etag=abc', { 'If-None-Match': '"x", "abc"' }, 304],
    ['/mod?etag=abc', { 'If-None-Match': '*' }, 304],
    ['/mod?etag=abc', { 'If-None-Match': 'W/"abc"' }, 200],
    ['/mod?etag=abc', { 'If-None-Match': 'abc' }, 304],
    ['/mod?etag=abc', { 'If-None-Match': '"abd"' }, 200],
    ['/mod?date=1', { 'If-Modified-Since': 'Thu, 02 Jan 2020 03:04:05 GMT' }, 304],
    ['/mod?date=1', { 'If-Modified-Since': 'Thu, 02 Jan 2020 03:04:04 GMT' }, 304],
    ['/mod?date=1', { 'If-Modified-Since': 'Thu, 02 Jan 2020 03:04:03 GMT' }, 200],
    ['/mod?date=1', { 'If-Modified-Since': 'Thu, 02 Jan 2020 03:04:05 GMT; length=12' }, 304],
    ['/mod?date=1', { 'If-Modified-Since': 'garbage' }, 200],
    [
      '/mod?date=1&etag=abc',
      { 'If-Modified-Since': 'Thu, 02 Jan 2020 03:04:05 GMT', 'If-None-Match': '"zzz"' },
      304,
    ],
    ['/mod?etag=abc', { 'If-Modified-Since': 'Thu, 02 Jan 2020 03:04:05 GMT' }, 200],
  ];

  for (const [path, headers, status] of cases) {
    it(`${path} ${JSON.stringify(headers)} → ${status}`, async () => {
      const res = await get(path, headers);
      assert.equal(res.statusCode, status);
      assert.equal(res.body, status === 304 ? '' : 'fresh');
      assert.equal(res.header('ETag'), path.includes('etag=abc') ? '"abc"' : undefined);
      assert.equal(
        res.header('Last-Modified'),
        path.includes('date=1') ? 'Thu, 02 Jan 2020 03:04:05 GMT' : undefined,
      );
    });
  }

  it('a bare web.modified(date, etag) call ends the handler with the 304', async () => {
    const fresh = await get('/bare');
    assert.equal(fresh.statusCode, 200);
    assert.equal(fresh.body, 'fresh');
    const cached = await get('/bare', { 'If-None-Match': '"v1"' });
    assert.equal(cached.status, '304 Not Modified');
    assert.equal(cached.header('ETag'), '"v1"');
    assert.equal(cached.header('Last-Modified'), 'Thu, 02 Jan 2020 03:04:05 GMT');
    assert.equal(cached.body, '');
  });

  it('hostile validators get a normal answer, and the server goes on', async () => {
    const hostile: Record<string, string>[] = [
      { 'If-None-Match': ','.repeat(5000) },
      { 'If-None-Match': '"abc' },
      { 'If-Modified-Since': 'Thu, 01 Jan 1970 01:01:60 GMT' },
      { 'If-Modified-Since': `${'Thu, '.repeat(2000)}` },
      { 'If-Modified-Since': 'Thu, 31 Feb 2020 03:04:05 GMT' },
    ];
    const expected = [200, 304, 200, 200, 200];
    for (const [i, headers] of hostile.entries()) {
      const res = await get('/hostile', headers);
      assert.equal(res.statusCode, expected[i], JSON.stringify(headers).slice(0, 60));
    }
    const normal = await get('/hostile');
    assert.equal(normal.body, 'fresh');
  });

  it('outside a request it says where it may be used', () => {
    assert.throws(() => web.modified({ etag: 'x' }), /while a request is being handled/);
  });
});

describe('web.http.expires / lastmodified', () => {
  it('send Expires from now and Last-Modified, in order', async () => {
    const now = Date.UTC(2026, 11, 2, 7, 5, 43);
    await enableMockTimers(mock.timers, { apis: ['Date'], now });
    try {
      const res = await get('/ex');
      assert.deepEqual(
        res.headerList.filter(([n]) => /^(expires|last-modified)$/i.test(n)),
        [
          ['Expires', 'Wed, 02 Dec 2026 07:06:43 GMT'],
          ['Last-Modified', 'Thu, 02 Jan 2020 03:04:05 GMT'],
          ['Expires', 'Thu, 03 Dec 2026 07:05:43 GMT'],
        ],
      );
    } finally {
      mock.timers.reset();
    }
  });
});

describe('web.http.changequery', () => {
  it('changes the current query string', async () => {
    const res = await get('/cq?a=1&b=2');
    // web.py lists the request's parameters in another order (b before a); webts keeps the request's.
    assert.deepEqual(JSON.parse(res.body), [
      '/cq?a=1&c=3',
      '/cq?a=1&a=2&b=2',
      '/cq?x=y+z',
      '/cq?a=1&b=2',
      '/cq?q=1&r=~%2A',
      '/cq',
    ]);
  });

  it('repeats list parameters and quotes as web.py', async () => {
    const res = await get('/cq?a=1&a=2&b=%20');
    assert.deepEqual(JSON.parse(res.body), [
      '/cq?a=1&a=2&c=3',
      '/cq?a=1&a=2&b=+',
      '/cq?x=y+z',
      '/cq?a=1&a=2&b=+',
      '/cq?q=1&r=~%2A',
      '/cq',
    ]);
  });
});

describe('web.http.url', () => {
  it('prefixes the mount point and adds a query', async () => {
    const top = JSON.parse((await get('/u?z=1')).body);
    assert.deepEqual(top, [
      '/u',
      '/x',
      'x',
      '/x?a=1&b=c+d',
      '/x?a=%5B1%2C+2%5D',
      '/x?a=1&a=2',
      '/x?a=None',
      '/x?a=True',
    ]);
    const sub = JSON.parse((await get('/sub/u')).body);
    assert.deepEqual(sub, [
      '/sub/u',
      '/sub/x',
      'x',
      '/sub/x?a=1&b=c+d',
      '/sub/x?a=%5B1%2C+2%5D',
      '/sub/x?a=1&a=2',
      '/sub/x?a=None',
      '/sub/x?a=True',
    ]);
    assert.equal(web.url, web.http.url);
  });
});

describe('web.http.prefixurl', () => {
  it("gives '../' per level of the current path", async () => {
    assert.deepEqual(JSON.parse((await get('/pu')).body), ['./', 'base/']);
    assert.deepEqual(JSON.parse((await get('/pu/a/b')).body), ['../../', 'base/../../']);
    assert.deepEqual(JSON.parse((await get('/pua/b/')).body), ['../../', 'base/../../']);
    assert.deepEqual(JSON.parse((await get('/sub/pu/x/y')).body), ['../../', 'base/../../']);
  });
});

describe('web.http.profiler', () => {
  it('adds the escaped profile under a text response', async () => {
    class Page {
      GET() {
        return '<p>hello</p>';
      }
    }
    class Data {
      async GET() {
        return Buffer.from('raw');
      }
    }
    const app = web.application(['/', 'Page', '/data', 'Data'], { Page, Data });
    app.add_processor(web.profiler);
    const page = await app.request('/');
    assert.match(page.data.toString(), /^<p>hello<\/p><pre>\n\ntook [\d.e-]+ seconds\n[^<]*<\/pre>$/);
    const data = await app.request('/data');
    assert.equal(data.data.toString(), 'raw');
    assert.equal(web.profiler, web.http.profiler);
  });
});
