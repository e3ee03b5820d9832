import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both, rawRequest, withServer } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

// A computed key, so the name is read as data (the literal form is the legacy prototype accessor).
const PROTO = '__proto__';

function cookieApp(show: () => unknown) {
  return web.application([
    '/.*',
    class {
      GET() {
        return JSON.stringify(show());
      }
    },
  ]);
}

describe('web.cookies', () => {
  it('parses the Cookie header, percent-decoding values; defaults fill missing names', async () => {
    const app = cookieApp(() => ({ ...web.cookies({ missing: 'dflt' }) }));
    for (const r of await both(app, '/', { headers: { cookie: 'a=1; b=x%20y; c="quoted"' } }))
      assert.deepEqual(JSON.parse(r.body), { a: '1', b: 'x y', c: 'quoted', missing: 'dflt' }, r.via);
  });

  it("a missing required cookie is 400 'bad request' (the detail is logged)", async () => {
    const app = cookieApp(() => ({ ...web.cookies('sid') }));
    const { result, text } = await captureStderr(() => both(app, '/', { headers: { cookie: 'other=1' } }));
    for (const r of result) {
      assert.equal(r.status, '400 Bad Request', r.via);
      assert.equal(r.body, 'bad request', r.via);
    }
    assert.match(text, /web\.cookies\(\) is missing the required field 'sid'/);
  });

  it('web.cookies().get(name, default), as on a web.py storage', async () => {
    const app = cookieApp(() => {
      const c = web.cookies();
      return { a: c.get('a', 'none'), z: c.get('z', 'none'), keys: Object.keys(c) };
    });
    for (const r of await both(app, '/', { headers: { cookie: 'a=1' } }))
      assert.deepEqual(JSON.parse(r.body), { a: '1', z: 'none', keys: ['a'] }, r.via);
  });

  it('skips malformed pairs and keeps a bad %-escape as written, never a 500', async () => {
    const app = cookieApp(() => ({ ...web.cookies() }));
    for (const header of [
      'a=%zz; ;;=; b',
      '=novalue; ok=1',
      ';;;',
      'x=\u00ff\u00fe; ok=1',
      'a="unterminated; ok=1',
    ]) {
      for (const r of await both(app, '/', { headers: { cookie: header } })) {
        assert.equal(r.statusCode, 200, `${r.via} ${JSON.stringify(header)}`);
        const parsed = JSON.parse(r.body);
        if (header.startsWith('a=%zz')) assert.equal(parsed.a, '%zz');
        if (header.includes('ok=1')) assert.equal(parsed.ok, '1', header);
      }
    }
  });

  it('with a name sent twice, the first one wins', async () => {
    const app = cookieApp(() => ({ ...web.cookies() }));
    for (const r of await both(app, '/', { headers: { cookie: 'sid=first; sid=second' } }))
      assert.deepEqual(JSON.parse(r.body), { sid: 'first' }, r.via);
  });

  it('a __proto__ cookie does not pollute anything', async () => {
    const app = cookieApp(() => ({
      c: web.cookies()[PROTO],
      polluted: ({} as Record<string, unknown>).x,
    }));
    for (const r of await both(app, '/', { headers: { cookie: '__proto__=x; constructor=y' } }))
      assert.equal(JSON.parse(r.body).polluted, undefined, r.via);
  });
});

