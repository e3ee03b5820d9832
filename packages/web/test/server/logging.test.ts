import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { request } from 'node:http';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import web, { type AccessEntry, type LogEntry } from '../../src/index.js';
import { serve } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** GET with raw headers; resolves to status and body. */
function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A latch: `arrive()` n times opens `open`. */
function latch(n: number) {
  let arrive!: () => void;
  let count = 0;
  const open = new Promise<void>((resolve) => {
    arrive = () => {
      if (++count === n) resolve();
    };
  });
  return { open, arrive: () => arrive() };
}

describe('web.config.log: a function gets every entry', () => {
  const entries: LogEntry[] = [];
  const overlap = latch(40);
  let inFlight = 0;
  let most = 0;
  const app = web.application([
    '/fail',
    class {
      GET() {
        throw new Error('the handler broke');
      }
    },
    '/wait/(\\d+)',
    class {
      async GET() {
        inFlight++;
        most = Math.max(most, inFlight);
        overlap.arrive();
        await overlap.open; // every request is in its handler at once
        inFlight--;
        return web.ctx.request_id;
      }
    },
    '/(.*)',
    class {
      GET() {
        return web.ctx.request_id;
      }
    },
  ]);
  web.config.log = (entry) => {
    entries.push(entry);
  };
  after(() => {
    web.config.log = 'webpy';
  });

  it('40 overlapping requests: each sees its own request id, and its access entry carries the same one', async () => {
    const running = await serve(app, { static: false, log: true });
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, n) =>
          get(running.port, `/wait/${n}`, n % 2 === 0 ? { 'X-Request-Id': `req-${n}` } : {}),
        ),
      );
      assert.equal(most, 40, 'the requests overlapped');
      const generated = new Set<string>();
      for (const [n, a] of answers.entries()) {
        assert.equal(a.status, 200);
        if (n % 2 === 0) assert.equal(a.body, `req-${n}`);
        else {
          assert.match(a.body, UUID);
          generated.add(a.body);
        }
      }
      assert.equal(generated.size, 20, 'generated ids are distinct');
      const access = entries.filter((e): e is AccessEntry => e.type === 'access');
      assert.equal(access.length, 40);
      for (const e of access) {
        const n = Number(e.path.split('/')[2]);
        assert.equal(e.request_id, answers[n]?.body, e.path);
        assert.equal(e.method, 'GET');
        assert.equal(e.status, 200);
        assert.equal(e.status_line, '200 OK');
        assert.equal(e.ip, '127.0.0.1');
        assert.equal(e.http, '1.1');
        assert.ok(e.ms >= 0 && Number.isFinite(e.ms));
        assert.ok(!Number.isNaN(Date.parse(e.time)));
      }
    } finally {
      await running.close();
    }
  });

  it('an uncaught error is an error entry with its stack and the request id; the next request is served', async () => {
    entries.length = 0;
    const running = await serve(app, { static: false, log: true });
    try {
      const failed = await get(running.port, '/fail', { 'X-Request-Id': 'boom-1' });
      assert.equal(failed.status, 500);
      const next = await get(running.port, '/after');
      assert.equal(next.status, 200);
      const error = entries.find((e) => e.type === 'error');
      assert.ok(error && error.type === 'error');
      assert.equal(error.request_id, 'boom-1');
      assert.equal(error.message, 'the handler broke');
      assert.equal(error.where, 'GET /fail');
      assert.match(error.stack ?? '', /the handler broke\n\s+at /);
      const codes = entries
        .filter((e): e is AccessEntry => e.type === 'access')
        .map((e) => [e.path, e.status]);
      assert.deepEqual(codes, [
        ['/fail', 500],
        ['/after', 200],
      ]);
    } finally {
      await running.close();
    }
  });

  it('an X-Request-Id that is not plain text of a sane length is replaced by a fresh id', async () => {
    const running = await serve(app, { static: false, log: false });
    try {
      for (const bad of ['a b', 'x'.repeat(201), '<script>', 'id;drop', '']) {
        const a = await get(running.port, '/', { 'X-Request-Id': bad });
        assert.equal(a.status, 200);
        assert.match(a.body, UUID, JSON.stringify(bad));
      }
      assert.equal((await get(running.port, '/', { 'X-Request-Id': 'ok-1.2:3' })).body, 'ok-1.2:3');
    } finally {
      await running.close();
    }
  });

  it('a log function that throws does not take the request with it', async () => {
    web.config.log = () => {
      throw new Error('logger down');
    };
    const running = await serve(app, { static: false, log: true });
    try {
      const { result, text } = await captureStderr(async () => [
        await get(running.port, '/fail'),
        await get(running.port, '/x'),
      ]);
      assert.deepEqual(
        result.map((r) => r.status),
        [500, 200],
      );
      assert.match(text, /web\.config\.log threw: Error: logger down/);
    } finally {
      await running.close();
      web.config.log = (entry) => {
        entries.push(entry);
      };
    }
  });

  it('a value that is not a log setting is refused where it is assigned, and the setting stays', () => {
    const before = web.config.log;
    for (const bad of ['JSON', 'stdout', 1, {}]) {
      assert.throws(
        () => {
          (web.config as unknown as Record<string, unknown>).log = bad;
        },
        { name: 'TypeError', message: /web\.config\.log must be 'webpy', 'json', false or a function/ },
      );
    }
    assert.equal(web.config.log, before);
  });
});

