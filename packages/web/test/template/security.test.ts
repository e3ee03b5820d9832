// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Templetor syntax inside these template texts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError, SecurityError, Template, TemplateError } from '../../src/template/index.js';

const render = (text: string, globals: Record<string, unknown> = {}, ...args: unknown[]): string =>
  String(Template(text, { filename: 'evil.html', globals })(...args));

test('constructor, prototype, __proto__ and _attributes are refused at compile time', () => {
  for (const text of [
    '${x.constructor}',
    '${x.prototype}',
    '${x.__proto__}',
    '${x._private}',
    '${__import__("os")}',
    '$def __hidden():\n    x\n',
    '$code:\n    def __f(): return 1\n',
    '$def with (__a)\n',
    '${x["constructor"]}',
    '${x["__proto__"]}',
    "${''.constructor.constructor('return process')()}",
    '${[].map.constructor("return 1")()}',
    '${f.caller}',
    '${f.arguments}',
    '$ x.y = 1\n',
    '$code:\n    import os\n',
    '$code:\n    from os import path\n',
  ]) {
    assert.throws(() => Template(text), SecurityError, text);
  }
});

test('keys computed at runtime cannot reach the prototype chain either', () => {
  for (const key of ['constructor', '__proto__', 'prototype', '__defineGetter__']) {
    assert.throws(
      () => render('${x[k]}', { x: {}, k: key }),
      (e: unknown) => e instanceof SecurityError && e.lineno === 1,
      key,
    );
    assert.throws(() => render('$code:\n    x[k] = 1\n', { x: {}, k: key }), SecurityError, key);
  }
  // Data keys that merely start with one underscore stay readable.
  assert.equal(render("${row['_id']}", { row: { _id: 7 } }), '7\n');
});

test('only arguments, template variables, builtins and user globals are visible', () => {
  for (const name of [
    'process',
    'globalThis',
    'global',
    'require',
    'Function',
    'eval',
    'Object',
    'Reflect',
    'setTimeout',
    'module',
    'arguments',
    'Symbol',
  ]) {
    assert.throws(
      () => render(`\${${name}}`),
      (e: unknown) => e instanceof TemplateError && /NameError|not supported|denied/.test(e.message),
      name,
    );
  }
  assert.equal(render('${len([1, 2])} $site', { site: 'S' }), '2 S\n');
});

test('globals inherited from Object.prototype are not names', () => {
  assert.throws(() => render('${toString}'), /NameError/);
  assert.throws(() => render('${hasOwnProperty}'), /NameError/);
});

test('quotes and code in data or string literals stay text', () => {
  const payload = '"); globalThis.pwned = 1; ("';
  assert.equal(render('$:x', { x: payload }), `${payload}\n`);
  assert.equal(render(`$:{'\\'); globalThis.pwned = 1; (\\''}`), "'); globalThis.pwned = 1; ('\n");
  assert.equal(render('${"}"}${"\\u0041"}'), '}A\n');
  assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
});

test('generated names cannot be shadowed or reached from a template', () => {
  assert.throws(() => Template('${$r}'), TemplateError);
  assert.throws(() => Template('$ $line = 1'), TemplateError);
  // Variables named like JavaScript keywords are prefixed, so they do not break the generated code.
  assert.equal(render('$ of = 1\n$ let_ = 2\n$of $let_'), '1 2\n');
});

test('hostile template text: deep nesting, huge input and binary garbage fail cleanly', () => {
  assert.throws(() => Template(`\${${'('.repeat(5000)}1${')'.repeat(4999)}}`), TemplateError);
  for (const text of [
    `\${${'('.repeat(5000)}1${')'.repeat(5000)}}`,
    `\${${'-'.repeat(50_000)}1}`,
    `\${${'not '.repeat(20_000)}1}`,
    `\${${'1+'.repeat(50_000)}1}`,
    `\${x${'.a'.repeat(50_000)}}`,
    `${Array.from({ length: 500 }, (_, i) => `${' '.repeat(4 * i)}$if True:\n`).join('')}${' '.repeat(2000)}x\n`,
    `$code:\n${Array.from({ length: 500 }, (_, i) => `${' '.repeat(4 + 4 * i)}if True:\n`).join('')}${' '.repeat(2004)}x = 1\n`,
  ]) {
    assert.throws(
      () => Template(text),
      (e: unknown) => e instanceof ParseError && /nested too deeply/.test(e.message),
    );
  }
  const long = `${'<td>$x</td>'.repeat(5000)}\n`;
  assert.equal(String(Template(long, { globals: { x: 1 } })()).length, 10 * 5000 + 1);
  const big = 'x'.repeat(200_000);
  assert.equal(String(Template(`${big}\n`)()).length, 200_001);
  const garbage = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 0xffff)).join('');
  try {
    Template(garbage)();
  } catch (e) {
    assert.ok(e instanceof TemplateError, String(e));
  }
});
