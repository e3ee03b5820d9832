// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Templetor syntax inside these template texts
/** The web.py keyword options of templates: builtins=, keyword arguments from code, render._keywords. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { kwargs, render, TEMPLATE_BUILTINS, Template, TemplateError } from '../../src/template/index.js';

test('builtins replaces the builtin names, as web.py builtins= does', () => {
  // web.py: Template('$min(1, 2)', builtins={})() raises NameError: name 'min' is not defined
  assert.throws(
    () => Template('$min(1, 2)', { builtins: {} })(),
    (e: unknown) => e instanceof TemplateError && /NameError: name 'min' is not defined/.test(e.message),
  );
  // web.py: 'FOO 2\n'
  assert.equal(
    String(Template('$foo $len("ab")', { builtins: { foo: 'FOO', len: TEMPLATE_BUILTINS.len } })()),
    'FOO 2\n',
  );
  // True and None are words of the language (web.py: 'True \n').
  assert.equal(String(Template('$True $None', { builtins: {} })()), 'True \n');
  const extended = Template('$double(max(1, 4))', {
    builtins: { ...TEMPLATE_BUILTINS, double: (x: number) => x * 2 },
  });
  assert.equal(String(extended()), '8\n');
  assert.ok(Object.isFrozen(TEMPLATE_BUILTINS));
});

test('keyword arguments from code: kwargs({...}) as the last argument', () => {
  const t = Template('$def with (a, b=2, *c, **d)\n$a $b $c $d', { escape: false });
  // web.py: t(1, 5, x=3) gives "1 5 () {'x': 3}\n"
  assert.equal(String(t(1, 5, kwargs({ x: 3 }))), "1 5 () {'x': 3}\n");
  assert.equal(String(t(kwargs({ a: 1, b: 7 }))), '1 7 () {}\n');
  // A plain object is a positional argument, never keywords (a template may take a dict).
  assert.equal(String(t({ b: 1 })), "{'b': 1} 2 () {}\n");
  assert.throws(
    () => Template('$def with (a)\n$a')(1, kwargs({ a: 2 })),
    (e: unknown) => e instanceof TemplateError && /got multiple values for argument 'a'/.test(e.message),
  );
  assert.throws(
    () => Template('$def with (a)\n$a')(kwargs({ __proto__x: 1, zz: 2 })),
    (e: unknown) => e instanceof TemplateError && /unexpected keyword argument/.test(e.message),
  );
});

test('render._keywords.globals and render._add_global reach every template of the renderer, live', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-kw-'));
  try {
    writeFileSync(join(dir, 'page.html'), '$def with (a, b=2)\n$a $b $helper\n');
    writeFileSync(join(dir, 'outer.html'), '$:render.page(1, b=3)');
    const r = render<'page' | 'outer'>(dir);
    assert.deepEqual(r._keywords, { globals: {} });
    // web.py: r.page(1, b=3) before the global exists is a NameError; after, '1 3 H\n'.
    assert.throws(() => r.page(1, kwargs({ b: 3 })), TemplateError);
    r._keywords.globals.helper = 'H';
    assert.equal(String(r.page(1, kwargs({ b: 3 }))), '1 3 H\n');
    // The cookbook recipe: templates that call other templates through the renderer.
    r._keywords.globals.render = r;
    assert.equal(String(r.outer()), '1 3 H\n\n');
    const r2 = render<'page'>(dir, { globals: { helper: 'G' }, loopLimit: 5 });
    r2._add_global(function shout(s: string) {
      return s.toUpperCase();
    });
    assert.equal(typeof r2._keywords.globals.shout, 'function');
    assert.equal(r2._keywords.loopLimit, 5);
    assert.equal(String(r2.page(0)), '0 2 G\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
