import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { both, httpRequest, rawRequest, withServer } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

class Go {
  GET() {
    throw web.seeother(web.input({ u: '' }).u);
  }
}
class Ok {
  GET() {
    return 'ok';
  }
}
const app = () => web.application(['/go', 'Go', '/ok', 'Ok'], { Go, Ok });

const HOSTILE = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  'JAVASCRIPT:alert(document.cookie)',
  ' javascript:alert(1)',
  '\tjavascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  '\u0001javascript:alert(1)',
  '\u0000javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'mailto:a@example.com',
  'ftp://example.com/x',
  'blob:https://example.com/uuid',
];

describe('redirect targets: only http(s) URLs and paths', () => {
  it('web.seeother to javascript:, data: and other schemes is a 500 with UnsafeRedirectError, no Location', async () => {
    await withServer(app(), async (s) => {
      for (const target of HOSTILE) {
        const { result: r, text } = await captureStderr(() =>
          rawRequest(
            s.port,
            `GET /go?u=${encodeURIComponent(target)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
          ),
        );
        assert.equal(r.statusCode, 500, JSON.stringify(target));
        assert.ok(!r.headerLines.some((l) => /^location:/i.test(l)), JSON.stringify(target));
        assert.match(
          text,
          /UnsafeRedirectError: refusing to redirect to a '[a-z]+:' URL/,
          JSON.stringify(target),
        );
        const next = await httpRequest(s.port, '/ok');
        assert.equal(next.body, 'ok');
      }
    });
  });

  it('the same through app.request', async () => {
    const { result, text } = await captureStderr(() =>
      both(app(), `/go?u=${encodeURIComponent('javascript:x')}`),
    );
    for (const r of result) {
      assert.equal(r.statusCode, 500, r.via);
      assert.equal(r.header('Location'), undefined, r.via);
    }
    assert.match(text, /'javascript:' URL/);
  });

  it('http(s) URLs, paths and look-alikes without a scheme still redirect as in web.py', async () => {
    const cases: [string, string][] = [
      ['http://example.com/x', 'http://example.com/x'],
      ['HTTPS://example.com/x', 'HTTPS://example.com/x'],
      ['/there', 'http://0.0.0.0:8080/there'],
      ['there', 'http://0.0.0.0:8080/there'],
      ['//evil.com/x', 'http://0.0.0.0:8080//evil.com/x'],
      // `%3A` is no colon: the whole text is a relative path on this site.
      ['javascript%3Aalert(1)', 'http://0.0.0.0:8080/javascript%3Aalert(1)'],
      ['/a?next=javascript:alert(1)', 'http://0.0.0.0:8080/a?next=javascript:alert(1)'],
    ];
    for (const [target, location] of cases) {
      for (const r of await both(app(), `/go?u=${encodeURIComponent(target)}`)) {
        assert.equal(r.statusCode, 303, `${r.via} ${target}`);
        assert.equal(r.header('Location'), location, `${r.via} ${target}`);
      }
    }
  });

  it('web.config.redirect_schemes opens a scheme on purpose (a native app callback)', async () => {
    const saved = web.config.redirect_schemes;
    try {
      assert.deepEqual(saved, ['http', 'https']);
      web.config.redirect_schemes = ['http', 'https', 'myapp'];
      const [r] = await both(app(), `/go?u=${encodeURIComponent('myapp://callback?code=1')}`);
      assert.equal(r?.header('Location'), 'myapp://callback?code=1');
      const { result } = await captureStderr(() =>
        app().request(`/go?u=${encodeURIComponent('javascript:x')}`),
      );
      assert.equal(result.statusCode, 500);
    } finally {
      web.config.redirect_schemes = saved;
    }
  });

  it('every redirect helper refuses, also outside a request', () => {
    for (const make of [web.redirect, web.found, web.seeother, web.tempredirect]) {
      assert.throws(() => make('javascript:alert(1)'), web.UnsafeRedirectError);
    }
    assert.throws(() => web.seeother('data:,x'), /refusing to redirect to a 'data:' URL/);
  });
});
