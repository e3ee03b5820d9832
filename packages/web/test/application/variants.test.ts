import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both, httpRequest } from '../helpers/http.js';

describe('web.auto_application', () => {
  it('app.page registers a class at /name, or at its static path; path = null registers nothing', async () => {
    const app = web.auto_application();
    app.page(
      class hello {
        GET() {
          return 'hello, world';
        }
      },
    );
    app.page(
      class foo {
        static path = '/foo/.*';
        GET() {
          return 'foo';
        }
      },
    );
    app.page(
      class base {
        static path = null;
        GET() {
          return 'base';
        }
      },
    );
    const expected: [string, string, string][] = [
      ['/hello', '200 OK', 'hello, world'],
      ['/foo/bar', '200 OK', 'foo'],
      ['/base', '404 Not Found', 'not found'],
      ['/foo', '404 Not Found', 'not found'],
    ];
    for (const [path, status, body] of expected) {
      for (const r of await both(app, path)) {
        assert.equal(r.status, status, `${path} ${r.via}`);
        assert.equal(r.body, body, `${path} ${r.via}`);
      }
    }
  });

  it('works with new as well, and rejects what is not a class', () => {
    const app = new web.auto_application();
    assert.throws(() => app.page('x' as never), /expects a handler class/);
  });
});

describe('web.subdir_application', () => {
  it('is an application mounted under a prefix of another (homepath set)', async () => {
    const blog = web.subdir_application([
      '/(.*)',
      class {
        GET(rest: string) {
          return `${web.ctx.homepath}|${web.ctx.path}|${rest}`;
        }
      },
    ]);
    const app = web.application(['/blog', blog]);
    for (const r of await both(app, '/blog/post/1')) assert.equal(r.body, '/blog|/post/1|post/1', r.via);
  });
});

describe('web.subdomain_application', () => {
  class Hi {
    GET(user?: string) {
      return `hi ${user ?? web.ctx.host}`;
    }
  }
  const sub = web.application(['/hello', Hi]);
  const app = web.subdomain_application(
    ['hello\\.example\\.com', sub, '(.*)\\.users\\.example\\.com', 'Hi'],
    {
      Hi,
    },
  );

  it('picks the application by host, with or without a port', async () => {
    for (const host of ['hello.example.com', 'hello.example.com:8080']) {
      for (const r of await both(app, '/hello', { headers: { host } })) {
        assert.equal(r.status, '200 OK', `${host} ${r.via}`);
        assert.equal(r.body, `hi ${host}`, `${host} ${r.via}`);
      }
    }
  });

  it('a host no pattern matches is 404 not found', async () => {
    for (const r of await both(app, '/hello', { headers: { host: 'x.example.com' } })) {
      assert.equal(r.status, '404 Not Found', r.via);
      assert.equal(r.body, 'not found', r.via);
    }
  });

  it('groups of the host pattern are the handler arguments; patterns are anchored', async () => {
    for (const r of await both(app, '/any', { headers: { host: 'bob.users.example.com' } }))
      assert.equal(r.body, 'hi bob', r.via);
    for (const r of await both(app, '/hello', { headers: { host: 'evil.com.hello.example.com.evil' } }))
      assert.equal(r.status, '404 Not Found', r.via);
  });
});

describe('web.autodelegate', () => {
  class Prefs {
    GET = web.autodelegate('GET_');
    GET_password(rest?: string) {
      return `pw${rest === undefined ? '' : ` ${rest}`}`;
    }
    GET_privacy() {
      return 'privacy';
    }
  }
  const app = web.application(['/prefs/(.*)', Prefs]);

  it('dispatches /prefs/x to GET_x, the rest of the path as an argument', async () => {
    const expected: [string, string][] = [
      ['/prefs/password', 'pw'],
      ['/prefs/password/change', 'pw /change'],
      ['/prefs/privacy', 'privacy'],
    ];
    for (const [path, body] of expected)
      for (const r of await both(app, path)) assert.equal(r.body, body, r.via);
  });

  it('an unknown name, constructor or an Object.prototype name is 404 and the app keeps serving', async () => {
    const plain = web.application([
      '/p/(.*)',
      class {
        GET = web.autodelegate();
        ok() {
          return 'ok';
        }
      },
    ]);
    for (const path of ['/p/nope', '/p/constructor', '/p/toString', '/p/__proto__', '/p/GET']) {
      for (const r of await both(plain, path)) {
        assert.equal(r.status, '404 Not Found', `${path} ${r.via}`);
        assert.equal(r.body, 'not found', `${path} ${r.via}`);
      }
    }
    for (const r of await both(plain, '/p/ok')) assert.equal(r.body, 'ok', r.via);
  });

  it('more path than the method takes is 404 as in web.py; a parameter with a default, a rest or an arrow takes it', async () => {
    const app = web.application([
      '/p/(.*)',
      class {
        GET = web.autodelegate('GET_');
        GET_none() {
          return 'none';
        }
        GET_default(rest = '/') {
          return `default ${rest}`;
        }
        GET_rest(...rest: string[]) {
          return `rest ${rest.join()}`;
        }
        GET_arrow = (rest: string) => `arrow ${rest}`;
      },
    ]);
    const expected: [string, string, string][] = [
      ['/p/none', '200 OK', 'none'],
      ['/p/none/extra', '404 Not Found', 'not found'],
      ['/p/default', '200 OK', 'default /'],
      ['/p/default/x', '200 OK', 'default /x'],
      ['/p/rest/x', '200 OK', 'rest /x'],
      ['/p/arrow/x', '200 OK', 'arrow /x'],
    ];
    for (const [path, status, body] of expected) {
      for (const r of await both(app, path)) {
        assert.equal(r.status, status, `${path} ${r.via}`);
        assert.equal(r.body, body, `${path} ${r.via}`);
      }
    }
  });
});

