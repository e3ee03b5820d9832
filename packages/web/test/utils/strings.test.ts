/**
 * web.utils' text helpers. Every expected value is what web.py 0.62 answers for the same call
 * (`/usr/bin/python3 -c "import web; print(repr(web.utils.X(...)))"`), unless a comment says why not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';

describe('web.utils.rstrips / lstrips / strips', () => {
  it('cut a string off one end, or each of a list in turn', () => {
    assert.equal(web.rstrips('foobar', 'bar'), 'foo');
    assert.equal(web.rstrips('foobar', 'foo'), 'foobar');
    assert.equal(web.lstrips('foobar', 'foo'), 'bar');
    assert.equal(web.lstrips('http://foo.org/', ['http://', 'https://']), 'foo.org/');
    assert.equal(web.lstrips('FOOBARBAZ', ['FOO', 'BAR']), 'BAZ');
    assert.equal(web.lstrips('FOOBARBAZ', ['BAR', 'FOO']), 'BARBAZ');
    assert.equal(web.lstrips('FOOBARBAZ', new Set(['FOO', 'BAR'])), 'BAZ');
    assert.equal(web.strips('foobarfoo', 'foo'), 'bar');
  });

  it("removing '' keeps Python's slicing: lstrips keeps the text, rstrips empties it", () => {
    assert.equal(web.lstrips('foobar', ''), 'foobar');
    assert.equal(web.rstrips('foobar', ''), '');
  });
});

describe('web.utils.iters', () => {
  it('lists the collection kinds (Python: list, tuple, set, frozenset → Array, Set)', () => {
    assert.deepEqual([...web.iters], [Array, Set]);
    assert.ok(Object.isFrozen(web.iters));
  });
});

describe('web.utils.safestr / safeunicode', () => {
  it("give Python's str() of a value", () => {
    assert.equal(web.safestr('hello'), 'hello');
    assert.equal(web.safestr(2), '2');
    assert.equal(web.safestr(1.5), '1.5');
    assert.equal(web.safestr(null), 'None');
    assert.equal(web.safestr(true), 'True');
    assert.equal(web.safestr([1, 'a']), "[1, 'a']");
    assert.equal(web.safestr({ a: 1 }), "{'a': 1}");
  });

  it('read an iterator into a list of texts', () => {
    function* two() {
      yield 1;
      yield 2;
    }
    assert.deepEqual(web.safestr(two()), ['1', '2']);
  });

  it('decode bytes as UTF-8 (web.py 0.62 prints "b\'ab\'"; Python 2 decoded, as here)', () => {
    assert.equal(web.safestr(Buffer.from('é', 'utf8')), 'é');
    assert.equal(web.safeunicode(new Uint8Array([0x61, 0x62])), 'ab');
  });

  it('are one function', () => {
    assert.equal(web.safeunicode, web.safestr);
  });
});

describe('web.utils.numify / denumify / dateify', () => {
  it('numify keeps the digits', () => {
    assert.equal(web.numify('800-555-1212'), '8005551212');
    assert.equal(web.numify('800.555.1212'), '8005551212');
    assert.equal(web.numify(12.5), '125');
    assert.equal(web.numify('a١٢b'), '١٢');
  });

  it('denumify fills the X of a pattern; too few characters is an error', () => {
    assert.equal(web.denumify('8005551212', '(XXX) XXX-XXXX'), '(800) 555-1212');
    assert.throws(() => web.denumify('12', 'XXX'), RangeError);
  });

  it('dateify formats a numified date', () => {
    assert.equal(web.dateify('20090611120000'), '2009-06-11 12:00:00');
    assert.throws(() => web.dateify('2009'), RangeError);
  });
});

describe('web.utils.commify', () => {
  it('puts commas between thousands', () => {
    const cases: [number | string, string][] = [
      [1, '1'],
      [123, '123'],
      [-123, '-123'],
      [1234, '1,234'],
      [1234567890, '1,234,567,890'],
      ['123.0', '123.0'],
      [1234.5, '1,234.5'],
      [1234.56789, '1,234.56789'],
      [' -1234.50 ', '-1,234.50'],
      ['1234567', '1,234,567'],
      [0, '0'],
      ['-', '-'],
      ['', ''],
    ];
    for (const [n, expected] of cases) assert.equal(web.commify(n), expected, String(n));
  });

  it('gives null and undefined back as undefined (None); two dots is an error', () => {
    assert.equal(web.commify(null), undefined);
    assert.equal(web.commify(undefined), undefined);
    assert.throws(() => web.commify('1.2.3'), TypeError);
  });

  it('prints a whole float as JavaScript does (Python writes 123.0 as "123.0")', () => {
    assert.equal(web.commify(123.0), '123');
  });
});

describe('web.utils.nthstr', () => {
  it('gives ordinals', () => {
    const got = [0, 1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112, 113].map((n) => web.nthstr(n));
    assert.deepEqual(got, [
      '0th',
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
      '112th',
      '113th',
    ]);
  });

  it('refuses a negative number (web.py: AssertionError)', () => {
    assert.throws(() => web.nthstr(-1), RangeError);
  });
});

describe('web.utils.intget', () => {
  it("reads an integer as Python's int() does, else the default", () => {
    assert.equal(web.intget('3'), 3);
    assert.equal(web.intget('3a'), undefined);
    assert.equal(web.intget('3a', 0), 0);
    assert.equal(web.intget(' 7 '), 7);
    assert.equal(web.intget(3.9), 3);
    assert.equal(web.intget(-3.9), -3);
    assert.equal(web.intget('-4'), -4);
    assert.equal(web.intget('+4'), 4);
    assert.equal(web.intget('1_000'), 1000);
    assert.equal(web.intget(null), undefined);
    assert.equal(web.intget(true), 1);
    assert.equal(web.intget('3.5'), undefined);
    assert.equal(web.intget(''), undefined);
    assert.equal(web.intget(Number.NaN), undefined);
  });

  it('throws for infinity, as Python (OverflowError)', () => {
    assert.throws(() => web.intget(Number.POSITIVE_INFINITY), RangeError);
  });
});

describe('web.utils.to36', () => {
  it('writes non-negative integers in base 36', () => {
    assert.deepEqual(
      [35, 119292, 0, 36, 939387374].map((n) => web.to36(n)),
      ['z', '2k1o', '0', '10', 'fjabxq'],
    );
    assert.equal(web.to36(2n ** 70n), '6x5kxtvuwilukg');
    assert.equal(Number.parseInt(web.to36(939387374), 36), 939387374);
  });

  it('refuses negative numbers and fractions', () => {
    assert.throws(() => web.to36(-393), { message: 'must supply a positive integer' });
    assert.throws(() => web.to36(3.5), TypeError);
  });
});

describe('web.utils.cond', () => {
  it("chooses by Python's truth: empty arrays, objects and strings are false", () => {
    assert.deepEqual(
      [
        web.cond(true, 'a', 'b'),
        web.cond(false, 'a', 'b'),
        web.cond(false, 'a'),
        web.cond([], 'a', 'b'),
        web.cond({}, 'a', 'b'),
        web.cond('', 'a', 'b'),
        web.cond(0, 'a', 'b'),
        web.cond('x', 'a', 'b'),
      ],
      ['a', 'b', undefined, 'b', 'b', 'b', 'b', 'a'],
    );
    const x = 2;
    assert.equal(`${web.cond(x % 2 === 0, 'even', 'odd')}_row`, 'even_row');
  });
});
