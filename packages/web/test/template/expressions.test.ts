// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Templetor syntax inside these template texts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Template } from '../../src/template/index.js';

const out = (text: string, globals: Record<string, unknown> = {}): string =>
  String(Template(text, { filename: 'x.txt', globals })()).replace(/\n$/, '');

test('JavaScript operators and literals work as in JavaScript', () => {
  assert.equal(
    out('${1 === 1} ${1 !== "1"} ${null ?? "d"} ${0 || "z"} ${1 && 2} ${!0} ${typeof "s"}'),
    'True True d z 2 True string',
  );
  assert.equal(out('${true} ${false} ${null} ${undefined}|'), 'True False  |');
  assert.equal(out('${x ? "y" : "n"}', { x: 0 }), 'n');
  assert.equal(
    out('${(1 + 2) * 3 - 4 / 2} ${2 ** 3 ** 2} ${-2 ** 2} ${7 & 3} ${1 << 4} ${~0}'),
    '7 512 -4 3 16 -1',
  );
});

test('arrow functions, array and object methods, object literals', () => {
  assert.equal(out('${xs.map(x => x * 2).join("-")}', { xs: [1, 2, 3] }), '2-4-6');
  assert.equal(out('${xs.filter((x, i) => i > 0).length}', { xs: [1, 2, 3] }), '2');
  assert.equal(out('${({a: 1, "b": 2, [k]: 3}).c}', { k: 'c' }), '3');
  assert.equal(out('$ o = {a: 1}\n${o.a} ${o["a"]}'), '1 1');
  assert.equal(out('${JSONish.stringify({a: [1]})}', { JSONish: JSON }), '{"a":[1]}');
  assert.equal(out('${d.toISOString().slice(0, 10)}', { d: new Date(Date.UTC(2020, 1, 3)) }), '2020-02-03');
});

test('Python operators: and/or return operands, not/in/is, conditional expression', () => {
  assert.equal(out('${[] or "empty"} ${"a" and "b"} ${not []} ${not [0]}'), 'empty b True False');
  assert.equal(
    out('${2 in [1, 2]} ${"k" in {"k": 1}} ${"ell" in "hello"} ${3 not in [1]}'),
    'True True True True',
  );
  assert.equal(
    out('${x is None} ${x is not None} ${u is None}', { x: null, u: undefined }),
    'True False True',
  );
  assert.equal(out('${"y" if [] else "n"} ${"y" if {} else "n"} ${"y" if "0" else "n"}'), 'n n y');
  assert.equal(
    out('${m.has("a")} ${"a" in m} ${"b" in s}', { m: new Map([['a', 1]]), s: new Set(['b']) }),
    'True True True',
  );
});

test('== compares lists by value, None equals undefined', () => {
  assert.equal(
    out('${[1, [2]] == [1, [2]]} ${None == u} ${[1] != [2]} ${1 == "1"}', { u: undefined }),
    'True True True False',
  );
});

test('slices, negative indexes and steps follow Python', () => {
  assert.equal(
    out('${s[1:-1]} ${s[::2]} ${s[-2:]} ${xs[-1]} ${xs[::-1]} ${xs[5:]}', { s: 'abcdef', xs: [1, 2, 3] }),
    'bcde ace ef 3 [3, 2, 1] []',
  );
  assert.throws(() => out('${xs[3]}', { xs: [1] }), /IndexError: list index out of range/);
});

test('string, list and dict methods from Python are available on JavaScript values', () => {
  assert.equal(
    out('${", ".join(["a", "b"])} ${"Hello World".lower()} ${"x".upper()} ${"  pad ".strip()}|'),
    'a, b hello world X pad|',
  );
  assert.equal(
    out('${"a-b".startswith("a")} ${"hi there".title()} ${"ab".endswith("c")}'),
    'True Hi There False',
  );
  assert.equal(out('$for k, v in d.items(): $k=$v,', { d: { a: 1, b: 2 } }), 'a=1,\nb=2,');
  assert.equal(
    out('${d.get("a")} ${d.get("z", 0)} ${d.keys()} ${d.values()}', { d: { a: 1 } }),
    "1 0 dict_keys(['a']) dict_values([1])",
  );
  assert.equal(
    out('$code:\n    xs = []\n    xs.append(1)\n    xs.extend([2, 3])\n${xs} ${xs.index(2)}'),
    '[1, 2, 3] 1',
  );
  // Python's method wins over a JavaScript method of the same name.
  assert.equal(out('${"a-b-c".replace("-", "+")}'), 'a+b+c');
});

