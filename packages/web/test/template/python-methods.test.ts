// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Templetor syntax inside these template texts
/**
 * Differential test against web.py 0.62 (/usr/bin/python3 with Debian's python3-webpy): each template is
 * rendered by both; where web.py renders, webts must give the same bytes; where web.py raises, webts must
 * raise a TemplateError too (never print something else).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { Template, TemplateError } from '../../src/template/index.js';

interface Case {
  text: string;
  args?: unknown[];
  /** webts refuses on purpose what web.py renders (attribute access inside format fields reaches objects). */
  refused?: boolean;
}

const S = (expr: string): Case => ({ text: `\${${expr}}` });

const CASES: Case[] = [
  // split family
  S("'a b'.split()"),
  S("'  a \\t b\\n c  '.split()"),
  S("'a b c  '.split(None, 1)"),
  S("'  a b c'.rsplit(None, 1)"),
  S("'a,b,,c'.split(',')"),
  S("'a,b,c'.split(',', 1)"),
  S("'a,b,c'.rsplit(',', 1)"),
  S("'a,b,c'.split(sep=',', maxsplit=1)"),
  S("''.split()"),
  S("''.split(',')"),
  S("'a'.split('')"),
  S("'x\\ny\\r\\nz\\rw\\n'.splitlines()"),
  S("'x\\ny\\r\\n'.splitlines(True)"),
  S("'a=b=c'.partition('=')"),
  S("'abc'.partition('=')"),
  S("'a=b=c'.rpartition('=')"),
  S("'abc'.rpartition('=')"),
  // replace
  S("'a-b-c'.replace('-', '+')"),
  S("'a-b-c'.replace('-', '+', 1)"),
  S("'abc'.replace('', '-')"),
  S("'abc'.replace('', '-', 2)"),
  S("'aaa'.replace('a', 'b', 0)"),
  // format
  S("'{} and {}'.format(1, 'x')"),
  S("'{1}{0}'.format('a', 'b')"),
  S("'{name}!'.format(name='Bob')"),
  S("'{{}} {}'.format(3)"),
  S("'{:>5}|{:<5}|{:^5}|{:*^7}'.format('ab', 'cd', 'ef', 'g')"),
  S("'{:05d}|{:+d}|{: d}|{:,}'.format(42, 5, 7, 1234567)"),
  S("'{:.2f}|{:8.3f}|{:e}|{:.1%}'.format(3.14159, 2.5, 12345.678, 0.256)"),
  S("'{:x}|{:X}|{:o}|{:b}|{:#x}'.format(255, 255, 8, 5, 255)"),
  S("'{!r} {!s}'.format('a', 'b')"),
  { text: "${'{0.real}'.format(1)}", refused: true },
  { text: "${'{0[0]}'.format([1])}", refused: true },
  S("'{'.format(1)"),
  S("'{} {}'.format(1)"),
  S("'{:d}'.format('x')"),
  // padding
  S("'42'.zfill(5)"),
  S("'-42'.zfill(5)"),
  S("'abc'.zfill(2)"),
  S("'ab'.center(5)"),
  S("'ab'.center(6, '*')"),
  S("'abc'.center(6)"),
  S("'a'.center(4)"),
  S("'ab'.ljust(4, '.')"),
  S("'ab'.rjust(4)"),
  S("'ab'.center(5, '**')"),
  // prefixes and searching
  S("'hello'.startswith(('x', 'he'))"),
  S("'hello'.endswith(('lo', 'x'))"),
  S("'hello'.startswith('l', 2)"),
  S("'hello'.endswith('l', 0, 4)"),
  S("'xxhixx'.strip('x')"),
  S("'  hi  '.strip()"),
  S("'xyhi'.lstrip('yx')"),
  S("'hi\\t\\n'.rstrip()"),
  S("', '.join(['a', 'b'])"),
  S("'-'.join('abc')"),
  S("', '.join([1, 2])"),
  S("'banana'.count('a')"),
  S("'banana'.count('a', 2)"),
  S("'banana'.count('')"),
  S("'banana'.find('na')"),
  S("'banana'.find('na', 3)"),
  S("'banana'.rfind('na')"),
  S("'banana'.find('x')"),
  S("'banana'.index('n')"),
  S("'banana'.index('x')"),
  S("'banana'.rindex('a')"),
  // case and predicates
  S("'hello World'.upper()"),
  S("'Hello'.lower()"),
  S("'hello wORLD 2nd'.title()"),
  S("'hELLO'.capitalize()"),
  S("'Hello'.swapcase()"),
  S("'123'.isdigit()"),
  S("'12a'.isdigit()"),
  S("''.isdigit()"),
  S("'abc'.isalpha()"),
  S("'ab1'.isalnum()"),
  S("' \\t'.isspace()"),
  S("'ABC1'.isupper()"),
  S("'abc1'.islower()"),
  S("'123'.isupper()"),
  // lists
  { text: '$code:\n    xs = [3, 1, 2]\n    xs.append(4)\n    xs.extend([0])\n    xs.insert(1, 9)\n${xs}' },
  { text: '$code:\n    xs = [3, 1, 2]\n    y = xs.pop()\n    z = xs.pop(0)\n${xs} $y $z' },
  { text: '$code:\n    xs = []\n    xs.pop()\n' },
  { text: '$code:\n    xs = [10, 9, 100, 1]\n    r = xs.sort()\n${xs} $r' },
  { text: "$code:\n    xs = ['b', 'a', 'C']\n    xs.sort(reverse=True)\n${xs}" },
  { text: "$code:\n    xs = ['bb', 'a', 'ccc']\n    xs.sort(key=len)\n${xs}" },
  { text: "$code:\n    xs = [1, 'a']\n    xs.sort()\n" },
  { text: '$code:\n    xs = [1, 2, 3]\n    r = xs.reverse()\n${xs} $r' },
  { text: '$code:\n    xs = [1, 2, 2]\n    xs.remove(2)\n${xs} ${xs.count(2)} ${xs.index(2)}' },
  { text: '$code:\n    xs = [1, 2]\n${xs.index(5)}' },
  { text: '$code:\n    xs = [1, 2]\n    ys = xs.copy()\n    ys.append(3)\n${xs} ${ys}' },
  // dicts
  { text: "$code:\n    d = {'a': 1}\n${d.get('a')} ${d.get('z')} ${d.get('z', 0)}" },
  { text: "$code:\n    d = {'a': 1, 'b': 2}\n${d.keys()} ${d.values()} ${d.items()}" },
  { text: "$code:\n    d = {'a': 1, 'b': 2}\n${list(d.keys())}" },
  {
    text: "$code:\n    d = {'a': 1}\n    x = d.setdefault('b', 5)\n    y = d.setdefault('a', 9)\n${d} $x $y",
  },
  { text: "$code:\n    d = {'a': 1, 'b': 2}\n    x = d.pop('a')\n    y = d.pop('z', 0)\n${d} $x $y" },
  { text: "$code:\n    d = {'a': 1}\n    d.pop('z')\n" },
  { text: "$code:\n    d = {'a': 1}\n    d.update({'b': 2}, c=3)\n    d.update([('e', 5)])\n${d}" },
  { text: "$for k, v in {'x': 1, 'y': 2}.items():\n    $k=$v\n" },
  // loop.parent
  {
    text: "$for a in [1, 2]:\n    $for b in 'xy':\n        $loop.index/$loop.parent.index/$loop.parent.length/$loop.parent.parent/$loop.parent.parity\n",
  },
  { text: '$for a in [1, 2]:\n    [$loop.parent]\n' },
  // unbound locals
  { text: '$ x += 1\n$x' },
  { text: '$code:\n    y = y + 1\n$y' },
  { text: '${None + 1}' },
  { text: "${'a' + None}" },
  { text: '$code:\n    y = 1\n    y += 2\n$y' },
  { text: '$code:\n    def f():\n        n += 1\n        return n\n${f()}' },
];

