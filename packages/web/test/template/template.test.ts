import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, Template, TemplateError, TemplateResult } from '../../src/template/index.js';

test('Template works with and without new and is a callable object', () => {
  const a = Template('$def with (x)\n$x\n', { filename: 'a.html' });
  const b = new Template('$def with (x)\n$x\n', { filename: 'a.html' });
  assert.equal(typeof a, 'function');
  assert.ok(a instanceof Template);
  assert.ok(b instanceof Template);
  assert.equal(String(a(1)), '1\n');
  assert.equal(String(b(2)), '2\n');
  assert.equal(a.filename, 'a.html');
  assert.equal(a.contentType, 'text/html; charset=utf-8');
  assert.equal(Template('x').contentType, undefined);
  assert.equal(Template('x', { filename: 'm.xhtml' }).contentType, 'application/xhtml+xml; charset=utf-8');
  assert.match(a.code, /\$\.bind/);
  assert.throws(() => Template(42 as unknown as string), TypeError);
});

test('Template(text) escapes by default (web.py does not); .txt and escape: false do not', () => {
  assert.equal(
    String(Template('$def with (x)\n$x\n')('<a href="x">&\'')),
    '&lt;a href=&quot;x&quot;&gt;&amp;&#39;\n',
  );
  assert.equal(String(Template('$def with (x)\n$x\n', { filename: 'n.txt' })('<b>')), '<b>\n');
  assert.equal(String(Template('$def with (x)\n$x\n', { escape: false })('<b>')), '<b>\n');
  assert.equal(
    String(Template('$def with (x)\n$x\n', { filename: 'n.txt', escape: true })('<b>')),
    '&lt;b&gt;\n',
  );
  assert.equal(String(Template('$def with (x)\n$:x\n')('<b>')), '<b>\n');
  assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
});

test('null and undefined render as the empty string, other values like Python str()', () => {
  const t = Template('$def with (a, b, c, d, e)\n[$a][$b][$c][$d][$e]\n');
  assert.equal(String(t(null, undefined, true, 1.5, ['x', null])), '[][][True][1.5][[&#39;x&#39;, None]]\n');
});

test('a TemplateResult is the page as a string and its $var values as properties', () => {
  const t = Template('$def with (n)\n$var title: Page $n\n$var count = n * 2\nbody\n', {
    filename: 'p.html',
  });
  const r = t(3);
  assert.ok(r instanceof TemplateResult);
  assert.equal(String(r), 'body\n');
  assert.equal(r.toString(), 'body\n');
  assert.equal(`${r}`, 'body\n');
  assert.equal(r.title, 'Page 3');
  assert.equal(r.count, 6);
  assert.equal(r.contentType, 'text/html; charset=utf-8');
  assert.deepEqual(Object.keys(r), ['title', 'count']);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), { title: 'Page 3', count: 6, body: 'body\n' });
});

test('each call gets fresh output, variables and loop state', () => {
  const t = Template('$def with (xs)\n$for x in xs:\n    $x/$loop.length\n$var n = len(xs)\n');
  assert.equal(String(t([1, 2])), '1/2\n2/2\n');
  const r = t([]);
  assert.equal(String(r), '');
  assert.equal(r.n, 0);
});

test('$def output is escaped again unless inserted with $: (as in web.py)', () => {
  const t = Template('$def b(x):\n    <b>$x</b>\n$b("<")|$:b("<")\n', { filename: 'f.html' });
  assert.equal(String(t()), '&lt;b&gt;&amp;lt;&lt;/b&gt;\n|<b>&lt;</b>\n\n');
});

test('$break in an inner loop restores the outer loop variable (web.py keeps the inner one)', () => {
  const t = Template('$for x in [1, 2]:\n    $for y in [3, 4]:\n        $break\n    $loop.index\n');
  assert.equal(String(t()), '1\n2\n');
});

test('loop.length is 0 for iterables without a length, like web.py', () => {
  function* gen(): Generator<number> {
    yield 1;
    yield 2;
  }
  const t = Template('$def with (g)\n$for x in g:\n    $x $loop.length $loop.last\n');
  assert.equal(String(t(gen())), '1 0 False\n2 0 False\n');
  assert.equal(String(t(new Set(['a']))), 'a 1 True\n');
  // A Map iterates its [key, value] entries, as in JavaScript.
  assert.equal(String(t(new Map([['k', 'v']]))), '[&#39;k&#39;, &#39;v&#39;] 1 True\n');
});

test('$for over a plain object iterates its keys (a dict)', () => {
  assert.equal(String(Template('$for k in {"a": 1, "b": 2}: $k\n')()), 'a\nb\n');
});

test('$return ends the template and returns the output so far (web.py returns None)', () => {
  const t = Template('$def with (stop)\nbefore\n$if stop:\n    $return\nafter\n');
  assert.equal(String(t(true)), 'before\n');
  assert.equal(String(t(false)), 'before\nafter\n');
});

test('Template.globals is shared by all templates; per-template globals win', () => {
  Template.globals.siteName = 'Shared';
  try {
    assert.equal(String(Template('$siteName\n')()), 'Shared\n');
    assert.equal(String(Template('$siteName\n', { globals: { siteName: 'Own' } })()), 'Own\n');
  } finally {
    delete Template.globals.siteName;
  }
});

test('JavaScript callers may leave optional arguments undefined', () => {
  const t = Template('$def with (a, b="B")\n$a$b\n');
  assert.equal(String(t('A')), 'AB\n');
  assert.equal(String(t('A', undefined)), 'AB\n');
  assert.equal(String(t(undefined, 'x')), 'x\n');
});

test('a leading BOM and CRLF line endings are normalized', () => {
  assert.equal(String(Template('\ufeffa\r\nb\rc')()), 'a\nb\nc\n');
});

test('printing a Promise is an error, not "[object Promise]"', () => {
  const t = Template('$def with (p)\n\n$p\n');
  const p = Promise.resolve(1);
  assert.throws(
    () => t(p),
    (e: unknown) => e instanceof TemplateError && e.lineno === 3 && /await the data/.test(e.message),
  );
  assert.throws(() => Template('$:o.p\n', { globals: { o: { p } } })(), /await the data/);
  assert.throws(() => Template('$o.p\n', { globals: { o: { p } } })(), /await the data/);
});

test('looping over a Promise (an un-awaited db.select) is an error, not an empty list', () => {
  const t = Template('$def with (rows)\n$for r in rows:\n  $r\n');
  const rows = Promise.resolve([1, 2]);
  assert.throws(
    () => t(rows),
    (e: unknown) =>
      e instanceof TemplateError && e.lineno === 2 && /looped over; await the data/.test(e.message),
  );
  assert.throws(() => Template('$def with (rows)\n$len(rows)\n')(rows), /TypeError/);
});

test('a result carries Symbol.for("webts.template.result") so the core can recognise it without importing', () => {
  const r = Template('x')() as unknown as Record<symbol, unknown>;
  assert.equal(r[Symbol.for('webts.template.result')], true);
  assert.equal(({} as Record<symbol, unknown>)[Symbol.for('webts.template.result')], undefined);
});
