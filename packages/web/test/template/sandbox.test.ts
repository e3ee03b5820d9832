// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Templetor syntax inside these template texts
/**
 * The sandbox as a boundary: every expression form a template has is tried with keys that lead to the
 * prototype chain or to Function, and after each the process is checked: no prototype changed, no code
 * outside the template ran (globalThis.__pwned stays unset), and the template either rendered or failed
 * with a TemplateError.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import web from '../../src/index.js';
import { SecurityError, Template, TemplateError } from '../../src/template/index.js';
import { ForLoop } from '../../src/template/loop.js';
import { PyRange } from '../../src/template/python.js';
import { TemplateResult } from '../../src/template/result.js';
import { httpRequest, withServer } from '../helpers/http.js';

const PROTOTYPES: [string, object][] = [
  ['Object', Object.prototype],
  ['Function', Function.prototype],
  ['Array', Array.prototype],
  ['String', String.prototype],
  ['Number', Number.prototype],
  ['Boolean', Boolean.prototype],
  ['Map', Map.prototype],
  ['Set', Set.prototype],
  ['Promise', Promise.prototype],
  ['RegExp', RegExp.prototype],
  ['Error', Error.prototype],
  ['Symbol', Symbol.prototype],
  ['TemplateResult', TemplateResult.prototype],
  ['ForLoop', ForLoop.prototype],
  ['PyRange', PyRange.prototype],
];

type Snapshot = Map<string, unknown>;

/** Every own property of every prototype, with its value or accessor pair, compared by identity. */
function snapshot(): Snapshot {
  const out: Snapshot = new Map();
  for (const [name, proto] of PROTOTYPES) {
    out.set(`${name}.[[Prototype]]`, Object.getPrototypeOf(proto));
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor;
      out.set(`${name}.${String(key)}`, 'value' in d ? d.value : [d.get, d.set]);
    }
  }
  return out;
}

const clean = snapshot();
const sentinel = globalThis as { __pwned?: unknown };

function assertUntouched(label: string): void {
  assert.equal(sentinel.__pwned, undefined, `${label}: code outside the template ran`);
  const now = snapshot();
  for (const [k, v] of now) {
    if (!clean.has(k)) assert.fail(`${label}: ${k} was added`);
    if (clean.get(k) !== v) {
      const a = clean.get(k);
      if (!(Array.isArray(a) && Array.isArray(v) && a[0] === v[0] && a[1] === v[1]))
        assert.fail(`${label}: ${k} was changed`);
    }
  }
  assert.equal(now.size, clean.size, `${label}: a prototype lost a property`);
}

/** A function handed to templates as a global: reachable by design, so it must not lead anywhere else. */
const globals = (): Record<string, unknown> => ({
  f: (...a: unknown[]) => a.length,
  obj: { a: 1, nested: { b: 2 } },
  m: new Map<unknown, unknown>([['constructor', 'map data']]),
});

/** Compiles and renders; returns the output, or the TemplateError. Anything else thrown fails the test. */
function attempt(text: string): string | TemplateError {
  try {
    return String(Template(text, { filename: 'hostile.html', globals: globals() })());
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw new assert.AssertionError({ message: `${JSON.stringify(text)} threw a non-template error: ${e}` });
  }
}

const PAYLOAD = "'globalThis.__pwned = 1; return process'";

/** Ways of spelling a hostile key so that it is not a string literal until JavaScript converts it. */
const KEY_FORMS = (k: string): string[] => [
  `'${k}'`,
  `['${k}']`,
  `[['${k}']]`,
  `('${k}',)`,
  `'${k.slice(0, 3)}' + '${k.slice(3)}'`,
  `'%s' % '${k}'`,
  `''.join(['${k.slice(0, 2)}', '${k.slice(2)}'])`,
  `{'toString': lambda: '${k}'}`,
  `str('${k}')`,
  `[x for x in ['${k}']][0]`,
  `(lambda: '${k}')()`,
];

const HOSTILE_KEYS = [
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__lookupGetter__',
  'caller',
];

/** Values a template can reach without any help: builtins, literals, its own functions, loop, self. */
const TARGETS = ['len', 'str', 'range', "''", '[]', '{}', '0', 'True', 'range(3)', 'self', 'f', 'obj', 'm'];