/** `app.run()` in a child process with LOG set; its stderr, and the base URL from its banner. */
async function runApp(log: string) {
  const script = fileURLToPath(new URL('./fixtures/log-app.ts', import.meta.url));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', script, '127.0.0.1:0'],
    { env: { ...process.env, LOG: log, NODE_TEST_CONTEXT: undefined, PORT: undefined } },
  );
  let stderr = '';
  const waiting: { test: (s: string) => boolean; resolve: () => void }[] = [];
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const w of [...waiting]) if (w.test(stderr)) w.resolve();
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return {
    port,
    stderr: () => stderr,
    /** Resolves once stderr matches (the log is written on the next turn of the child's loop). */
    until: (test: (s: string) => boolean) =>
      new Promise<void>((resolve) => {
        if (test(stderr)) resolve();
        else waiting.push({ test, resolve });
      }),
    stop: () =>
      new Promise<number | null>((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

describe('web.config.log under app.run()', () => {
  it("'json': one JSON object per line for requests and errors, with the request id", async () => {
    const app = await runApp('json');
    try {
      const a = await get(app.port, '/page?q=1', { 'X-Request-Id': 'abc-123' });
      assert.equal(a.body, 'abc-123');
      assert.equal((await get(app.port, '/fail', { 'X-Request-Id': 'err-9' })).status, 500);
      await app.until((s) => s.split('\n').filter((l) => l.startsWith('{"type":"access"')).length === 2);
      const lines = app
        .stderr()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as LogEntry);
      const access = lines.filter((e): e is AccessEntry => e.type === 'access');
      assert.deepEqual(
        access.map((e) => [e.method, e.path, e.status, e.request_id]),
        [
          ['GET', '/page', 200, 'abc-123'],
          ['GET', '/fail', 500, 'err-9'],
        ],
      );
      const error = lines.find((e) => e.type === 'error');
      assert.equal(error?.request_id, 'err-9');
      assert.equal(error?.type === 'error' && error.message, 'the handler broke');
    } finally {
      assert.equal(await app.stop(), 0);
    }
  });

  it("'webpy' (the default): web.py's access line and the stack, as before", async () => {
    const app = await runApp('webpy');
    try {
      await get(app.port, '/page');
      await get(app.port, '/fail');
      await app.until((s) => s.includes('"HTTP/1.1 GET /fail" - 500'));
      assert.match(
        app.stderr(),
        /^127\.0\.0\.1:\d+ - - \[\d\d\/\w{3}\/\d{4} [\d:]{8}\] "HTTP\/1\.1 GET \/page" - 200 OK$/m,
      );
      assert.match(app.stderr(), /^GET \/fail: Error: the handler broke$/m);
    } finally {
      assert.equal(await app.stop(), 0);
    }
  });

  it('false: no access line and no error stack is written; requests are still answered', async () => {
    const app = await runApp('off');
    await get(app.port, '/page');
    assert.equal((await get(app.port, '/fail')).status, 500);
    assert.equal((await get(app.port, '/after')).status, 200);
    assert.equal(await app.stop(), 0); // run() flushes the access log before it exits
    // Only the server's own word on shutting down (like its banner), no request line, no stack.
    assert.equal(app.stderr(), 'SIGTERM: shutting down\n');
  });
});
