import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as form from '../../src/form/index.js';
import { todoForm } from './todo-form.js';

describe('Form is callable like web.py forms', () => {
  test('Form(...) and new Form(...) both build a form', () => {
    const a = form.Form(form.Textbox('x'));
    const b = new form.Form(form.Textbox('x'));
    assert.ok(a instanceof form.Form);
    assert.ok(b instanceof form.Form);
    assert.equal(a.render(), b.render());
  });

  test('calling a form returns a different form with the same markup', () => {
    const myform = todoForm();
    const f = myform();
    assert.notEqual(f, myform);
    assert.ok(f instanceof form.Form);
    assert.equal(typeof f, 'function');
    assert.equal(f.render(), myform.render());
  });

  test('new myform() also returns a fresh copy', () => {
    const myform = todoForm();
    const f = new myform();
    assert.notEqual(f, myform);
    assert.ok(f instanceof form.Form);
    assert.equal(f.render(), myform.render());
  });

  test('a copy is deep: validating it leaves the original and other copies untouched', () => {
    const myform = todoForm();
    const before = myform.render();
    const f = myform();
    const g = myform();
    f.validates({ title: '', color: 'b' });
    assert.equal(f.valid, false);
    assert.equal(f.get('title')?.note, 'Required');
    assert.equal(myform.render(), before);
    assert.equal(g.render(), before);
    assert.equal(myform.get('title')?.note, null);
    assert.equal(myform.get('color')?.value, 'red');
  });

  test('a copy does not share attrs, choices or list values with the original', () => {
    const myform = form.Form(
      form.Dropdown('tags', ['a', 'b'], { value: ['a'], multiple: true, class_: 'x' }),
    );
    const f = myform();
    const copy = f.get('tags') as form.Dropdown;
    const orig = myform.get('tags') as form.Dropdown;
    copy.attrs['class'] = 'changed';
    (copy.value as string[]).push('b');
    assert.equal(orig.attrs['class'], 'x');
    assert.deepEqual(orig.value, ['a']);
    assert.notEqual(copy.args, orig.args);
    assert.ok(copy instanceof form.Dropdown);
  });

  test('myform(source) returns a copy already validated against source', () => {
    const myform = todoForm();
    const bad = myform({ title: '' });
    assert.equal(bad.valid, false);
    const good = myform({ title: 'x', password: 'abc', password2: 'abc' });
    assert.equal(good.valid, true);
    assert.equal(myform.valid, true);
  });

  test('a form has no function-like own properties such as name or length', () => {
    const f = todoForm()();
    assert.deepEqual(Object.keys(f).sort(), ['inputs', 'note', 'valid', 'validators']);
    assert.equal((f as unknown as { name?: unknown }).name, undefined);
    assert.equal((f as unknown as { length?: unknown }).length, undefined);
  });

  test('a copy of a copy is still callable', () => {
    const f = todoForm()()();
    assert.equal(typeof f(), 'function');
  });
});

describe('Form accessors', () => {
  test('get(name) returns the first input with that name, or the default', () => {
    const f = todoForm()();
    assert.equal(f.get('title')?.description, 'I need to:');
    assert.equal(f.get('nope'), undefined);
    assert.equal(f.get('nope', null), null);
  });

  test('inputs keeps the order they were given in', () => {
    const f = todoForm()();
    assert.deepEqual(
      f.inputs.map((i) => i.name),
      ['title', 'color', 'password', 'password2', 'size', 'agree', 'id', 'body', 'up', 'Add todo'],
    );
  });

  test('d maps every name to its value, a Checkbox to true/false, missing ones to null', () => {
    const f = todoForm()();
    f.validates({ title: 't', agree: 'yes', color: 'b' });
    assert.deepEqual(f.d, {
      title: 't',
      color: 'b',
      password: null,
      password2: null,
      size: null,
      agree: true,
      id: null,
      body: null,
      up: null,
      'Add todo': null,
    });
  });

  test('d keeps inputs named __proto__ or constructor as plain entries', () => {
    const f = form.Form(form.Textbox('__proto__'), form.Textbox('constructor'))();
    f.fill({ ['__proto__']: 'p', constructor: 'c' } as Record<string, unknown>);
    const d = f.d;
    assert.equal(Object.getPrototypeOf(d), Object.prototype);
    assert.deepEqual(Object.keys(d), ['__proto__', 'constructor']);
    assert.equal(Object.getOwnPropertyDescriptor(d, '__proto__')?.value, 'p');
    assert.equal(d['constructor'], 'c');
  });

  test('valid is true before any validation, as in web.py', () => {
    assert.equal(todoForm()().valid, true);
  });

  test('the form note can be set by hand and renders before the table', () => {
    const f = form.Form(form.Textbox('user'))();
    f.note = 'Login failed <again>';
    assert.equal(
      f.render(),
      '<strong class="wrong">Login failed &lt;again&gt;</strong><table>\n' +
        '    <tr><th><label for="user">user</label></th><td><input id="user" name="user" type="text"/></td></tr>\n' +
        '</table>',
    );
  });

  test('validating again clears notes from the previous attempt', () => {
    const f = todoForm()();
    assert.equal(f.validates({ title: 'x', password: 'abc', password2: 'nope' }), false);
    assert.equal(f.note, "Passwords didn't match");
    assert.equal(f.validates({ title: 'x', password: 'abc', password2: 'abc' }), true);
    assert.equal(f.note, null);
    assert.equal(f.get('title')?.note, null);
  });

  test('Form rejects something that is not an input, naming the mistake', () => {
    assert.throws(() => form.Form('title' as unknown as form.Input), /expected inputs/);
    assert.throws(
      () => form.Form(form.Textbox('x'), { validators: [(() => true) as unknown as form.Validator] }),
      /Validator objects/,
    );
  });

  test('a Map works as a source', () => {
    const f = form.Form(form.Textbox('a', form.notnull))();
    assert.equal(f.validates(new Map([['a', 'x']]) as unknown as form.Source), true);
    assert.equal(f.d['a'], 'x');
  });
});

describe('web.py form code ports line for line', () => {
  test('the tutorial-style form, written as in web.py', () => {
    const myform = form.Form(
      form.Textbox('title', form.notnull, { description: 'I need to:', size: 30, class_: 'wide' }),
      form.Dropdown('color', ['red', ['b', 'Blue']], { value: 'red' }),
      form.Password('password', form.regexp('.{3,20}$', 'must be between 3 and 20 characters')),
      form.Password('password2'),
      form.Button('Add todo'),
      { validators: [form.Validator("Passwords didn't match", (i) => i.password === i.password2)] },
    );
    const f = myform();
    assert.equal(f.validates({ title: 'a', password: 'abc', password2: 'abc' }), true);
    assert.equal(f.d.title, 'a');
    assert.equal(f.inputs[0]?.note, null);
    const g = new myform();
    assert.equal(g.validates({ title: 'a', password: 'abc', password2: 'xyz' }), false);
    assert.equal(g.note, "Passwords didn't match");
    assert.ok(g.render().startsWith(`<strong class="wrong">Passwords didn&#39;t match</strong><table>`));
  });
});
