import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodePath } from '../../src/http/request-target.js';
import web from '../../src/index.js';
import { both, httpRequest, rawRequest, withServer } from '../helpers/http.js';

class Seg {
  GET(a: string, b: string) {
    return JSON.stringify({ seg: [a, b], path: web.ctx.path });
  }
}
class Any {
  GET(rest: string) {
    return JSON.stringify({ rest, path: web.ctx.path });
  }
}
const app = () => web.application(['/seg/([^/]*)/(.*)', 'Seg', '/(.*)', 'Any'], { Seg, Any });

/**
 * What web.py 0.62 behind its own server (cheroot 9, `app.run()`) gives as `web.ctx.path`, taken
 * with curl --path-as-is against /usr/bin/python3 (see the commit message).
 */
const WEBPY: [string, string][] = [
  ['/caf%C3%A9', '/café'],
  ['/%FF', '/ÿ'],
  // One invalid sequence anywhere: the whole path is read as Latin-1, valid UTF-8 parts too.
  ['/caf%C3%A9/%FF', '/cafÃ©/ÿ'],
  ['/%C3%28', '/Ã('],
  ['/%C0%AE%C0%AE', '/À®À®'],
  ['/%E2%82', '/â\u0082'],
  ['/%ED%A0%80', '/í\u00a0\u0080'],
  ['/%F0%9F%98%80', '/😀'],
  ['/a%zz', '/a%zz'],
  ['/%00x', '/\u0000x'],
  ['/a%2Fb', '/a%2Fb'],
  ['/a%2fb', '/a%2Fb'],
  // Decoded once: %252F is the text %2F (which web.py cannot tell from an encoded slash either).
  ['/a%252F', '/a%2F'],
];

describe('path decoding (web.py semantics)', () => {
  it('invalid UTF-8 falls back to Latin-1 and %2F stays %2F, on a real server', async () => {
    await withServer(app(), async (s) => {
      for (const [raw, path] of WEBPY) {
        const r = await rawRequest(s.port, `GET ${raw} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        assert.equal(r.statusCode, 200, raw);
        assert.equal(JSON.parse(Buffer.from(r.body, 'latin1').toString('utf8')).path, path, raw);
        const next = await httpRequest(s.port, '/caf%C3%A9');
        assert.equal(JSON.parse(next.body).path, '/café');
      }
    });
  });

  it('an encoded slash never splits a segment in route matching', async () => {
    for (const r of await both(app(), '/seg/a%2Fb/c%2fd')) {
      assert.equal(r.statusCode, 200, r.via);
      assert.deepEqual(JSON.parse(r.body), { seg: ['a%2Fb', 'c%2Fd'], path: '/seg/a%2Fb/c%2Fd' }, r.via);
    }
    for (const r of await both(app(), '/seg/a/b/c')) {
      assert.deepEqual(JSON.parse(r.body).seg, ['a', 'b/c'], r.via);
    }
  });

  it('app.request decodes the same way', async () => {
    for (const [raw, path] of WEBPY) {
      const r = await app().request(raw);
      assert.equal(JSON.parse(r.data).path, path, raw);
    }
    // Non-ASCII text in an app.request path counts as its UTF-8 bytes.
    assert.equal(decodePath('/☃%20x'), '/☃ x');
    assert.equal(decodePath('/☃%FF'), '/â\u0098\u0083ÿ');
    assert.equal(decodePath('/%'), '/%');
    assert.equal(decodePath('/%4'), '/%4');
    assert.equal(decodePath('/%41%4a%4A'), '/AJJ');
  });

  it('a static path with an encoded slash is one file name, not a way into a subfolder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'webts-path-'));
    try {
      mkdirSync(join(root, 'sub'));
      writeFileSync(join(root, 'sub', 'page.html'), 'page');
      await withServer(
        app(),
        async (s) => {
          const slash = await rawRequest(
            s.port,
            'GET /static/sub%2Fpage.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
          );
          assert.equal(slash.statusCode, 404);
          const dotdot = await rawRequest(
            s.port,
            'GET /static/sub%2F..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
          );
          assert.equal(dotdot.statusCode, 404);
          const ok = await httpRequest(s.port, '/static/sub/page.html');
          assert.equal(ok.body, 'page');
        },
        { static: root },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
