import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both, httpRequest, withServer } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

class Index {
  GET() {
    return 'hello';
  }
}

describe('web.application urls and targets', () => {
  it('maps names through an object mapping', async () => {
    const app = web.application(['/', 'Index'], { Index });
    for (const r of await both(app, '/')) {
      assert.equal(r.status, '200 OK', r.via);
      assert.equal(r.body, 'hello', r.via);
    }
  });

  it('is callable with and without new', async () => {
    const a = web.application(['/', 'Index'], { Index });
    const b = new web.application(['/', 'Index'], { Index });
    assert.equal((await a.request('/')).data, 'hello');
    assert.equal((await b.request('/')).data, 'hello');
  });

  it('takes a function returning the mapping, so classes can be declared after the app', async () => {
    const app = web.application(['/', 'Later'], () => ({ Later }));
    class Later {
      GET() {
        return 'later';
      }
    }
    for (const r of await both(app, '/')) assert.equal(r.body, 'later', r.via);
  });

  it('takes class objects directly in urls', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          return 'direct';
        }
      },
    ]);
    for (const r of await both(app, '/')) assert.equal(r.body, 'direct', r.via);
  });

  it('resolves dotted names through nested objects', async () => {
    const app = web.application(['/', 'pages.Index'], { pages: { Index } });
    assert.equal((await app.request('/')).data, 'hello');
  });

  it('names a missing class when the app is built (eager mapping)', () => {
    assert.throws(
      () => web.application(['/', 'Index', '/x', 'Missing'], { Index }),
      /no class named 'Missing'/,
    );
  });

  it('names a missing class at listen and on every request (lazy mapping)', async () => {
    const app = web.application(['/', 'Missing'], () => ({ Index }));
    await assert.rejects(app.listen(0, '127.0.0.1'), /no class named 'Missing'/);
    await assert.rejects(app.listen(0, '127.0.0.1'), /no class named 'Missing'/);
    const { result: r, text } = await captureStderr(() => app.request('/'));
    assert.equal(r.status, '500 Internal Server Error');
    assert.match(
      text,
      /urls maps "\/" to 'Missing', but the mapping has no class named 'Missing'/,
      'and logged',
    );
  });

  it('rejects an odd urls list, naming the pattern without a target', () => {
    assert.throws(() => web.application(['/', 'Index', '/x'], { Index }), /"\/x" has no target/);
  });

  it("'redirect /other' answers 301 and keeps the query on GET only", async () => {
    const app = web.application(['/old', 'redirect /new', '/new', 'Index'], { Index });
    for (const r of await both(app, '/old?a=1&b=2')) {
      assert.equal(r.status, '301 Moved Permanently', r.via);
      assert.equal(r.header('Location'), 'http://0.0.0.0:8080/new?a=1&b=2', r.via);
    }
    for (const r of await both(app, '/old?a=1', { method: 'POST' }))
      assert.equal(r.header('Location'), 'http://0.0.0.0:8080/new', r.via);
  });

  it('substitutes \\1 group references in target names and redirects', async () => {
    class page_foo {
      GET() {
        return 'foo page';
      }
    }
    class page_bar {
      GET(which: string) {
        return `bar page ${which}`;
      }
    }
    const app = web.application(['/p/(foo|bar)', 'page_\\1', '/r/(.*)', 'redirect /p/\\1'], {
      page_foo,
      page_bar,
    });
    for (const r of await both(app, '/p/foo')) assert.equal(r.body, 'foo page', r.via);
    for (const r of await both(app, '/p/bar')) assert.equal(r.body, 'bar page bar', r.via);
    for (const r of await both(app, '/r/bar'))
      assert.equal(r.header('Location'), 'http://0.0.0.0:8080/p/bar');
  });

  it('calls a plain function target with no arguments', async () => {
    const app = web.application(['/f/(.*)', (...args: unknown[]) => `args=${args.length}`]);
    for (const r of await both(app, '/f/x')) assert.equal(r.body, 'args=0', r.via);
  });

  it('mounts a sub-application at its prefix, adjusts homepath and restores it after', async () => {
    const seen: string[] = [];
    class Show {
      GET(rest?: string) {
        return `${web.ctx.homepath}|${web.ctx.path}|${web.ctx.fullpath}|${web.ctx.home}|${rest ?? ''}`;
      }
    }
    const blog = web.application(['', 'Show', '/(.*)', 'Show'], { Show });
    const app = web.application(['/blog', blog, '/', 'Index'], { Index });
    app.add_processor((handler) => {
      const result = handler();
      seen.push(`${web.ctx.homepath}|${web.ctx.path}`);
      return result;
    });
    for (const r of await both(app, '/blog/post/1?x=1')) {
      assert.equal(r.body, '/blog|/post/1|/post/1?x=1|http://0.0.0.0:8080/blog|post/1', r.via);
    }
    for (const r of await both(app, '/blog'))
      assert.equal(r.body, '/blog|||http://0.0.0.0:8080/blog|', r.via);
    assert.deepEqual(seen, ['|/blog/post/1', '|/blog/post/1', '|/blog', '|/blog']);
  });

  it('sub-application redirects are relative to its mount point', async () => {
    const sub = web.application([
      '/go',
      class {
        GET() {
          throw web.seeother('/y');
        }
      },
      '/abs',
      class {
        GET() {
          throw new web.SeeOther('/y', true);
        }
      },
    ]);
    const app = web.application(['/sub', sub]);
    for (const r of await both(app, '/sub/go'))
      assert.equal(r.header('Location'), 'http://0.0.0.0:8080/sub/y');
    for (const r of await both(app, '/sub/abs')) assert.equal(r.header('Location'), 'http://0.0.0.0:8080/y');
  });
});

