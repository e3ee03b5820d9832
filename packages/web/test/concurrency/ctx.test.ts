import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { rawRequest, withServer } from '../helpers/http.js';
import { Barrier, InFlight } from '../helpers/sync.js';

/**
 * Each request reads its own values, then waits at a barrier until `parties` requests are in their
 * handlers at once, then checks its values again: any request state shared between them would show up as
 * a mismatch. `inFlight.max` says how many handlers really overlapped.
 */
function isolationApp(parties = 1) {
  const inFlight = new InFlight();
  const together = new Barrier(parties, `${parties} handlers in flight at once`);
  class Check {
    GET(id: string) {
      return inFlight.run(async () => {
        const before = { path: web.ctx.path, n: web.input().n, c: web.cookies().c };
        await together.arrive();
        await new Promise(setImmediate);
        const after = { path: web.ctx.path, n: web.input().n, c: web.cookies().c };
        web.header('X-Id', id);
        const mine = before.path === `/r/${id}` && before.n === id && before.c === `c${id}`;
        return JSON.stringify({ id, mine, same: JSON.stringify(before) === JSON.stringify(after) });
      });
    }
  }
  const app = web.application(['/r/(\\d+)', 'Check'], { Check });
  // An async processor in the chain, as sessions have.
  app.add_processor(async (handler) => {
    await new Promise(setImmediate);
    return handler();
  });
  return { app, inFlight };
}

function get(port: number, id: number, agent: Agent): Promise<{ body: string; xid: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/r/${id}?n=${id}`, headers: { cookie: `c=c${id}` }, agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ body, xid: res.headers['x-id'] as string | undefined }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('request isolation under concurrency', () => {
  it('200 overlapping requests through a real server each see their own ctx, input and cookies', async () => {
    // 50 sockets: the first 50 requests meet in their handlers, the rest follow as sockets free up.
    const { app, inFlight } = isolationApp(50);
    await withServer(app, async ({ port }) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 50 });
      try {
        const ids = Array.from({ length: 200 }, (_, i) => i + 1);
        const results = await Promise.all(ids.map((id) => get(port, id, agent)));
        assert.equal(inFlight.max, 50, 'as many handlers in flight as there are sockets');
        for (const [i, r] of results.entries()) {
          const parsed = JSON.parse(r.body);
          assert.deepEqual(parsed, { id: String(ids[i]), mine: true, same: true });
          assert.equal(r.xid, String(ids[i]));
        }
      } finally {
        agent.destroy();
      }
    });
  });

  it('200 overlapping app.request calls each see their own values', async () => {
    const { app, inFlight } = isolationApp(200);
    const ids = Array.from({ length: 200 }, (_, i) => i + 1);
    const results = await Promise.all(
      ids.map((id) => app.request(`/r/${id}?n=${id}`, { headers: { cookie: `c=c${id}` } })),
    );
    assert.equal(inFlight.max, 200, 'all 200 handlers were in flight together');
    for (const [i, r] of results.entries()) {
      assert.deepEqual(JSON.parse(r.data), { id: String(ids[i]), mine: true, same: true });
      assert.equal(r.headers['X-Id'], String(ids[i]));
    }
  });

  it('pipelined requests on one keep-alive socket are answered in order, each with its own values', async () => {
    await withServer(isolationApp().app, async ({ port }) => {
      const ids = [7, 8, 9, 10];
      const requests = ids
        .map((id) => `GET /r/${id}?n=${id} HTTP/1.1\r\nHost: x\r\nCookie: c=c${id}\r\n\r\n`)
        .join('');
      const raw = await rawRequest(port, requests, { idleMs: 500 });
      const bodies = [...raw.raw.matchAll(/\{"id":"(\d+)","mine":(true|false),"same":(true|false)\}/g)];
      assert.deepEqual(
        bodies.map((m) => [m[1], m[2], m[3]]),
        ids.map((id) => [String(id), 'true', 'true']),
      );
    });
  });

  it('web.ctx is undefined again after a request, and web.config is not request state', async () => {
    const { app } = isolationApp();
    await app.request('/r/1?n=1', { headers: { cookie: 'c=c1' } });
    assert.equal(web.ctx.path, undefined);
  });
});
