import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import web from '../../src/index.js';
import { httpRequest, rawRequest } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

class Ctx {
  GET() {
    return JSON.stringify({
      homepath: web.ctx.homepath,
      path: web.ctx.path,
      home: web.ctx.home,
      realhome: web.ctx.realhome,
    });
  }
}
class Go {
  GET() {
    throw web.seeother('/there');
  }
}
class Cookie {
  GET() {
    web.setcookie('c', '1');
    return 'set';
  }
}
class Body {
  POST() {
    return JSON.stringify({ data: web.data().toString(), input: { ...web.input() } });
  }
}
class Missing {
  GET() {
    throw web.notfound('webts says no');
  }
}
const webApp = () =>
  web.application(['/ctx', 'Ctx', '/go', 'Go', '/cookie', 'Cookie', '/body', 'Body', '/missing', 'Missing'], {
    Ctx,
    Go,
    Cookie,
    Body,
    Missing,
  });

async function serving<T>(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  fn: (port: number) => Promise<T>,
): Promise<T> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await fn((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('app.handler inside express', () => {
  it('honours the mount path (req.baseUrl) for homepath, redirects and cookie paths', async () => {
    const outer = express();
    outer.use('/py', webApp().handler);
    await serving(outer, async (port) => {
      const ctx = await httpRequest(port, '/py/ctx', { headers: { host: 'example.com' } });
      assert.deepEqual(JSON.parse(ctx.body), {
        homepath: '/py',
        path: '/ctx',
        home: 'http://example.com/py',
        realhome: 'http://example.com/py',
      });
      const go = await httpRequest(port, '/py/go', { headers: { host: 'example.com' } });
      assert.equal(go.statusCode, 303);
      assert.equal(go.header('Location'), 'http://example.com/py/there');
      const cookie = await httpRequest(port, '/py/cookie');
      assert.equal(cookie.header('Set-Cookie'), 'c=1; Path=/py/');
    });
  });

  it('odd paths under the mount reach the app decoded as on its own server, and it keeps serving', async () => {
    class Any {
      GET() {
        return JSON.stringify({ path: web.ctx.path, homepath: web.ctx.homepath });
      }
    }
    const outer = express();
    outer.use('/py', web.application(['/(.*)', 'Any'], { Any }).handler);
    outer.use((_req, res) => {
      res.status(404).send('express 404');
    });
    await serving(outer, async (port) => {
      const cases: [string, number, string][] = [
        ['/py/..%2f..%2fctx', 200, '{"path":"/..%2F..%2Fctx","homepath":"/py"}'],
        ['/py/../x', 200, '{"path":"/../x","homepath":"/py"}'],
        ['/py/%00', 200, '{"path":"/\\u0000","homepath":"/py"}'],
        ['/py/%FF', 200, '{"path":"/ÿ","homepath":"/py"}'],
        ['/py//x', 200, '{"path":"//x","homepath":"/py"}'],
        ['/py', 200, '{"path":"/","homepath":"/py"}'],
        // An encoded slash is not the mount path's slash: express passes it on.
        ['/py%2Fx', 404, 'express 404'],
      ];
      for (const [path, status, body] of cases) {
        const r = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n`);
        assert.equal(r.statusCode, status, path);
        assert.equal(Buffer.from(r.body, 'latin1').toString('utf8'), body, path);
        assert.equal(JSON.parse((await httpRequest(port, '/py/ok')).body).path, '/ok');
      }
    });
  });

  it('falls through to the next middleware for paths it has no route for', async () => {
    const outer = express();
    outer.use('/py', webApp().handler);
    outer.use(webApp().handler);
    outer.get('/elsewhere', (_req, res) => {
      res.send('express route');
    });
    outer.use((_req, res) => {
      res.status(404).send('express 404');
    });
    await serving(outer, async (port) => {
      assert.equal((await httpRequest(port, '/elsewhere')).body, 'express route');
      assert.equal((await httpRequest(port, '/py/nothing-here')).body, 'express 404');
      assert.equal((await httpRequest(port, '/nothing')).body, 'express 404');
      // A route of the app that answers 404 itself is answered, not passed on.
      const missing = await httpRequest(port, '/py/missing');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.body, 'webts says no');
      // Unmounted, the second webts app serves its routes at the root.
      assert.equal(JSON.parse((await httpRequest(port, '/ctx')).body).homepath, '');
    });
  });

  it('takes a body express.json/urlencoded/raw/text already read', async () => {
    const outer = express();
    outer.use('/json', express.json(), webApp().handler);
    outer.use('/form', express.urlencoded(), webApp().handler);
    outer.use('/raw', express.raw({ type: '*/*' }), webApp().handler);
    outer.use('/text', express.text(), webApp().handler);
    await serving(outer, async (port) => {
      const json = await httpRequest(port, '/json/body', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a": [1, 2]}',
      });
      assert.deepEqual(JSON.parse(json.body), { data: '{"a":[1,2]}', input: {} });
      const urlencoded = await httpRequest(port, '/form/body', {
        method: 'POST',
        headers: form,
        body: 'x=1&y=a+b&x=2',
      });
      assert.deepEqual(JSON.parse(urlencoded.body).input, { x: '2', y: 'a b' });
      const raw = await httpRequest(port, '/raw/body', { method: 'POST', headers: form, body: 'r=raw' });
      assert.deepEqual(JSON.parse(raw.body), { data: 'r=raw', input: { r: 'raw' } });
      const text = await httpRequest(port, '/text/body', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hello',
      });
      assert.equal(JSON.parse(text.body).data, 'hello');
    });
  });

  it('a body read elsewhere that cannot be got back is a 500 at once, with the reason logged (never a 408)', async () => {
    const saved = web.config.body_timeout;
    // Were webts to wait for the body, the request would hang far beyond the test's patience.
    web.config.body_timeout = 600_000;
    try {
      const outer = express();
      outer.use('/nested', express.urlencoded({ extended: true }), webApp().handler);
      outer.use(
        '/eaten',
        (req, _res, next) => {
          req.resume();
          req.on('end', () => next());
        },
        webApp().handler,
      );
      await serving(outer, async (port) => {
        const { result, text } = await captureStderr(async () => [
          await httpRequest(port, '/nested/body', { method: 'POST', headers: form, body: 'a[b]=1' }),
          await httpRequest(port, '/eaten/body', { method: 'POST', headers: form, body: 'x=1' }),
        ]);
        for (const r of result) assert.equal(r.statusCode, 500);
        assert.match(text, /already read by another middleware.*req\.body is a nested object/);
        assert.match(text, /already read by another middleware.*req\.body is undefined/);
        assert.match(text, /Mount the webts app before the body parsers/);
        const ok = await httpRequest(port, '/eaten/ctx');
        assert.equal(ok.statusCode, 200);
      });
    } finally {
      web.config.body_timeout = saved;
    }
  });
});

describe('app.handlerAt(prefix) in a plain node server', () => {
  it('strips the prefix itself, sets homepath, and answers 404 (or calls next) outside it', async () => {
    const app = webApp();
    await serving(app.handlerAt('/py'), async (port) => {
      assert.equal(JSON.parse((await httpRequest(port, '/py/ctx')).body).homepath, '/py');
      assert.equal(
        (await httpRequest(port, '/py/go', { headers: { host: 'h' } })).header('Location'),
        'http://h/py/there',
      );
      for (const path of ['/pyx/ctx', '/other', '/', '/p']) {
        const r = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        assert.equal(r.statusCode, 404, path);
      }
      assert.equal((await httpRequest(port, '/py/ctx?x=1')).statusCode, 200);
    });
    let passed = '';
    const handler = app.handlerAt('/py');
    await serving(
      (req, res) =>
        handler(req, res, () => {
          passed = req.url ?? '';
          res.end('passed on');
        }),
      async (port) => {
        assert.equal((await httpRequest(port, '/other')).body, 'passed on');
        assert.equal(passed, '/other');
        assert.equal((await httpRequest(port, '/py/none')).body, 'passed on');
      },
    );
    assert.throws(() => app.handlerAt('py'), /a path such as '\/py'/);
    assert.throws(() => app.handlerAt('/py/'), /no trailing slash/);
  });
});
