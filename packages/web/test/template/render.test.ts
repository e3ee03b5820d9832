import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { frender, render, TemplateNotFoundError, TemplateResult } from '../../src/template/index.js';
import { LAYOUT, TABLE, WEBPY_TABLE } from './fixtures/table-page.js';

const root = mkdtempSync(join(tmpdir(), 'webts-render-'));
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh template folder holding `files` (name → text). */
function folder(files: Record<string, string>): string {
  const dir = join(root, `d${++n}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

test('render.index finds index.html and returns a TemplateResult with the html content type', () => {
  const r = render(folder({ 'index.html': '$def with (name)\nHi $name\n' }));
  const out = r.index?.('<you>');
  assert.ok(out instanceof TemplateResult);
  assert.equal(String(out), 'Hi &lt;you&gt;\n');
  assert.equal(out.contentType, 'text/html; charset=utf-8');
});

test('a .txt template is not escaped and has text/plain as content type', () => {
  const r = render(folder({ 'mail.txt': '$def with (name)\nDear $name\n' }));
  const out = r.mail?.('<b>');
  assert.equal(String(out), 'Dear <b>\n');
  assert.equal(out?.contentType, 'text/plain');
});

test('lookup takes the first name.* in sorted order, skips backups, falls back to the bare name', () => {
  const dir = folder({
    'page.txt': 'txt\n',
    'page.html': 'html\n',
    'page.zzz~': 'backup\n',
    plain: 'bare $x\n',
    'old.html~': 'x',
  });
  const r = render<'page' | 'plain' | 'old'>(dir, { globals: { x: '<' } });
  assert.equal(String(r.page()), 'html\n');
  assert.equal(String(r.plain()), 'bare <\n');
  assert.throws(() => r.old(), TemplateNotFoundError);
});

test('a sub-folder becomes a nested renderer that keeps the layout', () => {
  const dir = folder({
    'layout.html': '$def with (content)\n[$:content]\n',
    'blog/view.html': '$def with (post)\n<p>$post.title</p>\n',
  });
  const r = render<'blog'>(dir, { base: 'layout' });
  assert.equal(String(r.blog.view?.({ title: 'T&C' })), '[<p>T&amp;C</p>\n]\n');
});

test('a missing template gives an error naming the template and the folder', () => {
  const dir = folder({ 'index.html': 'x' });
  const r = render(dir);
  assert.throws(
    () => r.nothere,
    (e: unknown) =>
      e instanceof TemplateNotFoundError && e.message.includes('"nothere"') && e.message.includes(dir),
  );
});

test('the layout gets the page result: $:content and $content.title', () => {
  const dir = folder({
    'layout.html': '$def with (content)\n<title>$content.title</title>\n$:content\n',
    'page.html': '$def with (who)\n$var title: Hello $who\n<p>$who</p>\n',
  });
  const r = render(dir, { base: 'layout' });
  const out = r.page?.('Ann & Bob');
  assert.equal(String(out), '<title>Hello Ann &amp; Bob</title>\n<p>Ann &amp; Bob</p>\n\n');
  assert.equal(out?.contentType, 'text/html; charset=utf-8');
});

test('a function can serve as the layout', () => {
  const dir = folder({ 'page.html': '$var title: T\nbody\n' });
  const r = render(dir, {
    base: (page) => Object.assign(new TemplateResult('text/html'), { wrapped: String(page) }),
  });
  assert.equal(r.page?.().wrapped, 'body\n');
});

test('rendering the layout itself does not wrap it in itself', () => {
  const dir = folder({ 'layout.html': '$def with (content)\n<main>$:content</main>\n' });
  const r = render(dir, { base: 'layout' });
  assert.equal(String(r.layout?.('x')), '<main>x</main>\n');
});

test('100-row table inside a layout renders exactly like web.py (title escaped once)', () => {
  const dir = folder({ 'layout.html': LAYOUT, 'table.html': TABLE });
  const rows = Array.from({ length: 100 }, (_, i) => ({ name: `item <${i}> & "q"`, qty: (i * 7) % 50 }));
  const out = render(dir, { base: 'layout' }).table?.(rows, 'Q1 <draft>');
  // web.py escapes `$var title:` text once when the page sets it and again in `$content.title`; webts does not.
  const expected = WEBPY_TABLE.replaceAll('&amp;lt;draft&amp;gt;', '&lt;draft&gt;');
  assert.notEqual(expected, WEBPY_TABLE);
  assert.equal(String(out), expected);
  assert.equal((String(out).match(/<tr class=/g) ?? []).length, 100);
});

test('names with ../, slashes, NUL, a leading dot or an absolute path never leave the folder', () => {
  const outside = folder({ 'secret.html': 'SECRET\n' });
  const dir = folder({ 'index.html': 'ok\n' });
  const r = render(dir);
  const rel = `../${outside.split('/').pop()}/secret`;
  for (const name of [
    rel,
    '../secret',
    '..',
    '.',
    '/etc/passwd',
    outside,
    'a\0b',
    'sub/../index',
    '..\\secret',
    '.hidden',
    '',
  ]) {
    assert.throws(
      () => r[name],
      (e: unknown) => e instanceof TemplateNotFoundError,
      `name ${JSON.stringify(name)} must be rejected`,
    );
  }
  assert.throws(() => render(dir, { base: '../layout' }), TemplateNotFoundError);
  assert.throws(() => render('a\0b'), TypeError);
});

test('symbols and then are not template names (the renderer is not a thenable)', async () => {
  const r = render(folder({ 'index.html': 'x' }));
  assert.equal((r as unknown as { then?: unknown }).then, undefined);
  assert.equal(await Promise.resolve(r), r);
  assert.equal('index' in r, true);
  assert.equal('missing' in r, false);
});

test('with cache (the default) a template is compiled once even if the file changes', () => {
  const dir = folder({ 'index.html': 'one\n' });
  const r = render(dir);
  assert.equal(String(r.index?.()), 'one\n');
  writeFileSync(join(dir, 'index.html'), 'two, longer\n');
  assert.equal(String(r.index?.()), 'one\n');
  assert.equal(r.index, r.index);
});

test('cache: false recompiles when the file mtime changes, and only then', () => {
  const dir = folder({ 'index.html': 'one\n' });
  const file = join(dir, 'index.html');
  utimesSync(file, 1_000_000, 1_000_000);
  const r = render(dir, { cache: false });
  const first = r.index;
  assert.equal(String(first?.()), 'one\n');
  assert.equal(r.index, first, 'unchanged file: same compiled template');
  writeFileSync(file, 'two\n');
  utimesSync(file, 2_000_000, 2_000_000);
  assert.equal(String(r.index?.()), 'two\n');
  rmSync(file);
  assert.throws(() => r.index, TemplateNotFoundError);
});

test('debug: true turns caching off unless cache is given', () => {
  const dir = folder({ 'index.html': 'one\n' });
  const file = join(dir, 'index.html');
  utimesSync(file, 1_000_000, 1_000_000);
  const dev = render(dir, { debug: true });
  const prod = render(dir, { debug: true, cache: true });
  assert.equal(String(dev.index?.()), 'one\n');
  assert.equal(String(prod.index?.()), 'one\n');
  writeFileSync(file, 'two\n');
  utimesSync(file, 2_000_000, 2_000_000);
  assert.equal(String(dev.index?.()), 'two\n');
  assert.equal(String(prod.index?.()), 'one\n');
});

test('globals are visible to every template and read live', () => {
  const globals: Record<string, unknown> = { site: 'S' };
  const r = render(folder({ 'a.html': '$site/$user\n' }), { globals });
  globals.user = 'u';
  assert.equal(String(r.a?.()), 'S/u\n');
});

test('frender loads one file with its extension rules', () => {
  const dir = folder({ 'x.html': '$def with (v)\n$v\n', 'y.txt': '$def with (v)\n$v\n' });
  assert.equal(String(frender(join(dir, 'x.html'))('<')), '&lt;\n');
  assert.equal(String(frender(join(dir, 'y.txt'))('<')), '<\n');
  assert.equal(frender(join(dir, 'x.html')).contentType, 'text/html; charset=utf-8');
});

test('a template calls another through a render global, with keyword arguments', () => {
  const dir = folder({
    'item.html': '$def with (x, cls="a")\n<i class="$cls">$x</i>\n',
    'list.html': '$for x in [1, 2]: $:r.item(x, cls="b")\n',
  });
  const globals: Record<string, unknown> = {};
  const r = render(dir, { globals });
  globals.r = r;
  // The item template ends with a newline and so does each one-line loop body, as in web.py.
  assert.equal(String(r.list?.()), '<i class="b">1</i>\n\n<i class="b">2</i>\n\n');
});