describe('patterns', () => {
  class Args {
    GET(...args: unknown[]) {
      return JSON.stringify(args.map((a) => (a === undefined ? '<undefined>' : a)));
    }
  }

  it('are anchored at both ends', async () => {
    const app = web.application(['/a', 'Args', '/b/(\\d+)', 'Args'], { Args });
    for (const path of ['/a/', '/ab', '/x/a', '/b/12x', '/b/x12'])
      for (const r of await both(app, path)) assert.equal(r.statusCode, 404, `${r.via} ${path}`);
  });

  it('pass capture groups as positional strings, an unmatched optional group as undefined', async () => {
    const app = web.application(['/o/(\\d+)?', 'Args', '/t/(\\w+)/(\\d+)', 'Args'], { Args });
    for (const r of await both(app, '/o/')) assert.equal(r.body, '["<undefined>"]', r.via);
    for (const r of await both(app, '/o/5')) assert.equal(r.body, '["5"]', r.via);
    for (const r of await both(app, '/t/ab/7')) assert.equal(r.body, '["ab","7"]', r.via);
  });

  it('accept Python named groups (?P<name>…)', async () => {
    const app = web.application(['/n/(?P<id>\\d+)', 'Args'], { Args });
    assert.equal((await app.request('/n/3')).data, '["3"]');
  });

  it('take path-to-regexp /users/:id and /files/*path', async () => {
    const app = web.application(['/users/:id', 'Args', '/files/*path', 'Args'], { Args });
    for (const r of await both(app, '/users/42')) assert.equal(r.body, '["42"]', r.via);
    for (const r of await both(app, '/users/42/')) assert.equal(r.statusCode, 404, r.via);
    for (const r of await both(app, '/files/a/b.txt')) assert.equal(r.body, '["a/b.txt"]', r.via);
  });

  it('tell regex from path-to-regexp by the isParamPattern rule', async () => {
    const { isParamPattern } = await import('../../src/core/router.js');
    assert.equal(isParamPattern('/(.*)'), false);
    assert.equal(isParamPattern('/:id'), true);
    assert.equal(isParamPattern('/files/*path'), true);
    assert.equal(isParamPattern('/a:b'), false);
    assert.equal(isParamPattern('/\\:x'), false);
    const app = web.application(['/a:b', 'Args', '/\\:x', 'Args', '/(.*)', 'Args'], { Args });
    assert.equal((await app.request('/a:b')).data, '[]');
    assert.equal((await app.request('/:x')).data, '[]');
    assert.equal((await app.request('/anything')).data, '["anything"]');
  });

  it('refuse a pattern mixing :params and regex groups with a clear message', () => {
    assert.throws(() => web.application(['/users/:id/(\\d+)', 'Args'], { Args }), /mixes path-to-regexp/);
  });

  it('refuse catastrophic-backtracking patterns when the app is built', () => {
    for (const p of ['(a+)+$', '/(.*)*', '/((ab)*)+', '/(\\w+\\s?)*'])
      assert.throws(() => web.application([p, 'Args'], { Args }), /nests a repeated group/, p);
    assert.doesNotThrow(() => web.application(['/(a+)', 'Args', '/(ab){2}', 'Args'], { Args }));
  });

  it('refuse an invalid regular expression with the pattern in the message', () => {
    assert.throws(() => web.application(['/(', 'Args'], { Args }), /route pattern "\/\(" is not a valid/);
  });

  it('try urls in order, first match wins', async () => {
    const app = web.application(['/x', 'Index', '/(.*)', 'Args'], { Index, Args });
    assert.equal((await app.request('/x')).data, 'hello');
    assert.equal((await app.request('/y')).data, '["y"]');
  });
});

