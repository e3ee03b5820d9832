import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as form from '../../src/form/index.js';
import { todoForm } from './todo-form.js';

const SCRIPT = '<script>alert("x")</script>';

/** Nothing in `html` may open a tag or end an attribute value, except what the form itself wrote. */
function assertNoScript(html: string): void {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /="[^"]*<|"alert/);
}

describe('hostile submissions give the form back invalid with notes, never an exception', () => {
  test('missing fields: every required input gets its note', () => {
    const f = todoForm()();
    assert.equal(f.validates({}), false);
    assert.equal(f.get('title')?.note, 'Required');
    assert.equal(f.get('password')?.note, 'must be between 3 and 20 characters');
    assert.match(f.render(), /<strong class="wrong">Required<\/strong>/);
  });

  test('repeated fields (arrays) on single-valued inputs are invalid, with a note', () => {
    const f = todoForm()();
    const valid = f.validates({
      title: ['a', 'b'],
      password: ['abc', 'abc'],
      password2: 'abc',
      color: ['red', 'b'],
    });
    assert.equal(valid, false);
    assert.equal(f.get('title')?.note, 'Expected a single value');
    assert.equal(f.get('password')?.note, 'Expected a single value');
    assert.equal(f.get('color')?.note, 'Expected a single value');
    assert.equal(f.note, null);
    assert.doesNotThrow(() => f.render());
    assert.doesNotThrow(() => f.render_css());
  });

  test('an empty list is still a repeated-field shape, not a missing one', () => {
    const f = form.Form(form.Textbox('t'))();
    assert.equal(f.validates({ t: [] }), false);
    assert.equal(f.get('t')?.note, 'Expected a single value');
  });

  test('a 1 MB value is validated and rendered escaped', () => {
    const big = `${'<&"'.repeat(350_000)}`;
    const f = todoForm()();
    assert.equal(f.validates({ title: big, password: big, password2: big }), false);
    const html = f.render();
    assert.equal(f.get('password')?.note, 'must be between 3 and 20 characters');
    assert.ok(html.includes('&lt;&amp;&quot;'.repeat(1000)));
    assert.doesNotMatch(html, /<&/);
  });

  test('__proto__ and constructor in the source are plain names: no prototype reads, no pollution', () => {
    const source = JSON.parse(
      '{"__proto__": {"title": "from proto", "polluted": 1}, "constructor": "c", "toString": "t"}',
    );
    const f = form.Form(
      form.Textbox('title', form.notnull),
      form.Textbox('constructor'),
      form.Textbox('toString'),
      form.Textbox('hasOwnProperty', form.notnull),
    )();
    assert.equal(f.validates(source), false);
    assert.equal(f.get('title')?.note, 'Required');
    assert.equal(f.get('title')?.value, null);
    assert.equal(f.get('hasOwnProperty')?.value, null);
    assert.equal(f.d['constructor'], 'c');
    assert.equal(f.d['toString'], 't');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(({} as Record<string, unknown>)['title'], undefined);
  });

  test('an input named __proto__ reads only an own __proto__ field', () => {
    const f = form.Form(form.Textbox('__proto__', form.notnull))();
    assert.equal(f.validates({}), false);
    assert.equal(f.validates(JSON.parse('{"__proto__": "x"}')), true);
    assert.equal(Object.getOwnPropertyDescriptor(f.d, '__proto__')?.value, 'x');
  });

  test('values of odd types (numbers, booleans, objects, null) never throw', () => {
    for (const odd of [
      0,
      42,
      true,
      false,
      null,
      { a: 1 },
      { toString: 'no' },
      Object.create(null),
      Symbol('s'),
    ]) {
      const f = todoForm()();
      assert.doesNotThrow(
        () => {
          f.validates({
            title: odd,
            password: odd,
            password2: odd,
            color: odd,
            size: odd,
            agree: odd,
            body: odd,
          });
          f.render();
          f.render_css();
          void f.d;
        },
        String(typeof odd),
      );
      assert.equal(f.valid, false);
    }
  });

  test('a source that is not an object counts as nothing submitted', () => {
    for (const odd of ['title=x', 42, true]) {
      const f = todoForm()();
      assert.equal(f.validates(odd as unknown as form.Source), false);
      assert.equal(f.get('title')?.note, 'Required');
    }
  });

  test("a throwing getter on the caller's own source object propagates (it is code, not request data)", () => {
    const source = {};
    Object.defineProperty(source, 'title', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const f = form.Form(form.Textbox('title', form.notnull))();
    assert.throws(() => f.validates(source), /boom/);
  });
});

describe('script text in any value comes out escaped', () => {
  test('submitted values in every kind of control', () => {
    const f = form.Form(
      form.Textbox('t'),
      form.Password('p'),
      form.Textarea('a'),
      form.Hidden('h'),
      form.Dropdown('d', ['x']),
      form.Radio('r', ['x']),
      form.Checkbox('c', { value: 'x' }),
      form.Button('b'),
      form.Email('e'),
    )();
    const all = Object.fromEntries(['t', 'p', 'a', 'h', 'd', 'r', 'c', 'b', 'e'].map((n) => [n, SCRIPT]));
    f.validates(all);
    assertNoScript(f.render());
    assertNoScript(f.render_css());
    assert.match(f.render(), /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  });

  test('descriptions, ids, choices, attributes and notes written by the developer are escaped too', () => {
    const f = form.Form(
      form.Textbox(
        SCRIPT,
        form.Validator(SCRIPT, () => false),
        { description: SCRIPT, title: SCRIPT, id: SCRIPT },
      ),
      form.Dropdown('d', [[SCRIPT, SCRIPT]], { value: SCRIPT }),
      form.GroupedDropdown('g', [[SCRIPT, [SCRIPT]]]),
      form.Radio('r', [[SCRIPT, SCRIPT]]),
      form.Checkbox('c', { value: SCRIPT }),
      form.Datalist('l', [[SCRIPT, SCRIPT], SCRIPT]),
      form.Button(SCRIPT),
    )();
    f.validates({ [SCRIPT]: 'v' });
    f.note = SCRIPT;
    assertNoScript(f.render());
    assertNoScript(f.render_css());
  });

  test("only Button's html, pre and post are raw, because the developer writes them", () => {
    const f = form.Form(
      form.Button('b', { html: '<i>Go</i>' }),
      form.Textbox('t', { pre: '<p>', post: '</p>' }),
    )();
    f.validates({ b: SCRIPT, t: SCRIPT });
    const html = f.render();
    assert.match(html, /<i>Go<\/i>/);
    assert.match(html, /<p><input/);
    assertNoScript(html);
  });
});