/** Every place an expression can sit in a template, with `E` standing for the hostile expression. */
const CONTEXTS = [
  '${E}',
  '$:E',
  '$ x = E\n${x}',
  '$code:\n    x = E\n${x}',
  '$for i in [1]:\n    ${E}',
  '$for i in [1]:\n    ${loop[K]}',
  '$def with (a=E)\n${a}',
  '$def g(a=E):\n    ${a}\n${g()}',
  '$code:\n    def g(a=E):\n        return a\n${g()}',
  '${[E for i in [1]]}',
  '${[i for i in [E]]}',
  '${E if True else 1}',
  '$if E:\n    yes\n',
  '$var t: ${E}\n',
  '$var t = E\n${self.t}',
  '${ {K: 1} }',
  '${ {1: E} }',
  '${f(E)}',
  '${f(a=E)}',
  '${(lambda q=E: q)()}',
  '${(E)()}',
  '${E(' + PAYLOAD + ')()}',
  '${E[K](' + PAYLOAD + ')()}',
  '${E[K][K](' + PAYLOAD + ')()}',
];

const WRITES = [
  '$code:\n    d = {}\n    d[K] = {"polluted": 1}\n${d}',
  '$code:\n    d = {}\n    d[K]["polluted"] = 1\n',
  '$code:\n    d = []\n    d[K] = 1\n',
  '$ d = {}\n$ d[K] = 1\n',
  '$ d = {}\n$ d[K] += 1\n',
  '$ d = {}\n$ d[K], y = 1, 2\n',
  '$code:\n    d = {}\n    for d[K] in [1]:\n        pass\n',
  '$ T[K] = 1\n',
  '$ T[K][K] = 1\n',
  '$ T[K]["polluted"] = 1\n',
  '$code:\n    T[K] = {"polluted": 1}\n',
  '${[1 for d[K] in [{}]]}',
];

test('hostile keys in every expression form: no prototype changes, no code outside the template runs', () => {
  let denied = 0;
  let tried = 0;
  let turn = 0;
  // Every key form of every hostile key in every context; the target and the expression shape rotate.
  for (const key of HOSTILE_KEYS) {
    for (const kf of KEY_FORMS(key)) {
      for (const ctx of CONTEXTS) {
        const target = TARGETS[turn++ % TARGETS.length] as string;
        const shapes = [`${target}[${kf}]`, `${target}[${kf}][${kf}]`, `(${target})[${kf}]`];
        const text = ctx.replaceAll('E', shapes[turn % shapes.length] as string).replaceAll('K', kf);
        if (attempt(text) instanceof TemplateError) denied++;
        tried++;
        assertUntouched(text);
      }
      for (const w of WRITES) {
        const target = TARGETS[turn++ % TARGETS.length] as string;
        const text = w.replaceAll('T', target).replaceAll('K', kf);
        attempt(text);
        tried++;
        assertUntouched(text);
      }
    }
  }
  assert.ok(tried > 2000 && denied > tried / 2, `${denied} of ${tried} refused`);
});

test('the two reported escapes are refused with a SecurityError or a TypeError, and nothing ran', () => {
  const rce = attempt("${len[['constructor']]('globalThis.__pwned = 1')()}");
  assert.ok(rce instanceof TemplateError, String(rce));
  assert.match(rce.message, /'function' object is not subscriptable/);
  const str = attempt("${''[['constructor']][['constructor']]('globalThis.__pwned = 1')()}");
  assert.ok(str instanceof SecurityError, String(str));
  assert.match(str.message, /access to key 'constructor' is denied/);
  const pollute = attempt("$code:\n    d = {}\n    d[['__proto__']] = {'polluted': 1}\n");
  assert.ok(pollute instanceof SecurityError, String(pollute));
  assert.match(pollute.message, /access to key '__proto__' is denied \(hostile\.html, line 3\)/);
  assertUntouched('reported escapes');
});

test('call, apply and bind are refused on functions, and stay usable as data keys and on objects', () => {
  for (const text of [
    "${len.call(None, 'abc')}",
    "${len.apply(None, ['abc'])}",
    '${len.bind(None)}',
    '${f.call}',
    "${'x'.toUpperCase.call('y')}",
    '$ g = len.bind\n',
    '${(lambda: 1).call(None)}',
    '$def g():\n    x\n${g.apply(None, [])}',
    '${[len][0].bind(None)}',
  ]) {
    const r = attempt(text);
    assert.ok(r instanceof SecurityError, `${text}: ${r}`);
    assert.match(r.message, /access to attribute '(call|apply|bind)' of a function is denied/);
  }
  assert.equal(attempt("${ {'call': 3}.call }${ {'apply': 4}['apply'] }"), '34\n');
  assertUntouched('call/apply/bind');
});