test('builtins: len, range, str, int, float, bool, enumerate, list, dict, min, max, any, all', () => {
  assert.equal(out('$len("abc") $len([1]) $len({"a": 1}) $len(range(5))'), '3 1 1 5');
  assert.equal(out('$list(range(2, 8, 2)) $list(range(3, 0, -1)) $list(range(0))'), '[2, 4, 6] [3, 2, 1] []');
  assert.equal(
    out('${str(1) + "x"} ${int("12") + 1} ${int(3.9)} ${float("2.5")} ${bool([])}'),
    '1x 13 3 2.5 False',
  );
  assert.equal(
    out('$list(enumerate(["a"], 1)) ${dict([["a", 1]])} ${min([3, 1])} ${max(1, 5)}'),
    "[(1, 'a')] {'a': 1} 1 5",
  );
  assert.equal(
    out('${any([0, 1])} ${all([1, 0])} ${abs(-2)} ${chr(65)} ${ord("A")} ${hex(255)}'),
    'True False 2 A 65 0xff',
  );
  assert.throws(() => out('${sorted([2, 1])}'), /NameError: name 'sorted'/);
});

test('% formatting and string repetition', () => {
  assert.equal(out("${'%s has %d items (%.1f%%)' % ('cart', 3, 12.345)}"), 'cart has 3 items (12.3%)');
  assert.equal(
    out("${'%(a)s/%(b)05d' % {'a': 'x', 'b': 42}} ${'%-3s|%3s|' % ('a', 'b')} ${'%x' % 255}"),
    'x/00042 a  |  b| ff',
  );
  assert.equal(out("${'-' * 3} ${[0] * 2} ${7 % -3} ${-7 // 2}"), '--- [0, 0] -2 -4');
  assert.throws(() => out("${'%s %s' % ('a',)}"), /not enough arguments/);
});

test('list comprehensions and generator arguments', () => {
  assert.equal(out('${[x * x for x in range(5) if x % 2]}'), '[1, 9]');
  assert.equal(out('${[(a, b) for a in [1, 2] for b in "xy" if a > 1]}'), "[(2, 'x'), (2, 'y')]");
  assert.equal(
    out('${sum(x for x in [1, 2, 3])}', { sum: (xs: number[]) => xs.reduce((a, b) => a + b, 0) }),
    '6',
  );
  assert.equal(out('$ x = 5\n${[x for x in [1]]} $x'), '[1] 5');
});

test('lambdas and template functions with keyword arguments', () => {
  assert.equal(out('$ add = lambda a, b=10: a + b\n${add(1)} ${add(1, 2)}'), '11 3');
  assert.equal(
    out(
      '$def tag(name, cls="x", *rest, **attrs):\n    <$name class="$cls">$rest $attrs</$name>\n$:tag("p", cls="y", id=1)',
    ),
    '<p class="y">() {\'id\': 1}</p>\n',
  );
  assert.throws(() => out('${f(a=1)}', { f: () => 1 }), /does not take keyword arguments/);
  assert.throws(() => out('$def f(a):\n    x\n$f(b=1)'), /unexpected keyword argument 'b'/);
});

test('strings keep quotes, escapes, dollars and hashes intact', () => {
  assert.equal(
    out(`\${"it's"} \${'say "hi"'} \${"a\\tb"} \${'$x # not a comment'} \${r'\\n'} \${"""tri"ple"""}`),
    'it\'s say "hi" a\tb $x # not a comment \\n tri"ple',
  );
  assert.equal(out('${"\\u00e9\\x41"}'), 'éA');
});

test('$code blocks: if/elif/else, for/else, while, def with return, augmented assignment, comments', () => {
  const text = [
    '$code:',
    '    total = 0  # running sum',
    '    for i in range(5):',
    '        if i == 3:',
    '            continue',
    '        elif i == 4:',
    '            break',
    '        else:',
    '            total += i',
    '    else:',
    '        total = -1',
    '    def fact(n):',
    '        if n <= 1: return 1',
    '        return n * fact(n - 1)',
    '    n = 0',
    '    while n < 3:',
    '        n += 1',
    '    d = {"k": [1,',
    '          2]}',
    '$total ${fact(5)} $n ${d["k"]}',
  ].join('\n');
  assert.equal(out(text), '3 120 3 [1, 2]');
});

test('$while with $break and $continue', () => {
  assert.equal(
    out('$ i = 0\n$while True:\n    $ i += 1\n    $if i > 3:\n        $break\n    $i,'),
    '1,\n2,\n3,',
  );
});

test('a $def function can read and the template can reassign outer variables', () => {
  assert.equal(
    out('$ prefix = ">"\n$def f(x):\n    $prefix$x\n$:f(1)\n$ prefix = "#"\n$:f(2)'),
    '>1\n\n#2\n',
  );
});
