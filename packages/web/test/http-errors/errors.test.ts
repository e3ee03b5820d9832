import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

/** How many uncaught errors `text` (captured stderr) logs for `where`, each with its stack. */
const loggedErrors = (text: string, where: string) =>
  text.split(`${where}: Error: <script>alert(1)</script>\n    at `).length - 1;

type Maker = (message?: string) => InstanceType<typeof web.HTTPError>;

const family: [string, Maker, string, string | undefined, string][] = [
  ['badrequest', web.badrequest, '400 Bad Request', 'text/html', 'bad request'],
  ['unauthorized', web.unauthorized, '401 Unauthorized', 'text/html', 'unauthorized'],
  ['forbidden', web.forbidden, '403 Forbidden', 'text/html', 'forbidden'],
  ['notfound', web.notfound, '404 Not Found', 'text/html; charset=utf-8', 'not found'],
  ['notacceptable', web.notacceptable, '406 Not Acceptable', 'text/html', 'not acceptable'],
  ['conflict', web.conflict, '409 Conflict', 'text/html', 'conflict'],
  ['gone', web.gone, '410 Gone', 'text/html', 'gone'],
  [
    'preconditionfailed',
    web.preconditionfailed,
    '412 Precondition Failed',
    'text/html',
    'precondition failed',
  ],
  [
    'unsupportedmediatype',
    web.unsupportedmediatype,
    '415 Unsupported Media Type',
    'text/html',
    'unsupported media type',
  ],
  ['internalerror', web.internalerror, '500 Internal Server Error', 'text/html', 'internal server error'],
  ['created', web.created, '201 Created', undefined, 'Created'],
  ['accepted', web.accepted, '202 Accepted', undefined, 'Accepted'],
];

function appThat(make: () => unknown, ret: boolean) {
  return web.application([
    '/',
    class {
      GET() {
        web.header('X-Before', '1');
        const error = make();
        if (ret) return error;
        throw error;
      }
    },
  ]);
}

describe('HTTP errors', () => {
  for (const [name, make, status, type, body] of family) {
    it(`${name}() gives ${status} with web.py's body thrown, its status line returned`, async () => {
      for (const ret of [false, true]) {
        for (const r of await both(
          appThat(() => make(), ret),
          '/',
        )) {
          assert.equal(r.status, status, r.via);
          assert.equal(r.header('Content-Type'), type, r.via);
          // web.py turns a returned exception into text with str(): its status line.
          assert.equal(r.body, ret ? status : body, r.via);
          assert.equal(r.header('X-Before'), '1', `${r.via}: headers set before are kept`);
        }
      }
      for (const r of await both(
        appThat(() => make('custom text'), false),
        '/',
      ))
        assert.equal(r.body, 'custom text', r.via);
    });
  }

  it('CamelCase names and new work too', async () => {
    for (const r of await both(
      appThat(() => new web.NotFound('gone away'), false),
      '/',
    )) {
      assert.equal(r.status, '404 Not Found', r.via);
      assert.equal(r.body, 'gone away', r.via);
    }
    assert.ok(web.Forbidden() instanceof web.HTTPError);
  });

  it('nomethod(cls) lists the class methods in Allow', async () => {
    class Only {
      POST() {}
    }
    for (const r of await both(
      appThat(() => web.nomethod(Only), false),
      '/',
    )) {
      assert.equal(r.status, '405 Method Not Allowed', r.via);
      assert.equal(r.header('Allow'), 'POST', r.via);
    }
  });

  it("HTTPError(status, headers, data) sends exactly what it's given", async () => {
    const make = () => new web.HTTPError("418 I'm a teapot", { 'X-T': '1' }, 'short and stout');
    for (const r of await both(appThat(make, false), '/')) {
      assert.equal(r.status, "418 I'm a teapot", r.via);
      assert.equal(r.header('X-T'), '1', r.via);
      assert.equal(r.body, 'short and stout', r.via);
    }
  });

  it('an error thrown while streaming before the first chunk is honoured', async () => {
    const app = web.application([
      '/',
      class {
        *GET() {
          if (web.ctx.path === '/') throw web.seeother('/there');
          yield 'never';
        }
      },
    ]);
    for (const r of await both(app, '/')) {
      assert.equal(r.status, '303 See Other', r.via);
      assert.equal(r.header('Location'), 'http://0.0.0.0:8080/there', r.via);
    }
  });

  it('a status and headers set in a stream before its first chunk are sent', async () => {
    const app = web.application([
      '/',
      class {
        *GET() {
          web.ctx.status = '202 Accepted';
          web.header('X-Early', '1');
          yield 'a';
          yield 'b';
        }
      },
    ]);
    for (const r of await both(app, '/')) {
      assert.equal(r.status, '202 Accepted', r.via);
      assert.equal(r.header('X-Early'), '1', r.via);
      assert.equal(r.body, 'ab', r.via);
    }
  });

  it('an ordinary exception before the first chunk of a stream is a clean 500', async () => {
    const app = web.application([
      '/',
      class {
        *GET() {
          if (web.ctx.path === '/') throw new Error('before any chunk');
          yield 'never';
        }
      },
    ]);
    const original = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      for (const r of await both(app, '/')) {
        assert.equal(r.status, '500 Internal Server Error', r.via);
        assert.equal(r.body, 'internal server error', r.via);
      }
    } finally {
      process.stderr.write = original;
    }
  });
});