function pythonResults(cases: Case[]): { ok: boolean; out: string }[] {
  const script = `
import sys, json
from web.template import Template
res = []
for c in json.load(sys.stdin):
    try:
        res.append({'ok': True, 'out': str(Template(c['text'], filename='x.txt')(*c.get('args', [])))})
    except Exception as e:
        res.append({'ok': False, 'out': type(e).__name__ + ': ' + str(e)})
print(json.dumps(res))
`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  return JSON.parse(out) as { ok: boolean; out: string }[];
}

test('str, list and dict methods, loop.parent and unbound locals render as web.py 0.62 renders them', () => {
  const expected = pythonResults(CASES);
  const mismatches: string[] = [];
  CASES.forEach((c, i) => {
    const py = expected[i] as { ok: boolean; out: string };
    let ours: { ok: boolean; out: string };
    try {
      ours = { ok: true, out: String(Template(c.text, { filename: 'x.txt' })(...(c.args ?? []))) };
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      ours = { ok: false, out: e.message };
    }
    if (c.refused) {
      if (ours.ok || !py.ok) mismatches.push(`${JSON.stringify(c.text)} should be refused by webts only`);
    } else if (py.ok && (!ours.ok || ours.out !== py.out))
      mismatches.push(
        `${JSON.stringify(c.text)}\n  web.py: ${JSON.stringify(py.out)}\n  webts:  ${JSON.stringify(ours.out)}`,
      );
    else if (!py.ok && ours.ok)
      mismatches.push(
        `${JSON.stringify(c.text)}\n  web.py: ${py.out}\n  webts rendered ${JSON.stringify(ours.out)}`,
      );
  });
  assert.deepEqual(mismatches, []);
  // The cases must exercise both sides.
  assert.ok(expected.filter((r) => r.ok).length > 80);
  assert.ok(expected.filter((r) => !r.ok).length >= 8);
});

test('an unbound local is an UnboundLocalError like Python, never NaN', () => {
  assert.throws(
    () => Template('$ x += 1\n$x')(),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.message ===
        "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value (<template>, line 1)",
  );
});
