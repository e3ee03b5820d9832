import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as form from '../../src/form/index.js';

describe('notnull', () => {
  test('fails on what Python calls false: missing, empty string, empty list', () => {
    for (const bad of [null, undefined, '', [], 0, false, {}])
      assert.equal(form.notnull.valid(bad as never), false);
  });

  test('passes any non-empty value, even whitespace or "0", as web.py does', () => {
    for (const good of ['x', ' ', '0', 'false', ['a'], 1])
      assert.equal(form.notnull.valid(good as never), true);
  });

  test('its note is Required', () => {
    assert.equal(form.notnull.msg, 'Required');
  });
});

describe('regexp', () => {
  const valid = (rx: string | RegExp, value: unknown) => form.regexp(rx, 'bad').valid(value);

  test('matches at the start only, like re.match: the rest of the value is not checked', () => {
    assert.equal(valid('abc', 'abcdef'), true);
    assert.equal(valid('abc', 'xabc'), false);
    assert.equal(valid('\\d+', '12ab'), true);
  });

  test('a trailing $ anchors the end', () => {
    assert.equal(valid('.{3,20}$', 'ab'), false);
    assert.equal(valid('.{3,20}$', 'abc'), true);
    assert.equal(valid('.{3,20}$', 'x'.repeat(21)), false);
  });

  test('$ does not accept a trailing newline (Python would)', () => {
    assert.equal(valid('abc$', 'abc\n'), false);
  });

  test('the same validator gives the same answer on repeated use (no lastIndex drift)', () => {
    const v = form.regexp('a', 'bad');
    assert.deepEqual([v.valid('a'), v.valid('a'), v.valid('b'), v.valid('a')], [true, true, false, true]);
  });

  test('Python spellings: (?i), (?P<name>…), (?P=name), \\A and \\Z', () => {
    assert.equal(valid('(?i)abc', 'ABC'), true);
    assert.equal(valid('(?P<c>[a-z])(?P=c)', 'aa'), true);
    assert.equal(valid('(?P<c>[a-z])(?P=c)', 'ab'), false);
    assert.equal(valid('\\Aab\\Z', 'ab'), true);
    assert.equal(valid('\\Aab\\Z', 'abc'), false);
    assert.equal(valid('[\\Z]', 'Z'), true);
  });

  test('counts characters as code points, as Python does', () => {
    assert.equal(valid('.{2}$', '😀😀'), true);
  });

  test('a RegExp object keeps its flags and is still anchored at the start', () => {
    assert.equal(valid(/abc/i, 'ABCd'), true);
    assert.equal(valid(/abc/g, 'xabc'), false);
  });

  test('an inline flag JavaScript lacks is refused when the validator is made', () => {
    assert.throws(() => form.regexp('(?x) a b', 'bad'), /inline flag \(\?x\)/);
  });

  test('non-strings fail instead of raising (web.py raises TypeError on None)', () => {
    for (const v of [null, undefined, 5, ['abc'], { a: 1 }]) assert.equal(valid('.*', v), false);
  });

  test('regexp works with and without new', () => {
    assert.equal(new form.regexp('a', 'm').valid('a'), true);
    assert.ok(form.regexp('a', 'm') instanceof form.Validator);
  });
});

describe('Validator', () => {
  test('the test result decides, judged by truthiness', () => {
    const v = form.Validator('Too small', (x: unknown) => Number(x) > 5);
    assert.equal(v.valid('6'), true);
    assert.equal(v.valid('5'), false);
    assert.equal(form.Validator('m', () => 'yes').valid({}), true);
    assert.equal(form.Validator('m', () => '').valid({}), false);
  });

  test('a test that throws makes the value invalid instead of throwing', () => {
    const v = form.Validator('Too short', (s: string) => s.length > 3);
    assert.equal(v.valid(null as unknown as string), false);
    const f = form.Form(form.Textbox('name', v))();
    assert.equal(f.validates({}), false);
    assert.equal(f.get('name')?.note, 'Too short');
  });

  test('an async test is refused loudly, since a promise would pass everything', () => {
    const v = form.Validator('Taken', async () => false);
    assert.throws(() => v.valid({}), /returned a promise/);
  });

  test('the first failing validator of an input sets its note', () => {
    const f = form.Form(
      form.Textbox(
        'n',
        form.notnull,
        form.regexp('\\d+$', 'Must be a number'),
        form.Validator('Odd', () => false),
      ),
    )();
    f.validates({ n: '' });
    assert.equal(f.get('n')?.note, 'Required');
    f.validates({ n: 'x' });
    assert.equal(f.get('n')?.note, 'Must be a number');
    f.validates({ n: '4' });
    assert.equal(f.get('n')?.note, 'Odd');
  });

  test('form validators get the whole source object and run only when every input passed', () => {
    const seen: unknown[] = [];
    const f = form.Form(form.Textbox('a', form.notnull), form.Textbox('b'), {
      validators: [
        form.Validator('first', (i) => {
          seen.push(i);
          return i['a'] !== 'stop';
        }),
        form.Validator('second', () => false),
      ],
    })();
    assert.equal(f.validates({ a: '' }), false);
    assert.deepEqual(seen, []);
    assert.equal(f.note, null);
    const source = { a: 'stop', extra: 'x' };
    assert.equal(f.validates(source), false);
    assert.equal(seen[0], source);
    assert.equal(f.note, 'first');
    assert.equal(f.validates({ a: 'go' }), false);
    assert.equal(f.note, 'second');
  });

  test('all inputs are validated even after one fails, so every note is shown', () => {
    const f = form.Form(form.Textbox('a', form.notnull), form.Textbox('b', form.notnull))();
    f.validates({});
    assert.deepEqual(
      f.inputs.map((i) => i.note),
      ['Required', 'Required'],
    );
  });

  test('Validator insists on a test function', () => {
    assert.throws(() => form.Validator('m', 'nope' as unknown as () => boolean), /test must be a function/);
  });
});