describe('uncaught exceptions and overrides', () => {
  const boom = () =>
    web.application([
      '/boom',
      class {
        GET() {
          throw new Error('<script>alert(1)</script>');
        }
      },
      '/nf',
      class {
        GET() {
          throw web.notfound();
        }
      },
    ]);

  it('an uncaught exception is 500 internal server error', async () => {
    const { result, text } = await captureStderr(() => both(boom(), '/boom'));
    for (const r of result) {
      assert.equal(r.status, '500 Internal Server Error', r.via);
      assert.equal(r.body, 'internal server error', r.via);
      assert.equal(r.header('Content-Type'), 'text/html', r.via);
    }
    assert.equal(loggedErrors(text, 'GET /boom'), 2, 'logged once for each path');
  });

  it('is logged to stderr with its stack', async () => {
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      await boom().request('/boom');
    } finally {
      process.stderr.write = original;
    }
    const text = written.join('');
    assert.match(text, /GET \/boom: Error: <script>alert\(1\)<\/script>/);
    assert.match(text, /\n\s+at /);
  });

  it('in debug mode shows the debug page with the stack and request, escaped', async () => {
    const before = web.config.debug;
    web.config.debug = true;
    try {
      const { result, text } = await captureStderr(() =>
        both(boom(), '/boom?q=%3Cb%3E', { headers: { 'x-probe': '<i>' } }),
      );
      assert.equal(loggedErrors(text, 'GET /boom?q=%3Cb%3E'), 2, 'logged in debug mode too');
      for (const r of result) {
        assert.equal(r.statusCode, 500, r.via);
        assert.match(r.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, r.via);
        assert.ok(!r.body.includes('<script>'), r.via);
        assert.match(r.body, /Traceback/, r.via);
        assert.match(r.body, /\/boom\?q=%3Cb%3E/, r.via);
        assert.match(r.body, /&lt;i&gt;/, r.via);
      }
    } finally {
      web.config.debug = before;
    }
  });

  it('app.notfound and app.internalerror overrides replace the defaults', async () => {
    const app = boom();
    app.notfound = () => web.notfound('nothing to see');
    app.internalerror = () => web.internalerror('we broke it');
    for (const r of await both(app, '/missing')) {
      assert.equal(r.status, '404 Not Found', r.via);
      assert.equal(r.body, 'nothing to see', r.via);
    }
    for (const r of await both(app, '/nf')) assert.equal(r.body, 'nothing to see', `${r.via}: notfound()`);
    const { result, text } = await captureStderr(() => both(app, '/boom'));
    for (const r of result) {
      assert.equal(r.statusCode, 500, r.via);
      assert.equal(r.body, 'we broke it', r.via);
    }
    assert.equal(loggedErrors(text, 'GET /boom'), 2, 'the error is still logged under an override');
  });

  it('an app.internalerror override that throws still gives a plain 500 and the server lives on', async () => {
    const app = boom();
    app.internalerror = () => {
      throw new Error('the override is broken too');
    };
    const original = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      for (const r of await both(app, '/boom')) {
        assert.equal(r.status, '500 Internal Server Error', r.via);
        assert.equal(r.body, 'internal server error', r.via);
      }
      for (const r of await both(app, '/nf')) assert.equal(r.statusCode, 404, r.via);
    } finally {
      process.stderr.write = original;
    }
  });

  it("a sub-application uses the parent's notfound override", async () => {
    const sub = web.application([
      '/x',
      class {
        GET() {
          throw web.notfound();
        }
      },
    ]);
    const app = web.application(['/s', sub]);
    app.notfound = () => web.notfound('parent says no');
    for (const r of await both(app, '/s/x')) assert.equal(r.body, 'parent says no', r.via);
    for (const r of await both(app, '/s/missing')) assert.equal(r.body, 'parent says no', r.via);
  });

  it('an invalid status line set by the handler gives 500', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          web.ctx.status = 'nonsense';
          return 'x';
        }
      },
      '/crlf',
      class {
        GET() {
          web.ctx.status = '200 OK\r\nX-Evil: 1';
          return 'x';
        }
      },
    ]);
    for (const path of ['/', '/crlf']) {
      const { result, text } = await captureStderr(() => both(app, path));
      for (const r of result) {
        assert.equal(r.status, '500 Internal Server Error', `${r.via} ${path}`);
        assert.equal(r.header('X-Evil'), undefined, r.via);
      }
      assert.equal(
        (text.match(/Error: invalid response status .*: use a status line such as '201 Created'\n/g) ?? [])
          .length,
        2,
        `the bad status is logged for each path: ${text}`,
      );
    }
  });
});
