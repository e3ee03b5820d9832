import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

/** An app whose handler answers `show()` as JSON, for GET and POST alike. */
function echo(show: () => unknown) {
  class Echo {
    GET() {
      return JSON.stringify(show());
    }
    POST() {
      return JSON.stringify(show());
    }
    PUT() {
      return JSON.stringify(show());
    }
  }
  return web.application(['/.*', 'Echo'], { Echo });
}

// A computed key, so the name is read as data (the literal form is the legacy prototype accessor).
const PROTO = '__proto__';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('web.input', () => {
  it('reads the query string: + is a space, the last repeated value wins, blanks are kept', async () => {
    const app = echo(() => ({ ...web.input() }));
    for (const r of await both(app, '/?a=1&b=x+y&a=2&e=&caf%C3%A9=%C3%A9'))
      assert.deepEqual(JSON.parse(r.body), { a: '2', b: 'x y', e: '', café: 'é' }, r.via);
  });

  it('merges a urlencoded body with the query (the body wins for a name in both)', async () => {
    const app = echo(() => ({ ...web.input() }));
    for (const r of await both(app, '/?a=1&q=2', { method: 'POST', headers: FORM, body: 'a=body&b=3' }))
      assert.deepEqual(JSON.parse(r.body), { a: 'body', q: '2', b: '3' }, r.via);
  });

  it('treats a POST without a Content-Type as a form, but not a PUT', async () => {
    const app = echo(() => ({ ...web.input() }));
    for (const r of await both(app, '/', { method: 'POST', body: 'a=1' }))
      assert.deepEqual(JSON.parse(r.body), { a: '1' }, r.via);
    for (const r of await both(app, '/', { method: 'PUT', body: 'a=1' }))
      assert.deepEqual(JSON.parse(r.body), {}, r.via);
    for (const r of await both(app, '/', { method: 'PUT', headers: FORM, body: 'a=1' }))
      assert.deepEqual(JSON.parse(r.body), { a: '1' }, r.via);
  });

  it("a missing required name is 400 with web.py's body 'bad request'; the detail is logged", async () => {
    const app = echo(() => ({ ...web.input('needed') }));
    const { result, text } = await captureStderr(() => both(app, '/?other=1'));
    for (const r of result) {
      assert.equal(r.status, '400 Bad Request', r.via);
      assert.equal(r.body, 'bad request', r.via);
      assert.equal(r.header('Content-Type'), 'text/html', r.via);
    }
    assert.match(text, /web\.input\(\) is missing the required field 'needed'/);
    for (const r of await both(app, '/?needed=')) assert.deepEqual(JSON.parse(r.body), { needed: '' }, r.via);
    // The next request is served normally.
    for (const r of await both(app, '/?needed=1')) assert.equal(r.status, '200 OK', r.via);
  });

  it('in debug mode the 400 body names the missing field', async () => {
    const app = echo(() => ({ ...web.input('needed') }));
    web.config.debug = true;
    try {
      const { result } = await captureStderr(() => app.request('/'));
      assert.equal(result.status, '400 Bad Request');
      assert.match(result.data, /^bad request: web\.input\(\) is missing the required field 'needed'/);
    } finally {
      web.config.debug = false;
    }
  });

  it('defaults fill missing names; [] collects every value', async () => {
    const app = echo(() => ({ ...web.input({ x: [], y: 'dflt', z: [] as string[] }) }));
    for (const r of await both(app, '/?x=1&x=2'))
      assert.deepEqual(JSON.parse(r.body), { x: ['1', '2'], y: 'dflt', z: [] }, r.via);
    for (const r of await both(app, '/?x=1&y=given'))
      assert.deepEqual(JSON.parse(r.body), { x: ['1'], y: 'given', z: [] }, r.via);
  });

  it('_method narrows to the query (get) or the body (post)', async () => {
    const get = echo(() => ({ ...web.input({ _method: 'get' }) }));
    const post = echo(() => ({ ...web.input({ _method: 'post' }) }));
    const opts = { method: 'POST', headers: FORM, body: 'b=2' };
    for (const r of await both(get, '/?q=1', opts)) assert.deepEqual(JSON.parse(r.body), { q: '1' }, r.via);
    for (const r of await both(post, '/?q=1', opts)) assert.deepEqual(JSON.parse(r.body), { b: '2' }, r.via);
  });

  it('keeps __proto__ and constructor as plain names', async () => {
    const app = echo(() => {
      const i = web.input();
      return { proto: i[PROTO], ctor: i.constructor, polluted: ({} as Record<string, unknown>).x };
    });
    for (const r of await both(app, '/?__proto__=p&constructor=c&__proto__[x]=1'))
      assert.deepEqual(JSON.parse(r.body), { proto: 'p', ctor: 'c' }, r.via);
  });
});

