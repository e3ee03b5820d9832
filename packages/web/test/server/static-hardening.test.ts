import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import web from '../../src/index.js';
import { httpRequest, type Running, rawRequest, withServer } from '../helpers/http.js';

const CSS = 'body{color:red}';
const DIGITS = '0123456789abcdefghij';

describe('static files: what is never served, ranges, caching', () => {
  let root: string;
  let dir: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'webts-static-hard-'));
    dir = join(root, 'static');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'style.css'), CSS);
    writeFileSync(join(dir, 'digits.txt'), DIGITS);
    writeFileSync(join(dir, '.env'), 'SECRET=dotenv');
    writeFileSync(join(dir, '.git', 'config'), '[core] secret=git');
    writeFileSync(join(dir, 'sub', '.htpasswd'), 'admin:secret-htpasswd');
    writeFileSync(join(dir, 'favicon.ico'), 'ico');
    writeFileSync(join(dir, 'README.md'), '# hi');
    writeFileSync(join(dir, 'site.webmanifest'), '{}');
    writeFileSync(join(dir, 'feed.xml'), '<x/>');
    writeFileSync(join(dir, '%2e%2e'), 'a file named %2e%2e');
    writeFileSync(join(root, 'secret.txt'), 'top secret');
    symlinkSync(join(root, 'secret.txt'), join(dir, 'leak.txt'));
    symlinkSync(root, join(dir, 'up'));
    symlinkSync(join(dir, 'style.css'), join(dir, 'alias.css'));
    symlinkSync(join(dir, '.env'), join(dir, 'env.txt'));
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling.txt'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const app = () =>
    web.application([
      '/(.*)',
      class {
        GET(rest: string) {
          return `app:${rest}`;
        }
      },
    ]);

  /** The next normal request on the same server is served, whatever came before. */
  async function stillServing({ port }: Running): Promise<void> {
    const r = await httpRequest(port, '/static/style.css');
    assert.equal(r.statusCode, 200);
    assert.equal(r.body, CSS);
  }

  const raw = (port: number, target: string, headers = '') =>
    rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`);

  it('dotfiles and dot-folders are 404, however the path is spelled', async () => {
    await withServer(
      app(),
      async (s) => {
        for (const target of [
          '/static/.env',
          '/static/%2eenv',
          '/static/%2Eenv',
          '/static/.git/config',
          '/static/%2egit/config',
          '/static/sub/.htpasswd',
          '/static/sub/../.env',
          '/static/./.env',
          '/static//.env',
          '/static/.git/',
          '/static/.git',
        ]) {
          const r = await raw(s.port, target);
          assert.equal(r.statusCode, 404, target);
          assert.equal(r.body, 'not found', target);
          await stillServing(s);
        }
      },
      { static: dir },
    );
  });

  it('a symlink leading out of static/ (or to a dotfile) is 404; one inside it is served', async () => {
    await withServer(
      app(),
      async (s) => {
        for (const target of [
          '/static/leak.txt',
          '/static/up/secret.txt',
          '/static/env.txt',
          '/static/dangling.txt',
        ]) {
          const r = await raw(s.port, target);
          assert.equal(r.statusCode, 404, target);
          assert.ok(!r.body.includes('secret'), target);
          await stillServing(s);
        }
        const alias = await httpRequest(s.port, '/static/alias.css');
        assert.equal(alias.statusCode, 200);
        assert.equal(alias.body, CSS);
        assert.equal(alias.header('Content-Type'), 'text/css; charset=utf-8');
      },
      { static: dir },
    );
  });

  it('encoded traversal, backslashes, double encoding, NUL and overlong UTF-8 are refused', async () => {
    await withServer(
      app(),
      async (s) => {
        const cases: [string, number, string][] = [
          // Collapsed out of /static/ after decoding: the app answers, as in web.py; the file is not sent.
          ['/static/%2e%2e/secret.txt', 200, 'app:static/../secret.txt'],
          ['/static/%2E%2E/%2E%2E/secret.txt', 200, 'app:static/../../secret.txt'],
          ['/static/sub/%2e%2e/%2e%2e/secret.txt', 200, 'app:static/sub/../../secret.txt'],
          // A backslash is no separator on POSIX, but `..\` is refused rather than looked up.
          ['/static/..%5csecret.txt', 403, 'forbidden'],
          ['/static/..%5c..%5csecret.txt', 403, 'forbidden'],
          ['/static/..\\secret.txt', 403, 'forbidden'],
          ['/static/sub\\..\\..\\secret.txt', 403, 'forbidden'],
          // Decoded once only: %252e%252e is the literal name `%2e%2e` (a file that exists here).
          ['/static/%252e%252e', 200, 'a file named %2e%2e'],
          ['/static/%252e%252e/secret.txt', 404, 'not found'],
          ['/static/%252e%252e%252fsecret.txt', 404, 'not found'],
          ['/static/%00', 400, 'bad request'],
          ['/static/style.css%00.png', 400, 'bad request'],
          ['/static/%00../secret.txt', 400, 'bad request'],
          // Overlong UTF-8 for `.` and `/`: not a dot, not a slash.
          ['/static/%c0%ae%c0%ae/secret.txt', 404, 'not found'],
          ['/static/%c0%ae%c0%ae%c0%afsecret.txt', 404, 'not found'],
          ['/static/%e0%80%ae%e0%80%ae/secret.txt', 404, 'not found'],
          ['/static//etc/passwd', 404, 'not found'],
          ['/static/sub/', 404, 'not found'],
          ['/static/', 404, 'not found'],
        ];
        for (const [target, status, body] of cases) {
          const r = await raw(s.port, target);
          assert.equal(r.statusCode, status, target);
          assert.equal(r.body, body, target);
          assert.ok(!r.body.includes('top secret'), target);
          await stillServing(s);
        }
      },
      { static: dir },
    );
  });

  it('Range: one range is 206, an unsatisfiable one 416, several or a malformed one the whole file', async () => {
    await withServer(
      app(),
      async (s) => {
        const path = '/static/digits.txt';
        const part = await httpRequest(s.port, path, { headers: { range: 'bytes=2-5' } });
        assert.equal(part.statusCode, 206);
        assert.equal(part.body, '2345');
        assert.equal(part.header('Content-Range'), `bytes 2-5/${DIGITS.length}`);
        assert.equal(part.header('Content-Length'), '4');
        assert.equal(part.header('Accept-Ranges'), 'bytes');
        const suffix = await httpRequest(s.port, path, { headers: { range: 'bytes=-3' } });
        assert.equal(suffix.statusCode, 206);
        assert.equal(suffix.body, 'hij');
        const open = await httpRequest(s.port, path, { headers: { range: 'bytes=18-' } });
        assert.equal(open.statusCode, 206);
        assert.equal(open.body, 'ij');
        // Overlapping ranges are combined into one, as send does.
        const merged = await httpRequest(s.port, path, { headers: { range: 'bytes=0-2,1-4' } });
        assert.equal(merged.statusCode, 206);
        assert.equal(merged.body, '01234');

        // Also a range whose end is before its start, as send reads it.
        for (const range of ['bytes=100-', 'bytes=20-30', 'bytes=-0', 'bytes=5-2']) {
          const r = await raw(s.port, path, `Range: ${range}\r\n`);
          assert.equal(r.statusCode, 416, range);
          assert.ok(r.headerLines.includes(`Content-Range: bytes */${DIGITS.length}`), range);
          assert.equal(r.body, 'range not satisfiable', range);
          await stillServing(s);
        }
        // Several disjoint ranges (multipart/byteranges) and malformed ones: send answers with the whole file.
        for (const range of ['bytes=0-1,5-6', 'bytes=abc', 'pages=1-2', 'bytes=0-1,,']) {
          const r = await raw(s.port, path, `Range: ${range}\r\n`);
          assert.equal(r.statusCode, 200, range);
          assert.equal(r.body, DIGITS, range);
          await stillServing(s);
        }
        // If-Range with a stale validator: the whole file, not a piece of a different version.
        const stale = await httpRequest(s.port, path, {
          headers: { range: 'bytes=0-1', 'if-range': '"old"' },
        });
        assert.equal(stale.statusCode, 200);
        assert.equal(stale.body, DIGITS);
        const etag = part.header('ETag') as string;
        const fresh = await httpRequest(s.port, path, { headers: { range: 'bytes=0-1', 'if-range': etag } });
        assert.equal(fresh.statusCode, 206);
        assert.equal(fresh.body, '01');
      },
      { static: dir },
    );
  });

  it('Last-Modified and If-Modified-Since give 304 beside the ETag; If-Match mismatch is 412', async () => {
    await withServer(
      app(),
      async (s) => {
        const first = await httpRequest(s.port, '/static/style.css');
        const modified = first.header('Last-Modified') as string;
        assert.equal(modified, statSync(join(dir, 'style.css')).mtime.toUTCString());
        const etag = first.header('ETag') as string;
        assert.match(etag, /^"[0-9a-f]+-[0-9a-f]+"$/);
        const notModified = await httpRequest(s.port, '/static/style.css', {
          headers: { 'if-modified-since': modified },
        });
        assert.equal(notModified.statusCode, 304);
        assert.equal(notModified.body, '');
        assert.equal(notModified.header('ETag'), etag);
        const older = await httpRequest(s.port, '/static/style.css', {
          headers: { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' },
        });
        assert.equal(older.statusCode, 200);
        assert.equal(older.body, CSS);
        // If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
        const mismatch = await httpRequest(s.port, '/static/style.css', {
          headers: { 'if-none-match': '"other"', 'if-modified-since': modified },
        });
        assert.equal(mismatch.statusCode, 200);
        const precondition = await raw(s.port, '/static/style.css', 'If-Match: "other"\r\n');
        assert.equal(precondition.statusCode, 412);
        assert.equal(precondition.body, 'precondition failed');
        const garbage = await raw(s.port, '/static/style.css', 'If-Modified-Since: yesterday\r\n');
        assert.equal(garbage.statusCode, 200);
        await stillServing(s);
      },
      { static: dir },
    );
  });

  it('Cache-Control comes from web.config.static_cache_control', async () => {
    const saved = web.config.static_cache_control;
    try {
      await withServer(
        app(),
        async (s) => {
          assert.equal(saved, 'public, max-age=0');
          const plain = await httpRequest(s.port, '/static/style.css');
          assert.equal(plain.header('Cache-Control'), 'public, max-age=0');
          web.config.static_cache_control = 'public, max-age=31536000, immutable';
          const long = await httpRequest(s.port, '/static/style.css');
          assert.equal(long.header('Cache-Control'), 'public, max-age=31536000, immutable');
          web.config.static_cache_control = false;
          const none = await httpRequest(s.port, '/static/style.css');
          assert.equal(none.header('Cache-Control'), undefined);
          assert.equal(none.statusCode, 200);
        },
        { static: dir },
      );
    } finally {
      web.config.static_cache_control = saved;
    }
  });

  it('content types come from the full MIME table', async () => {
    await withServer(
      app(),
      async (s) => {
        for (const [path, type] of [
          ['/static/favicon.ico', 'image/vnd.microsoft.icon'],
          ['/static/README.md', 'text/markdown; charset=utf-8'],
          ['/static/site.webmanifest', 'application/manifest+json; charset=utf-8'],
          ['/static/feed.xml', 'application/xml'],
          ['/static/digits.txt', 'text/plain; charset=utf-8'],
        ] as const) {
          const r = await httpRequest(s.port, path);
          assert.equal(r.statusCode, 200, path);
          assert.equal(r.header('Content-Type'), type, path);
        }
      },
      { static: dir },
    );
  });
});
