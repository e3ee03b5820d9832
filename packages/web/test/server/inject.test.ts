import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

describe('app.request goes through the same handler as a socket', () => {
  it('a 204 sends no body, even when the handler returned one', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          web.ctx.status = '204 No Content';
          return 'ignored';
        }
      },
    ]);
    for (const r of await both(app, '/')) {
      assert.equal(r.statusCode, 204, r.via);
      assert.equal(r.body, '', r.via);
      assert.equal(r.header('Content-Length'), undefined, r.via);
    }
  });

  it('a Content-Length the handler set is sent once, not doubled by webts', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          web.header('Content-Length', '5');
          return 'hello';
        }
      },
    ]);
    for (const r of await both(app, '/')) {
      assert.equal(r.header('Content-Length'), '5', r.via);
      assert.equal(r.body, 'hello', r.via);
    }
  });

  it('a known body gets the Content-Length the wire carries', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          return 'héllo';
        }
      },
    ]);
    for (const r of await both(app, '/')) assert.equal(r.header('Content-Length'), '6', r.via);
  });

  it('repeated headers stay separate lines, in order', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          web.header('X-Seen', 'a');
          web.setcookie('one', '1');
          web.header('X-Seen', 'b');
          web.setcookie('two', '2');
          return '';
        }
      },
    ]);
    for (const r of await both(app, '/')) {
      assert.deepEqual(
        r.headerList.filter(([n]) => /^(x-seen|set-cookie)$/i.test(n)).map(([, v]) => v),
        ['a', 'one=1; Path=/', 'b', 'two=2; Path=/'],
        r.via,
      );
    }
  });

  it('a header value Node refuses is a 500, not sent', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          web.ctx.headers.push(['X-Bad', 'caf\u00e9\u2603']);
          return 'x';
        }
      },
    ]);
    const { text } = await captureStderr(async () => {
      for (const r of await both(app, '/')) assert.equal(r.statusCode, 500, r.via);
    });
    assert.match(text, /Invalid character in header content \["X-Bad"\]/);
  });

  it('a body over web.config.max_body_size is refused before the app runs, as on the wire', async () => {
    let ran = false;
    const app = web.application([
      '/',
      class {
        POST() {
          ran = true;
          return 'ok';
        }
      },
    ]);
    const saved = web.config.max_body_size;
    web.config.max_body_size = 4;
    try {
      for (const r of await both(app, '/', { method: 'POST', body: 'too long' })) {
        assert.equal(r.statusCode, 413, r.via);
        assert.equal(r.header('Connection'), 'close', r.via);
      }
    } finally {
      web.config.max_body_size = saved;
    }
    assert.equal(ran, false);
  });

  it('a stream that fails after its first chunk rejects: the response was cut off', async () => {
    const app = web.application([
      '/',
      class {
        *GET() {
          yield 'first';
          throw new Error('mid-stream');
        }
      },
    ]);
    const { text } = await captureStderr(() =>
      assert.rejects(app.request('/'), /cut off after its status line/),
    );
    assert.match(text, /mid-stream/);
  });

  it('the path and method reach the app as written, without URL normalisation', async () => {
    const app = web.application([
      '/(.*)',
      class {
        GET(rest: string) {
          return `${web.ctx.method} ${rest} ${web.ctx.fullpath}`;
        }
      },
    ]);
    const r = await app.request('/a/../b?x=1');
    assert.equal(r.data, 'GET a/../b /a/../b?x=1');
  });
});