test('Map keys are data: any key is looked up with Map.get, never as a property', () => {
  // A literal denied key is refused when the template is compiled, whatever the value; a computed one is data.
  assert.equal(attempt("${m['constr' + 'uctor']}"), 'map data\n');
  assert.equal(attempt("$ k = '__pro' + 'to__'\n$ m[k] = 'x'\n${m[k]}|${len(m)}"), 'x|2\n');
  assertUntouched('map keys');
});

test('a dict only holds its own keys: inherited members are missing, not methods', () => {
  assert.equal(
    attempt("${ {}['toString'] }|${ {}['hasOwnProperty'] }|${ {'valueOf': 1}['valueOf'] }"),
    '||1\n',
  );
});

test("web.py's attribute rule: _, func_ and im_ prefixes are denied; _names are ordinary variables", () => {
  for (const [text, name] of [
    ['${obj._y}', '_y'],
    ['${obj.func_code}', 'func_code'],
    ['${obj.im_self}', 'im_self'],
    ['${obj.__class__}', '__class__'],
  ]) {
    assert.throws(
      () => Template(text as string),
      (e: unknown) =>
        e instanceof SecurityError && e.message.startsWith(`access to attribute '${name}' is denied`),
      text,
    );
  }
  // Subscripts are data, as in web.py: `x["__class__"]` is refused only because it leads to the prototype.
  assert.equal(attempt("${obj['a']}|${ {'_id': 7}['_id'] }|${ {'func_x': 8}['func_x'] }"), '1|7|8\n');
  assert.equal(attempt('$code:\n    _ = 3\n    _a = 4\n${_}${_a}'), '34\n');
});

test('a runaway $while stops at loopLimit with a TemplateError that names the line', () => {
  const text = '$ i = 0\n$while True:\n    $ i += 1\n';
  assert.throws(
    () => Template(text, { loopLimit: 1000 })(),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.message ===
        "RuntimeError: $while loop ran more than 1000 times (the template's loopLimit) (<template>, line 2)",
  );
  // Within the budget the loop runs normally; the count is per loop run, not per template.
  const ok = Template(
    '$ n = 0\n$for k in range(3):\n    $ i = 0\n    $while i < 5:\n        $ i += 1\n        $ n += 1\n$n',
    {
      loopLimit: 5,
    },
  );
  assert.equal(String(ok()), '15\n');
  assert.throws(() => Template('x', { loopLimit: Number.NaN }), TypeError);
  assert.equal(
    String(Template('$ i = 0\n$while i < 2000000:\n    $ i += 1\n$i', { loopLimit: Infinity })()),
    '2000000\n',
  );
});

