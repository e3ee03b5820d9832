import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { parseAddress } from '../../src/http/serve.js';
import web from '../../src/index.js';
import { httpRequest } from '../helpers/http.js';

describe('app.handler', () => {
  it('works in a plain node http server', async () => {
    const app = web.application([
      '/hi/(.*)',
      class {
        POST(name: string) {
          return `hi ${name} ${web.input().x}`;
        }
      },
    ]);
    const server = createServer(app.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await httpRequest(port, '/hi/bob', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'x=1',
      });
      assert.equal(r.body, 'hi bob 1');
      assert.equal((await httpRequest(port, '/nope')).statusCode, 404);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('parseAddress', () => {
  it('reads web.py address arguments', () => {
    assert.deepEqual(parseAddress(undefined, {}), { host: '0.0.0.0', port: 8080 });
    assert.deepEqual(parseAddress('', {}), { host: '0.0.0.0', port: 8080 });
    assert.deepEqual(parseAddress('8081', {}), { host: '0.0.0.0', port: 8081 });
    assert.deepEqual(parseAddress('127.0.0.1', {}), { host: '127.0.0.1', port: 8080 });
    assert.deepEqual(parseAddress('127.0.0.1:9000', {}), { host: '127.0.0.1', port: 9000 });
    assert.deepEqual(parseAddress('[::1]:9000', {}), { host: '::1', port: 9000 });
  });

  it('lets env PORT win', () => {
    assert.deepEqual(parseAddress('127.0.0.1:9000', { PORT: '7000' }), { host: '0.0.0.0', port: 7000 });
  });

  it('refuses a port that is not one', () => {
    assert.throws(() => parseAddress('99999', {}), /not a port number/);
    assert.throws(() => parseAddress('host:abc', {}), /not a port number/);
    assert.throws(() => parseAddress(undefined, { PORT: 'x' }), /not a port number/);
  });
});
