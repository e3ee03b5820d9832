import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { bodyBytesInFlight } from '../../src/http/body.js';
import web from '../../src/index.js';
import { both, httpRequest, type Running, withServer } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

/** A raw client that sends its request in pieces and tells when the answer has arrived. */
class Client {
  readonly socket: Socket;
  received = '';
  /** Resolves with everything received once the response head is complete (or the socket closed). */
  readonly answered: Promise<string>;
  /** Resolves once `100 Continue` has been received. */
  readonly continued: Promise<void>;
  readonly closed: Promise<void>;

  constructor(port: number, head: string, firstBytes: Buffer | string = '') {
    this.socket = connect({ host: '127.0.0.1', port });
    // The server may close while we are still sending: that is expected, not a test failure.
    this.socket.on('error', () => {});
    this.socket.write(head);
    if (firstBytes.length > 0) this.socket.write(firstBytes);
    let answer: (text: string) => void = () => {};
    let cont: () => void = () => {};
    this.answered = new Promise((resolve) => {
      answer = resolve;
    });
    this.continued = new Promise((resolve) => {
      cont = resolve;
    });
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
    this.socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('latin1');
      let rest = this.received;
      if (rest.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) {
        cont();
        rest = rest.slice('HTTP/1.1 100 Continue\r\n\r\n'.length);
      }
      const end = rest.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = /\r\ncontent-length: (\d+)/i.exec(rest.slice(0, end));
      if (length === null || rest.length >= end + 4 + Number(length[1])) answer(rest);
    });
    this.socket.once('close', () => answer(this.received));
  }

  send(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The status code of a response text. */
const statusOf = (text: string) => Number.parseInt(text.split(' ')[1] ?? '0', 10);

/** Resolves once `count` of `promises` have settled, with their indexes in the order they did. */
function firstSettled(promises: Promise<unknown>[], count: number): Promise<number[]> {
  return new Promise((resolve) => {
    const order: number[] = [];
    promises.forEach((p, i) => {
      void p.then(() => {
        order.push(i);
        if (order.length === count) resolve([...order]);
      });
    });
  });
}

const post = (path: string, length: number, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${length}\r\n${extra}\r\n`;

class Upload {
  POST() {
    return `got ${web.data().length}`;
  }
  GET() {
    return 'ok';
  }
}

async function stillServing({ port }: Running): Promise<void> {
  const r = await httpRequest(port, '/ok');
  assert.equal(r.statusCode, 200);
  assert.equal(r.body, 'ok');
}

describe('request bodies: a process-wide memory budget', () => {
  const saved = { memory: web.config.max_body_memory, size: web.config.max_body_size };
  before(() => {
    web.config.max_body_memory = 1_000_000;
    web.config.max_body_size = 400_000;
  });
  after(() => {
    web.config.max_body_memory = saved.memory;
    web.config.max_body_size = saved.size;
  });

  it('defaults to 64 MiB', () => {
    assert.equal(saved.memory, 64 * 1024 * 1024);
  });

  it('past the budget new bodies get a quick 503 with Retry-After while the admitted ones are in flight', async () => {
    const app = web.application(['/(.*)', 'Upload'], { Upload });
    await withServer(app, async (s) => {
      const size = 300_000;
      // Eight clients each announce 300 kB and send 1 kB of it; the budget (1 MB) holds three.
      const clients = Array.from(
        { length: 8 },
        () => new Client(s.port, post('/up', size), 'x'.repeat(1000)),
      );
      const refusedOrder = await firstSettled(
        clients.map((c) => c.answered),
        5,
      );
      const admitted = clients.filter((_, i) => !refusedOrder.includes(i));
      assert.equal(admitted.length, 3);
      for (const i of refusedOrder) {
        const text = (clients[i] as Client).received;
        assert.equal(statusOf(text), 503, text);
        assert.match(text, /\r\nRetry-After: 2\r\n/);
        assert.match(text, /\r\nConnection: close\r\n/);
      }
      // The three admitted ones are still sending: no answer yet, and their bytes are reserved.
      for (const c of admitted) assert.equal(c.received, '');
      assert.equal(bodyBytesInFlight(), 3 * size);
      // Meanwhile other requests are served: a GET, and a small body that still fits.
      await stillServing(s);
      const small = await httpRequest(s.port, '/up', { method: 'POST', body: 'tiny body!' });
      assert.equal(small.body, 'got 10');
      // A chunked body is counted as it arrives: 150 kB more does not fit.
      const chunked = new Client(
        s.port,
        'POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
        `${(150_000).toString(16)}\r\n${'y'.repeat(150_000)}\r\n`,
      );
      assert.equal(statusOf(await chunked.answered), 503);
      assert.equal(bodyBytesInFlight(), 3 * size);
      // The admitted ones finish and are answered in full.
      for (const c of admitted) c.send('z'.repeat(size - 1000));
      for (const c of admitted) {
        const text = await c.answered;
        assert.equal(statusOf(text), 200, text);
        assert.ok(text.endsWith(`got ${size}`), text);
      }
      for (const c of clients) c.close();
      await Promise.all(clients.map((c) => c.closed));
      // Released: three more fit again at once.
      const again = await Promise.all(
        [1, 2, 3].map(() => httpRequest(s.port, '/up', { method: 'POST', body: Buffer.alloc(size, 65) })),
      );
      assert.deepEqual(
        again.map((r) => r.body),
        [`got ${size}`, `got ${size}`, `got ${size}`],
      );
      assert.equal(bodyBytesInFlight(), 0);
      await stillServing(s);
    });
  });

  it('a body larger than the whole budget is 413, before anything runs', async () => {
    web.config.max_body_size = 2_000_000;
    try {
      const app = web.application(['/(.*)', 'Upload'], { Upload });
      await withServer(app, async (s) => {
        const c = new Client(s.port, post('/up', 1_500_000));
        const text = await c.answered;
        assert.equal(statusOf(text), 413, text);
        c.close();
        await stillServing(s);
      });
    } finally {
      web.config.max_body_size = 400_000;
    }
  });

  it('40 clients pushing 4 MB each hold no more than the budget (RSS bound)', async () => {
    web.config.max_body_memory = 8 * 1024 * 1024;
    web.config.max_body_size = 4 * 1024 * 1024;
    try {
      const app = web.application(['/(.*)', 'Upload'], { Upload });
      await withServer(app, async (s) => {
        const payload = Buffer.alloc(4 * 1024 * 1024, 66);
        await stillServing(s);
        const rssBefore = process.memoryUsage().rss;
        let peak = rssBefore;
        const clients = Array.from(
          { length: 40 },
          () => new Client(s.port, post('/up', payload.length), payload),
        );
        const texts = await Promise.all(
          clients.map((c) =>
            c.answered.then((text) => {
              peak = Math.max(peak, process.memoryUsage().rss);
              return text;
            }),
          ),
        );
        const codes = texts.map(statusOf);
        // Two fit at a time; the rest are refused unread. (Which ones depends on arrival order.)
        assert.ok(
          codes.every((code) => code === 200 || code === 503),
          codes.join(','),
        );
        assert.ok(codes.filter((code) => code === 200).length >= 2, codes.join(','));
        for (const c of clients) c.close();
        // 160 MB were offered; without the budget they would all be buffered. The bound leaves room
        // for the 8 MB budget, the sockets' buffers and garbage not yet collected.
        const growth = peak - rssBefore;
        assert.ok(growth < 96 * 1024 * 1024, `RSS grew by ${(growth / 1048576).toFixed(1)} MiB`);
        await stillServing(s);
      });
    } finally {
      web.config.max_body_memory = 1_000_000;
      web.config.max_body_size = 400_000;
    }
  });
});

describe('request bodies are read just before the handler', () => {
  function guarded() {
    const app = web.application(['/login', 'Upload', '/private/(.*)', 'Upload', '/(.*)', 'Upload'], {
      Upload,
    });
    app.add_processor(
      web.loadhook(() => {
        if (web.ctx.path.startsWith('/private/') && web.cookies().user === undefined)
          throw web.seeother('/login');
      }),
    );
    return app;
  }

  it('a loadhook refusal (not logged in → seeother) is answered without reading the body', async () => {
    await withServer(guarded(), async (s) => {
      const c = new Client(s.port, post('/private/up', 5_000_000), 'x'.repeat(1000));
      const text = await c.answered;
      assert.equal(statusOf(text), 303, text);
      assert.match(text, /\r\nLocation: http:\/\/x\/login\r\n/);
      assert.match(text, /\r\nConnection: close\r\n/);
      // 1 kB of 5 MB was sent: the answer came without waiting for (or holding) the rest.
      assert.equal(bodyBytesInFlight(), 0);
      await c.closed;
      await stillServing(s);
    });
  });

  it('with Expect: 100-continue a refused client is told before it sends its body; an admitted one gets 100', async () => {
    await withServer(guarded(), async (s) => {
      const refused = new Client(s.port, post('/private/up', 4000, 'Expect: 100-continue\r\n'));
      const text = await refused.answered;
      assert.equal(statusOf(text), 303, text);
      assert.ok(!text.includes('100 Continue'), text);
      refused.close();
      const admitted = new Client(
        s.port,
        post('/private/up', 4000, 'Expect: 100-continue\r\nCookie: user=ann\r\nConnection: close\r\n'),
      );
      await admitted.continued;
      assert.equal(admitted.received, 'HTTP/1.1 100 Continue\r\n\r\n');
      admitted.send('q'.repeat(4000));
      const ok = await admitted.answered;
      assert.equal(statusOf(ok), 200, ok);
      assert.ok(ok.endsWith('got 4000'), ok);
      await stillServing(s);
    });
  });

  it('a 404 or 405 is answered without reading the body', async () => {
    const app = web.application([
      '/only-get',
      class {
        GET() {
          return 'g';
        }
      },
    ]);
    await withServer(app, async (s) => {
      for (const [path, code] of [
        ['/nowhere', 404],
        ['/only-get', 405],
      ] as const) {
        const c = new Client(s.port, post(path, 3_000_000), 'x'.repeat(100));
        const text = await c.answered;
        assert.equal(statusOf(text), code, text);
        assert.match(text, /\r\nConnection: close\r\n/);
        c.close();
      }
      const r = await httpRequest(s.port, '/only-get');
      assert.equal(r.body, 'g');
    });
  });

  it('a processor that needs the body awaits web.ctx.readBody(), on a socket and through app.request', async () => {
    class Echo {
      POST() {
        return `handler: ${web.input().x} (${web.data().length} bytes)`;
      }
    }
    const app = web.application(['/e', 'Echo'], { Echo });
    app.add_processor(async (handler) => {
      const body = await web.ctx.readBody();
      if (web.input().token !== 'ok') throw web.forbidden();
      assert.equal(body, web.ctx.body);
      return handler();
    });
    for (const r of await both(app, '/e', { method: 'POST', body: 'token=ok&x=42' })) {
      assert.equal(r.statusCode, 200, r.via);
      assert.equal(r.body, 'handler: 42 (13 bytes)', r.via);
    }
    for (const r of await both(app, '/e', { method: 'POST', body: 'token=no&x=42' })) {
      assert.equal(r.statusCode, 403, r.via);
    }
  });

  it('web.input() or web.data() in a processor before readBody() is a 500 naming the fix; GET input works', async () => {
    class Echo {
      GET() {
        return 'get';
      }
      POST() {
        return 'post';
      }
    }
    for (const call of [() => web.input(), () => web.data()]) {
      const app = web.application(['/e', 'Echo'], { Echo });
      let seen: unknown;
      app.add_processor((handler) => {
        seen = web.ctx.method === 'GET' ? web.input().q : call();
        return handler();
      });
      const { result, text } = await captureStderr(() => both(app, '/e', { method: 'POST', body: 'a=1' }));
      for (const r of result) assert.equal(r.statusCode, 500, r.via);
      assert.match(text, /BodyNotReadError: web\.(input|data)\(\) needs the request body/);
      assert.match(text, /call `await web\.ctx\.readBody\(\)` first/);
      for (const r of await both(app, '/e?q=7')) assert.equal(r.body, 'get', r.via);
      assert.equal(seen, '7');
    }
  });

  it('200 overlapping posts each read their own body', async () => {
    class Mine {
      async POST(id: string) {
        const before = web.input().v;
        await new Promise((resolve) => setImmediate(resolve));
        return before === `v${id}` && web.input().v === before ? 'mine' : `mixed ${before}`;
      }
    }
    const app = web.application(['/m/(\\d+)', 'Mine'], { Mine });
    app.add_processor(async (handler) => {
      await new Promise((resolve) => setImmediate(resolve));
      return handler();
    });
    await withServer(app, async (s) => {
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          httpRequest(s.port, `/m/${i}`, { method: 'POST', body: `v=v${i}&pad=${'p'.repeat(i * 50)}` }),
        ),
      );
      assert.deepEqual(new Set(answers.map((r) => r.body)), new Set(['mine']));
      assert.equal(bodyBytesInFlight(), 0);
    });
  });
});
