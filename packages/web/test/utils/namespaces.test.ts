/**
 * web.utils, web.net and web.http are reachable as in web.py, and every name of their `__all__`
 * (printed by web.py 0.62) is also a top-level `web.X` that is the very same object.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web, * as star from '../../src/index.js';

const ALL = {
  utils: [
    'Storage',
    'storage',
    'storify',
    'Counter',
    'counter',
    'iters',
    'rstrips',
    'lstrips',
    'strips',
    'safeunicode',
    'safestr',
    'timelimit',
    'Memoize',
    'memoize',
    're_compile',
    're_subm',
    'group',
    'uniq',
    'iterview',
    'IterBetter',
    'iterbetter',
    'safeiter',
    'safewrite',
    'dictreverse',
    'dictfind',
    'dictfindall',
    'dictincr',
    'dictadd',
    'requeue',
    'restack',
    'listget',
    'intget',
    'datestr',
    'numify',
    'denumify',
    'commify',
    'dateify',
    'nthstr',
    'cond',
    'CaptureStdout',
    'capturestdout',
    'Profile',
    'profile',
    'tryall',
    'ThreadedDict',
    'threadeddict',
    'autoassign',
    'to36',
    'sendmail',
  ],
  net: [
    'validipaddr',
    'validip6addr',
    'validipport',
    'validip',
    'validaddr',
    'urlquote',
    'httpdate',
    'parsehttpdate',
    'htmlquote',
    'htmlunquote',
    'websafe',
  ],
  http: ['expires', 'lastmodified', 'prefixurl', 'modified', 'changequery', 'url', 'profiler'],
} as const;

describe('the web.utils, web.net and web.http namespaces', () => {
  for (const [module, names] of Object.entries(ALL)) {
    it(`web.${module} has every name of web.py's web.${module}.__all__, each also web.X`, () => {
      const ns = web[module as keyof typeof ALL] as Record<string, unknown>;
      const top = web as unknown as Record<string, unknown>;
      for (const name of names) {
        assert.ok(ns[name] !== undefined, `web.${module}.${name}`);
        assert.equal(top[name], ns[name], `web.${name} is web.${module}.${name}`);
      }
    });
  }

  it('reads as web.py code does', () => {
    assert.deepEqual(web.utils.storage({ a: 1 }), { a: 1 });
    assert.equal(web.net.websafe('<a>'), '&lt;a&gt;');
    assert.equal(typeof web.http.expires, 'function');
    assert.equal(web.Storage, web.utils.Storage);
    assert.equal(star.utils, web.utils);
  });

  it("web.emailerrors is debugerror's third name, next to web.debugerror and web.djangoerror", () => {
    assert.equal(typeof web.emailerrors, 'function');
    assert.equal(typeof web.debugerror, 'function');
    assert.equal(typeof web.djangoerror, 'function');
    assert.equal(web.utils.sendmail, web.sendmail);
  });
});