describe('app.request(path, { env })', () => {
  it('SCRIPT_NAME is the homepath, REMOTE_ADDR the ip, HTTPS on, HTTP_* headers, the rest in ctx.env', async () => {
    const app = web.application([
      '/env',
      class {
        GET() {
          return JSON.stringify([
            web.ctx.homepath,
            web.ctx.home,
            web.ctx.ip,
            web.ctx.protocol,
            web.ctx.env.HTTP_X_A,
            web.ctx.env.CUSTOM,
            web.url('/p'),
          ]);
        }
      },
    ]);
    const r = await app.request('/env', {
      env: { SCRIPT_NAME: '/mnt', REMOTE_ADDR: '10.1.2.3', HTTP_X_A: 'xa', CUSTOM: 'c' },
    });
    assert.deepEqual(JSON.parse(r.data), [
      '/mnt',
      'http://0.0.0.0:8080/mnt',
      '10.1.2.3',
      'http',
      'xa',
      'c',
      '/mnt/p',
    ]);
    const secure = await app.request('/env', { env: { HTTPS: 'on' } });
    assert.equal(JSON.parse(secure.data)[3], 'https');
  });
});

describe('web.ctx.output', () => {
  it("is '' during a request, as web.py sets it", async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          return JSON.stringify(web.ctx.output);
        }
      },
    ]);
    for (const r of await both(app, '/')) assert.equal(r.body, '""', r.via);
  });
});

describe('app.wsgifunc() and web.httpserver.runsimple', () => {
  const app = web.application([
    '/',
    class {
      GET() {
        return 'served';
      }
    },
  ]);

  it('wsgifunc() is a (req, res) function any node:http server can call', async () => {
    const server = createServer(app.wsgifunc());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const r = await httpRequest((server.address() as AddressInfo).port, '/');
      assert.equal(r.body, 'served');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('runsimple(func, [host, port]) serves it, prints the address and logs requests', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const [stdout, stderr] = [process.stdout.write, process.stderr.write];
    // Only the banner is taken: the test runner talks to its parent over stdout too.
    process.stdout.write = ((c: string | Uint8Array, ...rest: never[]) =>
      typeof c === 'string' && c.startsWith('http://127.0.0.1:')
        ? out.push(c) > 0
        : stdout.call(process.stdout, c, ...rest)) as typeof process.stdout.write;
    process.stderr.write = ((c: string) => err.push(String(c)) > 0) as typeof process.stderr.write;
    let server: import('node:http').Server | undefined;
    try {
      server = await web.httpserver.runsimple(app.wsgifunc(), ['127.0.0.1', 0]);
      const { port } = server.address() as AddressInfo;
      const r = await httpRequest(port, '/');
      assert.equal(r.body, 'served');
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(out.join(''), `http://127.0.0.1:${port}/\n`);
      assert.match(err.join(''), /"HTTP\/1\.1 GET \/" - 200 OK/);
      assert.equal(web.runsimple, web.httpserver.runsimple);
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
  });
});

describe('app.stop()', () => {
  it('closes the servers listen() started; the port no longer answers', async () => {
    const app = web.application([
      '/',
      class {
        GET() {
          return 'up';
        }
      },
    ]);
    const server = await app.listen(0, '127.0.0.1', { static: false });
    const { port } = server.address() as AddressInfo;
    assert.equal((await httpRequest(port, '/', { headers: { connection: 'close' } })).body, 'up');
    await app.stop();
    assert.equal(server.listening, false);
    await assert.rejects(httpRequest(port, '/'), /ECONNREFUSED/);
    await app.stop(); // a second stop is harmless
  });
});
