import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import web, { type FileUpload } from '../../src/index.js';
import { both } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

const names = JSON.parse(readFileSync(new URL('./webpy-names.json', import.meta.url), 'utf8')) as {
  'webapi.__all__': string[];
};

describe('web.webapi', () => {
  it("has every name of web.py's webapi.__all__, plus rawinput", () => {
    const missing = [...names['webapi.__all__'], 'rawinput'].filter((n) => !(n in web.webapi));
    assert.deepEqual(missing, []);
  });

  it('holds the same functions and classes as the top level (internalerror aside)', () => {
    for (const name of names['webapi.__all__']) {
      if (name === 'internalerror') continue;
      assert.equal(web.webapi[name as keyof typeof web.webapi], web[name as keyof typeof web], name);
    }
    assert.equal(web.webapi.internalerror, web.internalerror);
  });

  it('web.webapi.input / cookies / header / setcookie / data / ctx work in a request', async () => {
    const app = web.application([
      '/',
      class {
        POST() {
          web.webapi.header('X-H', web.webapi.ctx.method);
          web.webapi.setcookie('c', 'v');
          const i = web.webapi.input({ q: 'none' });
          const c = web.webapi.cookies();
          return JSON.stringify({
            q: i.q,
            a: i.a,
            cookie: c.get('k', 'no'),
            data: web.webapi.data().toString(),
          });
        }
      },
    ]);
    for (const r of await both(app, '/?q=1', { method: 'POST', body: 'a=2', headers: { cookie: 'k=3' } })) {
      assert.deepEqual(JSON.parse(r.body), { q: '1', a: '2', cookie: '3', data: 'a=2' }, r.via);
      assert.equal(r.header('X-H'), 'POST', r.via);
      assert.equal(r.header('Set-Cookie'), 'c=v; Path=/', r.via);
    }
  });

  it('web.webapi.internalerror = web.debugerror makes every 500 the debug page (and can be put back)', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          throw new Error('kaboom');
        }
      },
    ]);
    const original = web.webapi.internalerror;
    web.webapi.internalerror = web.debugerror;
    try {
      const { result } = await captureStderr(() => both(app, '/'));
      for (const r of result) {
        assert.equal(r.status, '500 Internal Server Error', r.via);
        assert.match(r.body, /kaboom/, r.via);
        assert.match(r.body, /<h3>Traceback<\/h3>/, r.via);
      }
    } finally {
      web.webapi.internalerror = original;
    }
    const { result } = await captureStderr(() => both(app, '/'));
    for (const r of result) assert.equal(r.body, 'internal server error', r.via);
    assert.throws(() => {
      (web.webapi as { internalerror: unknown }).internalerror = 'nope';
    }, /must be a function/);
  });

  it('app.internalerror = web.debugerror (called bare) shows the error being handled', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          throw new Error('handled one');
        }
      },
    ]);
    app.internalerror = () => web.debugerror();
    const { result } = await captureStderr(() => app.request('/'));
    assert.equal(result.status, '500 Internal Server Error');
    assert.match(result.data, /handled one/);
  });

  it('web.djangoerror() gives the debug page as text without touching the response', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          const page = web.djangoerror(new Error('just text'));
          return String(page.includes('just text'));
        }
      },
    ]);
    const r = await app.request('/');
    assert.equal(r.status, '200 OK');
    assert.equal(r.data, 'true');
  });

  it('rawinput(): one value as a string, several as a list; rawinput("get") the query only', async () => {
    const app = web.application([
      '/',
      class {
        POST() {
          return JSON.stringify({
            both: { ...web.webapi.rawinput() },
            get: { ...web.webapi.rawinput('get') },
          });
        }
      },
    ]);
    for (const r of await both(app, '/?q=1&q=2&z=3', { method: 'POST', body: 'a=1&a=2&b=x' })) {
      assert.deepEqual(
        JSON.parse(r.body),
        { both: { q: ['1', '2'], z: '3', a: ['1', '2'], b: 'x' }, get: { q: ['1', '2'], z: '3' } },
        r.via,
      );
    }
  });
});

describe('web.input() results', () => {
  it('.get(name, default) as on a web.py storage; keys stay the fields', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          const i = web.input();
          return JSON.stringify({
            a: i.get('a', 'd'),
            b: i.get('b', 'd'),
            none: i.get('b') ?? null,
            keys: Object.keys(i),
          });
        }
      },
    ]);
    for (const r of await both(app, '/?a=1'))
      assert.deepEqual(JSON.parse(r.body), { a: '1', b: 'd', none: null, keys: ['a'] }, r.via);
  });

  it('a client field named get cannot replace the method (read it with .get("get"))', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          const i = web.input();
          return JSON.stringify({ get: i.get('get', 'd'), x: i.get('x', 'd'), keys: Object.keys(i) });
        }
      },
    ]);
    for (const r of await both(app, '/?get=evil&x=1'))
      assert.deepEqual(JSON.parse(r.body), { get: 'evil', x: '1', keys: ['x'] }, r.via);
    for (const r of await both(app, '/?x=2'))
      assert.deepEqual(JSON.parse(r.body), { get: 'd', x: '2', keys: ['x'] });
  });

  it('a file field with a {} default is a FileUpload: filename, value, type and file.read()', async () => {
    const app = web.application([
      '/u',
      class {
        POST() {
          const f = web.input({ f: {} }).f as FileUpload;
          const first = f.file.read(2).toString();
          const rest = f.file.read().toString();
          f.file.seek(0);
          return JSON.stringify({
            filename: f.filename,
            value: f.value.toString(),
            type: f.type,
            first,
            rest,
            again: f.file.read().toString(),
          });
        }
      },
    ]);
    const body =
      '--XX\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n';
    for (const r of await both(app, '/u', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'multipart/form-data; boundary=XX' },
    })) {
      assert.deepEqual(
        JSON.parse(r.body),
        { filename: 'a.txt', value: 'hello', type: 'text/plain', first: 'he', rest: 'llo', again: 'hello' },
        r.via,
      );
    }
  });
});