describe('web.setcookie', () => {
  function setApp(set: () => void) {
    return web.application([
      '/.*',
      class {
        GET() {
          set();
          return 'ok';
        }
      },
    ]);
  }

  const cases: [string, () => void, RegExp][] = [
    ['plain', () => web.setcookie('plain', 'v'), /^plain=v; Path=\/$/],
    ['encoded value', () => web.setcookie('sp', 'a b;c,é'), /^sp=a%20b%3Bc%2C%C3%A9; Path=\/$/],
    [
      'expires in seconds',
      () => web.setcookie('exp', 'x', 3600),
      /^exp=x; Path=\/; Expires=\w{3}, \d\d \w{3} \d{4}/,
    ],
    [
      'negative expires',
      () => web.setcookie('neg', 'x', -1),
      /^neg=x; Path=\/; Expires=\w{3}, \d\d \w{3} (19\d\d)/,
    ],
    [
      'positional web.py arguments',
      () => web.setcookie('full', 'x', 60, 'example.com', true, true, '/p', 'Lax'),
      /^full=x; Domain=example\.com; Path=\/p; Expires=.+; HttpOnly; Secure; SameSite=Lax$/,
    ],
    [
      'an options object',
      () => web.setcookie('o', 'x', { httponly: true, samesite: 'strict', path: '/q' }),
      /^o=x; Path=\/q; HttpOnly; SameSite=Strict$/,
    ],
    [
      'an expires date string',
      () => web.setcookie('expstr', 'x', 'Wed, 21 Oct 2015 07:28:00 GMT'),
      /^expstr=x; Path=\/; Expires=Wed, 21 Oct 2015 07:28:00 GMT$/,
    ],
  ];
  for (const [what, set, expected] of cases) {
    it(`sets a cookie: ${what}`, async () => {
      for (const r of await both(setApp(set), '/'))
        assert.match(r.header('Set-Cookie') ?? '', expected, r.via);
    });
  }

  it('two cookies give two Set-Cookie headers', async () => {
    const app = setApp(() => {
      web.setcookie('a', '1');
      web.setcookie('b', '2');
    });
    for (const r of await both(app, '/'))
      assert.deepEqual(
        r.headerList.filter(([n]) => n.toLowerCase() === 'set-cookie').map(([, v]) => v),
        ['a=1; Path=/', 'b=2; Path=/'],
        r.via,
      );
  });

  it('the default path is the sub-application mount point', async () => {
    const sub = setApp(() => web.setcookie('s', '1'));
    const app = web.application(['/admin', sub]);
    for (const r of await both(app, '/admin/x'))
      assert.equal(r.header('Set-Cookie'), 's=1; Path=/admin/', r.via);
  });

  it('refuses names, paths and domains that would break the header', async () => {
    for (const set of [
      () => web.setcookie('a;b', 'x'),
      () => web.setcookie('a', 'x', { path: '/\r\nX-Evil: 1' }),
      () => web.setcookie('a', 'x', { domain: 'a.com;evil' }),
      () => web.setcookie('a', 'x', { samesite: 'sometimes' as 'lax' }),
      () => web.setcookie('a', 'x', 'not a date'),
    ]) {
      const original = process.stderr.write;
      process.stderr.write = (() => true) as typeof process.stderr.write;
      try {
        for (const r of await both(setApp(set), '/')) {
          assert.equal(r.statusCode, 500, r.via);
          assert.equal(r.header('Set-Cookie'), undefined, r.via);
        }
      } finally {
        process.stderr.write = original;
      }
    }
  });
});

describe('web.header', () => {
  it('adds headers in order; unique keeps the first of a name', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          web.header('X-A', 1);
          web.header('X-A', 2);
          web.header('Content-Type', 'text/plain');
          web.header('content-type', 'text/other', true);
          return 'x';
        }
      },
    ]);
    for (const r of await both(app, '/')) {
      assert.equal(r.header('X-A'), '1, 2', r.via);
      assert.equal(r.header('Content-Type'), 'text/plain', r.via);
    }
  });

  it('rejects CR/LF in a header value: it never reaches the wire', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          web.header('X-Echo', web.input({ v: '' }).v);
          return 'x';
        }
      },
      '/direct',
      class {
        GET() {
          // Bypassing web.header: the server still refuses to send it.
          web.ctx.headers.push(['X-Direct', 'a\r\nX-Evil: 1']);
          return 'x';
        }
      },
    ]);
    const original = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      for (const r of await both(app, '/?v=a%0D%0AX-Evil:%201')) {
        assert.equal(r.statusCode, 500, r.via);
        assert.equal(r.header('X-Evil'), undefined, r.via);
      }
      await withServer(app, async ({ port }) => {
        for (const path of ['/?v=a%0D%0AX-Evil:%201', '/?v=a%0AX-Evil:%201', '/direct']) {
          const raw = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
          assert.equal(raw.statusCode, 500, path);
          assert.ok(!/\r\nX-Evil/i.test(raw.raw), raw.raw);
        }
        const ok = await rawRequest(port, 'GET /?v=fine HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        assert.match(ok.raw, /\r\nX-Echo: fine\r\n/);
      });
    } finally {
      process.stderr.write = original;
    }
  });
});