describe('handlers', () => {
  it('get a new instance per request', async () => {
    let made = 0;
    class Counter {
      n = ++made;
      GET() {
        return String(this.n);
      }
    }
    const app = web.application(['/', 'Counter'], { Counter });
    assert.equal((await app.request('/')).data, '1');
    assert.equal((await app.request('/')).data, '2');
  });

  it('may be async', async () => {
    const app = web.application([
      '/',
      class {
        async GET() {
          await new Promise((r) => setTimeout(r, 5));
          return 'later';
        }
      },
    ]);
    for (const r of await both(app, '/')) assert.equal(r.body, 'later', r.via);
  });

  it('string bodies are text/html; charset=utf-8 unless a Content-Type was set', async () => {
    const app = web.application([
      '/',
      Index,
      '/t',
      class {
        GET() {
          web.header('Content-Type', 'text/plain');
          return 'plain';
        }
      },
    ]);
    for (const r of await both(app, '/')) assert.equal(r.header('Content-Type'), 'text/html; charset=utf-8');
    for (const r of await both(app, '/t')) assert.equal(r.header('Content-Type'), 'text/plain', r.via);
  });

  it('return Buffer and Uint8Array bytes as they are', async () => {
    const app = web.application([
      '/b',
      class {
        GET() {
          return Buffer.from('bytes');
        }
      },
      '/u',
      class {
        GET() {
          return new Uint8Array([104, 105]);
        }
      },
    ]);
    for (const r of await both(app, '/b')) {
      assert.equal(r.body, 'bytes', r.via);
      assert.equal(r.header('Content-Type'), undefined, r.via);
    }
    for (const r of await both(app, '/u')) assert.equal(r.body, 'hi', r.via);
  });

  it('stream iterables and async iterables, chunked on the wire', async () => {
    const app = web.application([
      '/g',
      class {
        *GET() {
          yield 'a';
          yield 3;
          yield Buffer.from('b');
        }
      },
      '/ag',
      class {
        async *GET() {
          yield 'x';
          await new Promise((r) => setTimeout(r, 5));
          yield 'y';
        }
      },
    ]);
    for (const r of await both(app, '/g')) assert.equal(r.body, 'a3b', r.via);
    for (const r of await both(app, '/ag')) {
      assert.equal(r.body, 'xy', r.via);
      assert.equal(r.header('Content-Type'), 'text/html; charset=utf-8', `${r.via}: a text stream is HTML`);
    }
    await withServer(app, async ({ port }) => {
      const r = await httpRequest(port, '/ag');
      assert.equal(r.header('Transfer-Encoding'), 'chunked');
      assert.equal(r.header('Content-Length'), undefined);
    });
  });

  it('null and undefined give an empty body', async () => {
    const app = web.application([
      '/n',
      class {
        GET() {
          return null;
        }
      },
      '/u',
      class {
        GET() {}
      },
    ]);
    for (const path of ['/n', '/u'])
      for (const r of await both(app, path)) {
        assert.equal(r.statusCode, 200, r.via);
        assert.equal(r.body, '', r.via);
      }
  });

  it('plain objects and arrays become JSON', async () => {
    const app = web.application([
      '/o',
      class {
        GET() {
          return { a: 1, b: ['x'] };
        }
      },
      '/a',
      class {
        GET() {
          return [1, 2];
        }
      },
    ]);
    for (const r of await both(app, '/o')) {
      assert.deepEqual(JSON.parse(r.body), { a: 1, b: ['x'] }, r.via);
      assert.equal(r.header('Content-Type'), 'application/json; charset=utf-8', r.via);
    }
    for (const r of await both(app, '/a')) assert.equal(r.body, '[1,2]', r.via);
  });

  it('HEAD falls back to GET and sends no body', async () => {
    const app = web.application(['/', 'Index'], { Index });
    for (const r of await both(app, '/', { method: 'HEAD' })) {
      assert.equal(r.statusCode, 200, r.via);
      assert.equal(r.body, '', r.via);
    }
  });

  it('a missing method is 405 with Allow listing every method of the class (+HEAD with GET)', async () => {
    class Many {
      GET() {
        return '';
      }
      POST() {
        return '';
      }
      PATCH() {
        return '';
      }
      PROPFIND() {
        return '';
      }
    }
    const app = web.application(['/', 'Many'], { Many });
    for (const r of await both(app, '/', { method: 'DELETE' })) {
      assert.equal(r.status, '405 Method Not Allowed', r.via);
      assert.equal(r.header('Allow'), 'GET, HEAD, POST, PATCH, PROPFIND', r.via);
      assert.equal(r.body, 'method not allowed', r.via);
    }
  });

  it('any method the class has works, e.g. PATCH and OPTIONS', async () => {
    const app = web.application([
      '/',
      class {
        PATCH() {
          return 'patched';
        }
        OPTIONS() {
          return 'options';
        }
      },
    ]);
    for (const r of await both(app, '/', { method: 'PATCH' })) assert.equal(r.body, 'patched', r.via);
    for (const r of await both(app, '/', { method: 'OPTIONS' })) assert.equal(r.body, 'options', r.via);
  });

  it('no match is 404 not found', async () => {
    const app = web.application(['/', 'Index'], { Index });
    for (const r of await both(app, '/nothing/here')) {
      assert.equal(r.status, '404 Not Found', r.via);
      assert.equal(r.body, 'not found', r.via);
      assert.equal(r.header('Content-Type'), 'text/html; charset=utf-8', r.via);
    }
  });

  it('ctx.status set by the handler is the status line sent', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          web.ctx.status = '201 Created';
          return 'made';
        }
      },
    ]);
    for (const r of await both(app, '/')) assert.equal(r.status, '201 Created', r.via);
  });
});