/** Small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random templates from the expression and statement grammar, with hostile keys and names mixed in. */
function generator(rand: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const ATTRS = [
    'upper',
    'split',
    'get',
    'keys',
    'items',
    'append',
    'length',
    'name',
    'call',
    'apply',
    'bind',
    'index',
    'parity',
    'a',
    'nested',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'map',
    'join',
    'constructor',
    '__proto__',
    'prototype',
    '_x',
    'func_code',
    'im_self',
    'caller',
    'arguments',
  ];
  const NAMES = [
    'len',
    'str',
    'range',
    'dict',
    'list',
    'tuple',
    'enumerate',
    'f',
    'obj',
    'm',
    'x',
    'loop',
    'self',
    'int',
    'max',
    'sorted',
    'process',
    'globalThis',
    'Function',
    'constructor',
  ];
  const STRINGS = [...HOSTILE_KEYS, 'a', 'b', 'x', '', 'call', 'bind', 'toString', 'globalThis.__pwned = 1'];
  const expr = (depth: number): string => {
    if (depth <= 0 || rand() < 0.25) {
      switch (Math.floor(rand() * 5)) {
        case 0:
          return pick(NAMES);
        case 1:
          return `'${pick(STRINGS)}'`;
        case 2:
          return String(Math.floor(rand() * 5) - 2);
        case 3:
          return pick(['True', 'False', 'None', '[]', '{}', '()']);
        default:
          return `x`;
      }
    }
    const d = depth - 1;
    switch (Math.floor(rand() * 14)) {
      case 0:
        return `${expr(d)}[${expr(d)}]`;
      case 1:
        return `${expr(d)}.${pick(ATTRS)}`;
      case 2:
        return `${expr(d)}(${rand() < 0.5 ? '' : expr(d)})`;
      case 3:
        return `${expr(d)}.${pick(ATTRS)}(${rand() < 0.5 ? '' : expr(d)})`;
      case 4:
        return `[${expr(d)}, ${expr(d)}]`;
      case 5:
        return `(${expr(d)},)`;
      case 6:
        return `{${expr(d)}: ${expr(d)}}`;
      case 7:
        return `${expr(d)} ${pick(['+', '%', '*', 'or', 'and', '==', 'in'])} ${expr(d)}`;
      case 8:
        return `[y for y in ${expr(d)}]`;
      case 9:
        return `(lambda y: ${expr(d)})`;
      case 10:
        return `{'toString': lambda: ${expr(d)}}`;
      case 11:
        return `f(${pick(['a', 'b', '__proto__', 'constructor'])}=${expr(d)})`;
      case 12:
        return `${expr(d)}[${expr(d)}:${expr(d)}]`;
      default:
        return `[${expr(d)}]`;
    }
  };
  const stmt = (): string => {
    switch (Math.floor(rand() * 8)) {
      case 0:
        return `$ x = ${expr(3)}\n`;
      case 1:
        return `$ ${expr(2)}[${expr(2)}] = ${expr(2)}\n`;
      case 2:
        return `$code:\n    x = ${expr(3)}\n    x[${expr(2)}] = ${expr(2)}\n`;
      case 3:
        return `$for y in ${expr(2)}:\n    ${'${'}${expr(3)}}\n`;
      case 4:
        return `$if ${expr(2)}:\n    ${'${'}${expr(2)}}\n`;
      case 5:
        return `$var v: ${'${'}${expr(2)}}\n`;
      case 6:
        return `$ x ${pick(['+=', '*='])} ${expr(2)}\n`;
      default:
        return `${'${'}${expr(4)}}\n`;
    }
  };
  return (): string => {
    const head = rand() < 0.2 ? `$def with (x=${expr(2)})\n` : '$ x = {}\n';
    let body = '';
    const n = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < n; i++) body += stmt();
    return head + body;
  };
}

test('generated: 2000 random hostile templates render or fail with a TemplateError, and change nothing', () => {
  const seed = 20261201;
  const next = generator(prng(seed));
  let rendered = 0;
  for (let i = 0; i < 2000; i++) {
    const text = next();
    let r: string | TemplateError;
    try {
      r = attempt(text);
    } catch (e) {
      assert.fail(`seed ${seed}, template #${i}:\n${text}\n${(e as Error).message}`);
    }
    if (typeof r === 'string') rendered++;
    assertUntouched(`seed ${seed}, template #${i}:\n${text}`);
  }
  // The grammar must produce templates that run, not only parse errors.
  assert.ok(rendered > 200, `only ${rendered} rendered`);
});

test('through a real server: hostile template text gives a clean 500, and the next request is served', async () => {
  const app = web.application([
    '/render',
    class {
      POST() {
        return String(web.template.Template(web.data().toString('utf8'))());
      }
    },
    '/',
    class {
      GET() {
        return String(web.template.Template('$def with (name)\nHello, $name!')('world'));
      }
    },
  ]);
  const logged: string[] = [];
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    await withServer(app, async ({ port }) => {
      for (const body of [
        "${len[['constructor']]('globalThis.__pwned = 1; return process')()}",
        "${''[['constructor']][['constructor']]('globalThis.__pwned = 1')()}",
        "$code:\n    d = {}\n    d[['__proto__']] = {'polluted': 1}\n",
        "${len.call.call(len, None, 'x')}",
        '$while True:\n    x\n',
      ]) {
        const bad = await httpRequest(port, '/render', { method: 'POST', body });
        assert.equal(bad.statusCode, 500, body);
        assert.equal(bad.body, 'internal server error');
        const next = await httpRequest(port, '/');
        assert.equal(next.statusCode, 200);
        assert.equal(next.body, 'Hello, world!\n');
        assertUntouched(body);
      }
      const fine = await httpRequest(port, '/render', { method: 'POST', body: "${'a b'.upper()}" });
      assert.equal(fine.body, 'A B\n');
    });
  } finally {
    process.stderr.write = original;
  }
  const log = logged.join('');
  assert.match(log, /SecurityError: access to key 'constructor' is denied/);
  assert.match(log, /SecurityError: access to key '__proto__' is denied \(<template>, line 3\)/);
  assert.match(log, /RuntimeError: \$while loop ran more than 1000000 times/);
});
