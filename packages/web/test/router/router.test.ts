import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePattern, isParamPattern, type Route, Router } from '../../src/core/router.js';

const patterns = [
  '/',
  '/hello',
  '/hello/?',
  '/hello/(.*)',
  '/hel+o',
  '/abc?',
  '/a.b/(.*)',
  '/foo|/bar',
  '/(foo|bar)/x',
  '/users/:id',
  '/files/*path',
  '/a{/:b}',
  '/x\\.y',
  '/(?P<n>\\d+)',
  '/hello/?x',
  '/app/users/(\\d+)',
  '/app/u',
  '/app/users/new',
  '/app/(\\w+)/edit',
  '/app/users/(\\d+)/?',
  '/blog/',
  '',
  '/(.*)',
];

const paths = [
  '/',
  '',
  '/hello',
  '/hello/',
  '/hello/x',
  '/helllo',
  '/ab',
  '/abc',
  '/aXb/1',
  '/a.b/1',
  '/foo',
  '/bar',
  '/bar/x',
  '/users/1',
  '/files/a/b',
  '/a',
  '/a/b',
  '/x.y',
  '/42',
  '/hellox',
  '/nothing',
  '//double',
  '/app',
  '/app/',
  '/app/u',
  '/app/users/5',
  '/app/users/5/',
  '/app/users/new',
  '/app/users/edit',
  '/app/x/edit',
  '/blog',
  '/blog/',
  '/blog/x',
];

function table(): Route<string>[] {
  return patterns.map((pattern) => {
    const { regexp, segments } = compilePattern(pattern);
    return { pattern, target: pattern, regexp, segments };
  });
}

describe('Router', () => {
  it('the segment index picks the same route as trying every pattern in order', () => {
    const routes = table();
    const router = new Router(routes);
    for (const path of paths) {
      const linear = routes.find((r) => r.regexp?.test(path))?.pattern;
      const indexed = router.candidates(path).find((r) => r.regexp?.test(path))?.pattern;
      assert.equal(indexed, linear, `path ${JSON.stringify(path)}`);
    }
  });

  it('keeps the listed order within a first segment', () => {
    const router = new Router(table());
    const order = router.candidates('/hello/x').map((r) => r.pattern);
    assert.deepEqual(
      order.filter((p) => p.startsWith('/hello')),
      ['/hello', '/hello/?', '/hello/(.*)', '/hello/?x'],
    );
  });
});

describe('compilePattern', () => {
  it('anchors regexes at both ends, and \\A / \\Z are accepted', () => {
    const { regexp } = compilePattern('\\A/a\\Z');
    assert.ok(regexp.test('/a'));
    assert.ok(!regexp.test('/a\n'));
    assert.ok(!regexp.test('x/a'));
  });

  it('isParamPattern follows the documented rule', () => {
    const cases: [string, boolean][] = [
      ['/(.*)', false],
      ['/:id', true],
      ['/files/*path', true],
      ['/:"a b"', true],
      ['/a:b', false],
      ['/\\:x', false],
      ['/a/*', false],
      [':id', true],
      ['/:1', false],
    ];
    for (const [pattern, expected] of cases) assert.equal(isParamPattern(pattern), expected, pattern);
  });

  it('a catastrophic pattern is refused when the app is built', () => {
    assert.throws(() => compilePattern('/(a|aa)+(b+)+'), /nests a repeated group/);
    assert.throws(() => compilePattern('/(.*)*'), /nests a repeated group/);
    assert.throws(() => compilePattern('/(a+){2,}'), /nests a repeated group/);
  });

  it('literal leading segments feed the index, conservatively', () => {
    const cases: [string, string[]][] = [
      ['/', ['']],
      ['/app/users/(\\d+)', ['app', 'users']],
      ['/app/u', ['app', 'u']],
      ['/hello/?', ['hello']],
      ['/hello/?x', []],
      ['/hellos?', []],
      ['/a|/b', []],
      ['/users/:id', ['users']],
      ['/(.*)', []],
    ];
    for (const [pattern, segments] of cases)
      assert.deepEqual(compilePattern(pattern).segments, segments, pattern);
  });
});
