// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Templetor syntax inside these template texts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError, SecurityError, Template, TemplateError } from '../../src/template/index.js';

/** Asserts that compiling `text` fails with `cls` at `line` (and `column` when given), message matching `re`. */
function compileFails(
  text: string,
  cls: typeof TemplateError,
  line: number,
  column: number | undefined,
  re: RegExp,
): void {
  assert.throws(
    () => Template(text, { filename: 'views/page.html' }),
    (e: unknown) => {
      assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
      assert.equal(e.filename, 'views/page.html');
      assert.equal(e.lineno, line);
      if (column !== undefined) assert.equal(e.column, column);
      assert.match(e.message, re);
      assert.match(e.message, new RegExp(`views/page\\.html, line ${line}`));
      return true;
    },
  );
}

/** Asserts that rendering fails at template `line` with a message matching `re`. */
function renderFails(text: string, args: unknown[], line: number, re: RegExp): TemplateError {
  let caught: unknown;
  try {
    Template(text, { filename: 'views/page.html' })(...args);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof TemplateError, `expected a TemplateError, got ${String(caught)}`);
  assert.equal(caught.filename, 'views/page.html');
  assert.equal(caught.lineno, line);
  assert.match(caught.message, re);
  return caught;
}

test('syntax errors name the file, line and column', () => {
  compileFails('ok\n\n  ${ `a` }\n', ParseError, 3, 6, /template literals/);
  compileFails('x $ y\n', ParseError, 1, 3, /expected an expression after '\$'/);
  compileFails('price 5$\n', ParseError, 1, 8, /\$\$ for a literal dollar/);
  compileFails('a\n${"abc\n', ParseError, 2, 3, /unterminated string/);
  compileFails('a\nb\n${(1, 2}\n', ParseError, 3, 2, /unclosed/);
  compileFails('\n\n$var 1x: y\n', ParseError, 3, 2, /invalid \$var/);
  compileFails('$for x in :\n    y\n', ParseError, 1, undefined, /unexpected|expected/);
});

test('a block with nothing indented under it is an error (web.py: IndentationError)', () => {
  compileFails('$if True:\n yes\nno\n', ParseError, 1, 2, /expected an indented block after \$if/);
  compileFails('top\n$for x in y:\n\n    z\n', ParseError, 2, 2, /indented block/);
});

test('$else and $elif need a matching block', () => {
  compileFails('$else:\n    x\n', ParseError, 1, undefined, /\$else without a matching/);
  compileFails('a\n$elif x:\n    y\n', ParseError, 2, undefined, /\$elif without/);
  compileFails('$if x:\n    a\n$# note\n$else:\n    b\n', ParseError, 4, undefined, /\$else without/);
});

test('unsupported constructs are compile errors, never wrong output', () => {
  compileFails('${a < b < c}\n', ParseError, 1, 9, /chained comparisons/);
  compileFails('${x?.y}\n', ParseError, 1, 4, /optional chaining/);
  compileFails('${f"x"}\n', ParseError, 1, 3, /f-strings/);
  compileFails('${ {1, 2} }\n', ParseError, 1, undefined, /set literals/);
  compileFails('${f(*xs)}\n', ParseError, 1, undefined, /\*args/);
  compileFails('${new Date()}\n', ParseError, 1, 3, /'new' is not supported/);
  compileFails('${this}\n', ParseError, 1, 3, /'this' is not supported/);
  compileFails('${xs.map(x => { return x })}\n', ParseError, 1, undefined, /block body/);
  compileFails(
    '$code:\n    try:\n        x = 1\n',
    ParseError,
    2,
    undefined,
    /'try' statements are not supported/,
  );
  compileFails('$code:\n    class A: pass\n', ParseError, 2, undefined, /'class' statements/);
  compileFails('$break\n', ParseError, 1, 2, /'break' outside a loop/);
  compileFails('line\n$def with (a)\n', ParseError, 2, undefined, /first line/);
  compileFails('${1j}\n', ParseError, 1, 3, /complex|suffix/);
  compileFails('${x[1, 2]}\n', ParseError, 1, undefined, /tuple subscripts/);
});

test('an unknown name fails at render time on its template line', () => {
  renderFails('$def with (a)\n1\n2\n${nope}\n', [1], 4, /NameError: name 'nope' is not defined/);
});

test('errors inside $for, $if, $def and $code point at the template line, not the generated code', () => {
  renderFails(
    '$for x in [1, 2]:\n    ok\n    $if x == 2:\n        ${x.y.z}\n',
    [],
    4,
    /TypeError: Cannot read properties of undefined/,
  );
  renderFails('$def f():\n    ${1 + missing}\n\n$:f()\n', [], 2, /missing/);
  renderFails('$code:\n    def f(x):\n        return x.y.z\n\n$f({})\n', [], 3, /TypeError/);
  renderFails('a\n$for a, b in [[1]]:\n    $a\n', [], 2, /not enough values to unpack/);
  renderFails('\n${int("x")}\n', [], 2, /ValueError: invalid literal for int\(\)/);
  renderFails('$loop.index\n', [], 1, /only available inside a \$for/);
});

test('wrong number of arguments is a TypeError on the $def with line', () => {
  renderFails('$def with (a, b)\n$a\n', [1], 1, /missing 1 required positional argument: 'b'/);
  renderFails('$def with (a)\n$a\n', [1, 2], 1, /takes 1 positional argument but 2 were given/);
});

test('the original error stays available as cause', () => {
  const t = Template('\n${f()}\n', {
    filename: 'views/page.html',
    globals: {
      f: () => {
        throw new RangeError('boom');
      },
    },
  });
  assert.throws(
    () => t(),
    (err: unknown) => err instanceof TemplateError && err.cause instanceof RangeError && err.lineno === 2,
  );
});

test('application errors thrown by helpers pass through unchanged', () => {
  class SeeOther extends Error {}
  const t = Template('$go()\n', {
    globals: {
      go: () => {
        throw new SeeOther('/login');
      },
    },
  });
  assert.throws(() => t(), SeeOther);
});

test('security errors are compile errors with a location', () => {
  compileFails('$def with (x)\nline2\n$x.constructor\n', SecurityError, 3, 4, /attribute 'constructor'/);
});