function multipart(boundary: string, parts: string[]): string {
  return `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`;
}

describe('web.input with multipart bodies', () => {
  const boundary = '----webtsBoundary42';
  const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  const body = multipart(boundary, [
    'Content-Disposition: form-data; name="title"\r\n\r\nhello world',
    'Content-Disposition: form-data; name="tag"\r\n\r\na',
    'Content-Disposition: form-data; name="tag"\r\n\r\nb',
    'Content-Disposition: form-data; name="upload"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nfile\r\nbody',
  ]);

  it('gives fields as strings and, without {}, a file as its text', async () => {
    const app = echo(() => ({ ...web.input({ tag: [] }) }));
    for (const r of await both(app, '/', { method: 'POST', headers, body }))
      assert.deepEqual(
        JSON.parse(r.body),
        { title: 'hello world', tag: ['a', 'b'], upload: 'file\r\nbody' },
        r.via,
      );
  });

  it('with a {} default gives the upload: filename, value bytes, type', async () => {
    const app = echo(() => {
      const f = web.input({ upload: {} }).upload;
      if (typeof f === 'string') return { string: f };
      return { filename: f.filename, value: f.value.toString(), type: f.type };
    });
    for (const r of await both(app, '/', { method: 'POST', headers, body }))
      assert.deepEqual(
        JSON.parse(r.body),
        { filename: 'a.txt', value: 'file\r\nbody', type: 'text/plain' },
        r.via,
      );
  });

  it('keeps binary file bytes intact', async () => {
    const bytes = Buffer.from([0, 255, 13, 10, 45, 45, 128]);
    const raw = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="bin"; filename="b.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const app = echo(() => {
      const f = web.input({ bin: {} }).bin;
      return typeof f === 'string' ? 'string' : [...f.value];
    });
    for (const r of await both(app, '/', { method: 'POST', headers, body: raw }))
      assert.deepEqual(JSON.parse(r.body), [...bytes], r.via);
  });

  const broken: [string, string, string][] = [
    ['no boundary parameter', 'multipart/form-data', 'x'],
    [
      'a truncated body',
      headers['content-type'],
      `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nabc`,
    ],
    [
      'a part without a name',
      headers['content-type'],
      multipart(boundary, ['Content-Disposition: form-data\r\n\r\nx']),
    ],
    ['a part without headers', headers['content-type'], `--${boundary}\r\nno headers here`],
    ['a body without the boundary', headers['content-type'], 'just text'],
  ];
  for (const [what, type, text] of broken) {
    it(`malformed multipart (${what}) is 400, and the server keeps serving`, async () => {
      const app = echo(() => ({ ...web.input() }));
      for (const r of await both(app, '/', {
        method: 'POST',
        headers: { 'content-type': type },
        body: text,
      })) {
        assert.equal(r.status, '400 Bad Request', r.via);
        assert.match(r.body, /malformed multipart/, r.via);
      }
      for (const r of await both(app, '/?ok=1')) assert.deepEqual(JSON.parse(r.body), { ok: '1' }, r.via);
    });
  }
});

describe('web.data', () => {
  it('gives the raw body bytes for any method and content type', async () => {
    const app = echo(() => web.data().toString('utf8'));
    const json = '{"a":[1,2]}';
    for (const r of await both(app, '/', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: json,
    }))
      assert.equal(JSON.parse(r.body), json, r.via);
    for (const r of await both(app, '/')) assert.equal(JSON.parse(r.body), '', r.via);
  });

  it('still has the body after web.input() parsed a multipart form', async () => {
    const boundary = 'b';
    const body = multipart(boundary, ['Content-Disposition: form-data; name="a"\r\n\r\n1']);
    const app = echo(() => [web.input().a, web.data().length]);
    for (const r of await both(app, '/', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    }))
      assert.deepEqual(JSON.parse(r.body), ['1', Buffer.byteLength(body)], r.via);
  });
});
