import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as form from '../../src/form/index.js';
import { todoForm } from './todo-form.js';
import { WEBPY } from './webpy-expected.js';

/** The same controls web.py rendered for webpy-expected.ts, written the webts way. */
const controls: Record<string, () => string> = {
  textbox: () => form.Textbox('title', { description: 'I need to:', size: 30, class_: 'wide' }).render(),
  textbox_value0: () => form.Textbox('n', { value: 0 }).render(),
  textbox_null_attr: () => form.Textbox('t', { required: null }).render(),
  password: () => form.Password('password', { value: 'secret' }).render(),
  textarea: () => form.Textarea('body', { value: `<b>"hi"</b> & 'x'`, rows: 3 }).render(),
  textarea_empty: () => form.Textarea('body').render(),
  dropdown: () => form.Dropdown('color', ['red', ['b', 'Blue'], 3], { value: 'b' }).render(),
  dropdown_num: () => form.Dropdown('n', [1, 2, 3], { value: '2' }).render(),
  dropdown_multi: () =>
    form.Dropdown('tags', ['a', 'b', 'c'], { value: ['a', 'c'], multiple: 'multiple' }).render(),
  grouped: () =>
    form
      .GroupedDropdown(
        'car',
        [
          ['Swedish Cars', ['Volvo', 'Saab']],
          [
            'German <Cars>',
            [
              ['m', 'Mercedes'],
              ['a', 'Audi'],
            ],
          ],
        ],
        { value: 'a' },
      )
      .render(),
  radio: () =>
    form.Radio('size', ['S', ['M', 'Medium'], ['L', 'Large & <b>']], { value: 'M', class_: 'r' }).render(),
  radio_none: () => form.Radio('size', ['S', 'M']).render(),
  checkbox: () => form.Checkbox('agree', { value: 'yes' }).render(),
  checkbox_checked: () => form.Checkbox('agree', { value: 'yes sir', checked: true }).render(),
  checkbox_novalue: () => form.Checkbox('agree').render(),
  hidden: () => form.Hidden('id', { value: '5' }).render(),
  file: () => form.File('up', { accept: '.png' }).render(),
  button: () => form.Button('save').render(),
  button_html: () => form.Button('action', { value: 'save', html: '<b>Save Changes</b>' }).render(),
  button_esc: () => form.Button('a<b').render(),
  email: () => form.Email('email', { value: 'me@example.org' }).render(),
  tel: () => form.Telephone('tel', { value: '555' }).render(),
  date: () => form.Date('d', { value: '2020-04-01' }).render(),
  time: () => form.Time('t', { value: '07:00' }).render(),
  search: () => form.Search('q', { placeholder: 'Search...', pattern: '[a-z]{2,30}' }).render(),
  url: () => form.Url('u', { value: 'http://x/?a=1&b=2' }).render(),
  number: () => form.Number('num', { min: '0', max: '10', step: '2', value: '5' }).render(),
  range: () => form.Range('range', { min: '0', max: '10' }).render(),
  color: () => form.Color('c').render(),
  input_email: () => form.Input('foo', { type: 'email', value: 'user@domain.com' }).render(),
  datalist: () =>
    form
      .Datalist('list', [
        ['a', 'b'],
        ['c', 'd'],
      ])
      .render(),
  datalist_plain: () => form.Datalist('list', ['a', 'b']).render(),
  escape_attrs: () =>
    form.Textbox('x', { value: '"><script>alert(1)</script>', title: "it's <me> & you" }).render(),
};

describe('each control renders the markup web.py 0.62 renders', () => {
  for (const [name, render] of Object.entries(controls)) {
    test(name, () => {
      assert.equal(render(), WEBPY[name]);
    });
  }
});

describe('a whole form renders like web.py', () => {
  test('render() gives the table markup of a fresh form', () => {
    assert.equal(todoForm()().render(), WEBPY['form_render']);
  });

  test('render_css() gives the label + control lines of a fresh form', () => {
    assert.equal(todoForm()().render_css(), WEBPY['form_render_css']);
  });

  test('failed inputs show their notes after the control; absent fields lose their initial value', () => {
    const f = todoForm()();
    const valid = f.validates({ title: '', password: 'ab', password2: 'cd', agree: 'on', size: 'S' });
    assert.equal(valid, WEBPY['bad_valid']);
    assert.equal(f.render(), WEBPY['bad_render']);
    assert.equal(f.render_css(), WEBPY['bad_render_css']);
    assert.deepEqual(f.d, WEBPY['bad_d']);
  });

  test('a failed form-level validator puts its note before the table', () => {
    const f = todoForm()();
    const valid = f.validates({ title: 'x', password: 'abc', password2: 'abd', color: 'b', id: '5' });
    assert.equal(valid, WEBPY['mismatch_valid']);
    assert.equal(f.note, WEBPY['mismatch_note']);
    assert.equal(f.render(), WEBPY['mismatch_render']);
  });

  test('a valid submission renders the submitted values, escaped', () => {
    const f = todoForm()();
    const source = {
      title: 'Buy <milk>',
      password: 'abc',
      password2: 'abc',
      color: 'b',
      id: '5',
      body: 'x & y',
      size: 'M',
    };
    assert.equal(f.validates(source), WEBPY['ok_valid']);
    assert.equal(f.render(), WEBPY['ok_render']);
    assert.deepEqual(f.d, WEBPY['ok_d']);
  });

  test('fill() sets values without validating', () => {
    const f = todoForm()();
    assert.equal(f.fill({ title: 'filled', agree: '', color: 'red' }), true);
    assert.equal(f.render_css(), WEBPY['fill_render_css']);
    assert.equal(f.valid, WEBPY['fill_valid']);
  });
});
