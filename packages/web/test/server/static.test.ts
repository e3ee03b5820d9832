import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import web from '../../src/index.js';
import { httpRequest, rawRequest, withServer } from '../helpers/http.js';

describe('static files under /static/', () => {
  let root: string;
  let dir: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'webts-static-'));
    dir = join(root, 'static');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'style.css'), 'body{color:red}');
    writeFileSync(join(dir, 'app.js'), 'let x=1;');
    writeFileSync(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(dir, 'data.bin'), 'raw');
    writeFileSync(join(dir, 'sub', 'page.html'), '<p>hi</p>');
    writeFileSync(join(root, 'secret.txt'), 'top secret');
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

  it('serves files with content types by extension', async () => {
    await withServer(
      app(),
      async ({ port }) => {
        const types: [string, string, string][] = [
          ['/static/style.css', 'text/css; charset=utf-8', 'body{color:red}'],
          ['/static/app.js', 'text/javascript; charset=utf-8', 'let x=1;'],
          ['/static/logo.png', 'image/png', '\u0089PNG'],
          ['/static/data.bin', 'application/octet-stream', 'raw'],
          ['/static/sub/page.html', 'text/html; charset=utf-8', '<p>hi</p>'],
        ];
        for (const [path, type, body] of types) {
          const r = await httpRequest(port, path);
          assert.equal(r.statusCode, 200, path);
          assert.equal(r.header('Content-Type'), type, path);
          if (type !== 'image/png') assert.equal(r.body, body, path);
          assert.ok(r.header('ETag'), path);
          assert.ok(r.header('Last-Modified'), path);
        }
      },
      { static: dir },
    );
  });

  it('answers 304 when If-None-Match carries the ETag, and HEAD without a body', async () => {
    await withServer(
      app(),
      async ({ port }) => {
        const first = await httpRequest(port, '/static/style.css');
        const etag = first.header('ETag') as string;
        const again = await httpRequest(port, '/static/style.css', { headers: { 'if-none-match': etag } });
        assert.equal(again.statusCode, 304);
        assert.equal(again.body, '');
        for (const header of [`"x", ${etag}`, `W/${etag}`, '*']) {
          const r = await httpRequest(port, '/static/style.css', { headers: { 'if-none-match': header } });
          assert.equal(r.statusCode, 304, header);
        }
        const other = await httpRequest(port, '/static/style.css', {
          headers: { 'if-none-match': '"nope"' },
        });
        assert.equal(other.statusCode, 200);
        const head = await httpRequest(port, '/static/style.css', { method: 'HEAD' });
        assert.equal(head.statusCode, 200);
        assert.equal(head.body, '');
        assert.equal(head.header('Content-Length'), '15');
      },
      { static: dir },
    );
  });

  it('missing files, directories and other methods do not leak anything', async () => {
    await withServer(
      app(),
      async ({ port }) => {
        assert.equal((await httpRequest(port, '/static/nope.css')).statusCode, 404);
        assert.equal((await httpRequest(port, '/static/sub/')).statusCode, 404);
        assert.equal((await httpRequest(port, '/static/sub')).statusCode, 404);
        const post = await httpRequest(port, '/static/style.css', { method: 'POST' });
        assert.equal(post.statusCode, 405);
        assert.equal(post.header('Allow'), 'GET, HEAD');
      },
      { static: dir },
    );
  });

  it('/static/../x never escapes the folder, however it is spelled', async () => {
    await withServer(
      app(),
      async ({ port }) => {
        for (const path of [
          '/static/../secret.txt',
          '/static/%2e%2e/secret.txt',
          '/static/%2E%2E%2Fsecret.txt',
          '/static/sub/../../secret.txt',
          '/static/..%2f..%2fsecret.txt',
          '/static/..\\secret.txt',
          '/static/%00../secret.txt',
          '/static/style.css%00.png',
          '/static//etc/passwd',
        ]) {
          const raw = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
          assert.ok(!raw.body.includes('top secret'), path);
          assert.ok(!raw.body.includes('root:'), path);
        }
        // Collapsed out of /static/, the path goes to the app, as in web.py.
        const out = await httpRequest(port, '/static/../secret.txt');
        assert.match(out.body, /^app:/);
        assert.equal((await httpRequest(port, '/static/style.css')).statusCode, 200);
      },
      { static: dir },
    );
  });

  it('static: false hands /static/ to the app; app.request never serves files', async () => {
    await withServer(
      app(),
      async ({ port }) => {
        assert.equal((await httpRequest(port, '/static/style.css')).body, 'app:static/style.css');
      },
      { static: false },
    );
    assert.equal((await app().request('/static/style.css')).data, 'app:static/style.css');
  });
});
