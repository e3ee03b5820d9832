import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both, httpRequest, type Running, rawRequest, withServer } from '../helpers/http.js';

class Echo {
  GET(rest: string) {
    return JSON.stringify({ rest, input: { ...web.input() }, cookies: { ...web.cookies() } });
  }
  POST(rest: string) {
    return JSON.stringify({ rest, input: { ...web.input() }, size: web.data().length });
  }
}

const app = () => web.application(['/(.*)', 'Echo'], { Echo });

/** After each hostile request the same server must still answer a normal one. */
async function stillServing({ port }: Running): Promise<void> {
  const r = await httpRequest(port, '/ok?fine=1');
  assert.equal(r.statusCode, 200);
  assert.deepEqual(JSON.parse(r.body).input, { fine: '1' });
}

const get = (target: string, extra = '') =>
  `GET ${target} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`;

/** Silence the error log for tests that provoke errors on purpose. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const original = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await fn();
  } finally {
    process.stderr.write = original;
  }
}

describe('hostile input', () => {
  it('malformed percent-encoding in path and query stays as written, never 500', async () => {
    for (const r of await both(app(), '/a%zz%/%C3%28%?q=%zz&%=1&r=%E0%A4%A')) {
      assert.equal(r.statusCode, 200, r.via);
      const { rest, input } = JSON.parse(r.body);
      assert.ok(rest.startsWith('a%zz%/'), `${r.via}: ${rest}`);
      assert.equal(input.q, '%zz', r.via);
    }
    await withServer(app(), async (s) => {
      const raw = await rawRequest(s.port, get('/%zz?q=%zz%'));
      assert.equal(raw.statusCode, 200);
      assert.deepEqual(JSON.parse(raw.body), { rest: '%zz', input: { q: '%zz%' }, cookies: {} });
      await stillServing(s);
    });
  });

  it('malformed cookies and duplicate cookie names never 500', async () => {
    await withServer(app(), async (s) => {
      for (const cookie of [
        'a=%zz',
        '=;=;;',
        'sid=1; sid=2',
        'x="',
        '\u00ff=\u00fe',
        `big=${'x'.repeat(4000)}`,
      ]) {
        const raw = await rawRequest(s.port, Buffer.from(get('/', `Cookie: ${cookie}\r\n`), 'latin1'));
        assert.equal(raw.statusCode, 200, cookie);
        if (cookie.startsWith('sid')) assert.equal(JSON.parse(raw.body).cookies.sid, '1');
      }
      await stillServing(s);
    });
  });

  it('a body over web.config.max_body_size is 413 (declared, chunked, and through app.request)', async () => {
    const before = web.config.max_body_size;
    web.config.max_body_size = 100;
    try {
      const big = 'a='.concat('x'.repeat(200));
      for (const r of await both(app(), '/', { method: 'POST', body: big })) {
        assert.equal(r.statusCode, 413, r.via);
      }
      await withServer(app(), async (s) => {
        const declared = await rawRequest(
          s.port,
          `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n${big}`,
        );
        assert.equal(declared.statusCode, 413);
        const chunk = 'x'.repeat(150);
        const chunked = await rawRequest(
          s.port,
          `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
        );
        assert.equal(chunked.statusCode, 413);
        const small = await httpRequest(s.port, '/', { method: 'POST', body: 'a=1' });
        assert.equal(JSON.parse(small.body).input.a, '1');
        await stillServing(s);
      });
    } finally {
      web.config.max_body_size = before;
    }
  });

  it('malformed multipart is 400', async () => {
    await withServer(app(), async (s) => {
      const body = '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nno closing boundary';
      const raw = await rawRequest(
        s.port,
        `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      assert.equal(raw.statusCode, 400);
      assert.match(raw.body, /malformed multipart/);
      await stillServing(s);
    });
  });

  it('a slow client that never finishes its body gets 408', async () => {
    const before = web.config.body_timeout;
    web.config.body_timeout = 150;
    try {
      await withServer(app(), async (s) => {
        const raw = await rawRequest(
          s.port,
          'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a bit',
          {
            idleMs: 3000,
          },
        );
        assert.equal(raw.statusCode, 408);
        assert.match(raw.raw, /\r\nConnection: close\r\n/i);
        assert.equal(raw.endedBy, 'server', 'the server closed the connection (not our 3 s idle wait)');
        await stillServing(s);
      });
    } finally {
      web.config.body_timeout = before;
    }
  });

  it('a client that hangs up in the middle of its body does not disturb the server', async () => {
    await withServer(app(), async (s) => {
      await new Promise<void>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: s.port }, () => {
          socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial');
        });
        // Hang up once the server has the request and is reading its body.
        s.server.once('request', () => {
          socket.destroy();
          resolve();
        });
      });
      await stillServing(s);
    });
  });

  it('unknown and lower-case methods are refused without a 500', async () => {
    for (const method of ['FOO', 'get'])
      for (const r of (await both(app(), '/', { method })).slice(0, 1)) {
        assert.equal(r.status, '405 Method Not Allowed', `${r.via} ${method}`);
        assert.equal(r.header('Allow'), 'GET, HEAD, POST', r.via);
      }
    await withServer(app(), async (s) => {
      for (const method of ['FOO', 'get', 'G\u00c9T']) {
        const raw = await rawRequest(
          s.port,
          Buffer.from(`${method} / HTTP/1.1\r\nHost: x\r\n\r\n`, 'latin1'),
        );
        // Node's HTTP parser refuses methods it does not know before the app sees them.
        assert.ok(raw.statusCode === 400 || raw.statusCode === 405, `${method}: ${raw.statusLine}`);
      }
      // A method Node knows but the class lacks reaches the app: 405 with Allow.
      const purge = await rawRequest(s.port, 'PURGE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      assert.equal(purge.statusCode, 405);
      await stillServing(s);
    });
  });

  it('very long URLs are 414', async () => {
    const long = `/${'a'.repeat(web.config.max_url_length + 10)}`;
    for (const r of await both(app(), long)) assert.equal(r.statusCode, 414, r.via);
    await withServer(app(), async (s) => {
      const raw = await rawRequest(s.port, get(`/x?q=${'b'.repeat(web.config.max_url_length)}`));
      assert.equal(raw.statusCode, 414);
      await stillServing(s);
    });
  });

  it('odd request targets (absolute-form, *, no slash) are answered, never 500', async () => {
    await withServer(app(), async (s) => {
      const absolute = await rawRequest(s.port, get('http://example.com/abs?q=1'));
      assert.equal(absolute.statusCode, 200);
      assert.equal(JSON.parse(absolute.body).rest, 'abs');
      const star = await rawRequest(s.port, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      assert.equal(star.statusCode, 400);
      await stillServing(s);
    });
  });

  it('a result that cannot become a body (BigInt, a cycle, a bad chunk) is a 500 and the server lives on', async () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const unserialisable = web.application(
      [
        '/bigint',
        class {
          GET() {
            return { n: 1n };
          }
        },
        '/cycle',
        class {
          async GET() {
            return cycle;
          }
        },
        '/chunk',
        class {
          *GET() {
            yield {
              toString() {
                throw new Error('no text for this chunk');
              },
            };
          }
        },
        '/(.*)',
        'Echo',
      ],
      { Echo },
    );
    await quietly(async () => {
      for (const path of ['/bigint', '/cycle', '/chunk'])
        for (const r of await both(unserialisable, path)) assert.equal(r.statusCode, 500, `${r.via} ${path}`);
      await withServer(unserialisable, stillServing);
    });
  });

  it('a handler error after streaming started cuts the connection; the next request is fine', async () => {
    const streaming = web.application(
      [
        '/stream',
        class {
          *GET() {
            yield 'first';
            throw new Error('mid-stream');
          }
        },
        '/(.*)',
        'Echo',
      ],
      { Echo },
    );
    await quietly(() =>
      withServer(streaming, async (s) => {
        const raw = await rawRequest(s.port, get('/stream'));
        assert.equal(raw.statusCode, 200);
        assert.match(raw.body, /first/);
        assert.ok(!raw.raw.endsWith('0\r\n\r\n'), 'the chunked body must not look complete');
        await stillServing(s);
      }),
    );
  });
});
