import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as form from '../../src/form/index.js';

describe('constructors', () => {
  test('every input works with and without new', () => {
    const pairs: [form.Input, form.Input][] = [
      [form.Textbox('a'), new form.Textbox('a')],
      [form.Password('a'), new form.Password('a')],
      [form.Textarea('a'), new form.Textarea('a')],
      [form.Dropdown('a', ['x']), new form.Dropdown('a', ['x'])],
      [form.GroupedDropdown('a', [['g', ['x']]]), new form.GroupedDropdown('a', [['g', ['x']]])],
      [form.Radio('a', ['x']), new form.Radio('a', ['x'])],
      [form.Checkbox('a'), new form.Checkbox('a')],
      [form.Hidden('a'), new form.Hidden('a')],
      [form.File('a'), new form.File('a')],
      [form.Button('a'), new form.Button('a')],
      [form.Email('a'), new form.Email('a')],
      [form.Input('a', { type: 'week' }), new form.Input('a', { type: 'week' })],
    ];
    for (const [a, b] of pairs) {
      assert.ok(a instanceof form.Input);
      assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b));
      assert.equal(a.render(), b.render());
    }
  });

  test('validators come first, the options object last, as Python positional then keyword arguments', () => {
    const t = form.Textbox('t', form.notnull, form.regexp('a', 'm'), { size: 3 });
    assert.equal(t.validators.length, 2);
    assert.equal(t.attrs['size'], 3);
    const d = form.Dropdown('d', ['a'], form.notnull);
    assert.deepEqual(d.validators, [form.notnull]);
  });

  test('a bare Input without a type is refused with the fix in the message', () => {
    assert.throws(() => form.Input('x'), /needs a type: Input\(name, \{ type: 'email' \}\)/);
  });

  test('an attribute name that could break out of the tag is refused', () => {
    for (const bad of ['a b', 'x"', 'on>', "q'", 'a=b', 'a/b', '']) {
      assert.throws(() => form.Textbox('x', { [bad]: '1' }), /not a usable HTML attribute name/, bad);
    }
  });

  test('a non-validator among the validators is refused', () => {
    assert.throws(() => form.Textbox('x', 'oops' as unknown as form.Validator), /expected validators/);
  });

  test('Dropdown, Radio and Datalist want a list of choices', () => {
    assert.throws(() => form.Dropdown('x', 'abc' as unknown as string[]), /list of choices/);
    assert.throws(() => form.Radio('x', undefined as unknown as string[]), /list of choices/);
  });

  test('description defaults to the name; id defaults to the name; class_ becomes class', () => {
    const t = form.Textbox('nm', { class_: 'c' });
    assert.equal(t.description, 'nm');
    assert.equal(t.id, 'nm');
    assert.equal(t.attrs['class'], 'c');
    assert.equal('class_' in t.attrs, false);
    assert.equal(form.Textbox('nm', { id: 'other' }).render(), '<input id="other" name="nm" type="text"/>');
  });

  test('boolean attributes: true repeats the name, false and undefined leave it out', () => {
    assert.equal(
      form.Textbox('t', { required: true, disabled: false, autofocus: undefined }).render(),
      '<input id="t" name="t" required="required" type="text"/>',
    );
  });
});

describe('selection states after validation, as in web.py', () => {
  const make = () =>
    form.Form(
      form.Checkbox('agree', { value: 'yes' }),
      form.Radio('size', ['S', ['M', 'Medium']], { value: 'M' }),
      form.Dropdown('color', ['red', ['b', 'Blue']], { value: 'red' }),
      form.Button('action', { value: 'save', html: '<b>Save</b>' }),
    )();

  test('a Checkbox is ticked by any non-empty submitted value, even "false"', () => {
    for (const [sent, ticked] of [
      ['yes', true],
      ['on', true],
      ['false', true],
      ['', false],
      [undefined, false],
    ] as const) {
      const f = make();
      f.validates(sent === undefined ? {} : { agree: sent });
      assert.equal(f.d['agree'], ticked, String(sent));
      assert.equal(f.get('agree')!.render().includes('checked="checked"'), ticked);
      assert.equal(f.get('agree')!.value, 'yes');
    }
  });

  test('a Checkbox in a group (same name, list of values) is ticked when its value was sent', () => {
    const f = form.Form(form.Checkbox('tags', { value: 'a' }), form.Checkbox('tags', { value: 'b' }))();
    assert.equal(f.validates({ tags: ['b'] }), true);
    assert.deepEqual(
      f.inputs.map((i) => i.get_value()),
      [false, true],
    );
  });

  test('Radio: the sent value is checked; nothing is checked when the field is missing', () => {
    const f = make();
    f.validates({ size: 'S' });
    assert.match(f.get('size')!.render(), /<input checked="checked" id="size1"/);
    assert.doesNotMatch(f.get('size')!.render(), /id="size2"[^>]*checked/);
    f.validates({});
    assert.doesNotMatch(f.get('size')!.render(), /checked/);
  });

  test('Radio and Dropdown compare as text, so numeric choices match the submitted string', () => {
    const f = form.Form(form.Radio('r', [1, 2]), form.Dropdown('d', [1, 2]))();
    f.validates({ r: '2', d: '2' });
    assert.match(f.get('r')!.render(), /checked="checked" id="r2"/);
    assert.match(f.get('d')!.render(), /selected="selected" value="2"/);
  });

  test('Dropdown: the sent value is selected; a missing one selects nothing, not even a "None" option', () => {
    const f = form.Form(form.Dropdown('color', ['None', 'red'], { value: 'red' }))();
    f.validates({});
    assert.doesNotMatch(f.get('color')!.render(), /selected/);
    f.validates({ color: 'red' });
    assert.match(f.get('color')!.render(), /<option selected="selected" value="red">/);
  });

  test('a multiple Dropdown takes a list and selects each sent value', () => {
    const f = form.Form(form.Dropdown('tags', ['a', 'b', 'c'], { multiple: 'multiple' }))();
    assert.equal(f.validates({ tags: ['a', 'c'] }), true);
    assert.equal(
      f.get('tags')!.render(),
      '<select id="tags" multiple="multiple" name="tags">\n' +
        '  <option selected="selected" value="a">a</option>\n' +
        '  <option value="b">b</option>\n' +
        '  <option selected="selected" value="c">c</option>\n' +
        '</select>\n',
    );
    assert.deepEqual(f.d['tags'], ['a', 'c']);
  });

  test('a Button keeps its value only when it was the one pressed (web.py)', () => {
    const f = make();
    f.validates({ action: 'save' });
    assert.equal(
      f.get('action')!.render(),
      '<button id="action" name="action" value="save"><b>Save</b></button>',
    );
    f.validates({});
    assert.equal(f.get('action')!.render(), '<button id="action" name="action"><b>Save</b></button>');
  });

  test('a Button writes its type when one is given (web.py drops it)', () => {
    assert.equal(
      form.Button('b', { type: 'button', html: 'Go' }).render(),
      '<button id="b" name="b" type="button">Go</button>',
    );
  });

  test('Hidden and Textarea lose their initial value when absent from the submission', () => {
    const f = form.Form(form.Hidden('id', { value: '5' }), form.Textarea('body', { value: 'text' }))();
    f.validates({});
    assert.equal(f.get('id')!.render(), '<input id="id" name="id" type="hidden"/>');
    assert.equal(f.get('body')!.render(), '<textarea id="body" name="body"></textarea>');
  });
});

describe('a few markup details', () => {
  test('a Datalist pair is [label, value], and a label does not leak onto later plain options', () => {
    assert.equal(
      form.Datalist('l', [['Lab', 'v'], 'plain']).render(),
      '<datalist id="l" name="l"><option label="Lab" value="v"/><option value="plain"/></datalist>',
    );
  });

  test('GroupedDropdown groups are kept in .groups', () => {
    const g = form.GroupedDropdown('car', [['Swedish', ['Volvo']]], { value: 'Volvo' });
    assert.equal(g.groups.length, 1);
    assert.match(g.render(), /<option selected="selected" value="Volvo">Volvo<\/option>/);
  });

  test('pre and post are written raw around the control (web.py)', () => {
    const f = form.Form(form.Textbox('t', { pre: '<em>', post: '</em>' }))();
    assert.equal(f.render_css(), '<label for="t">t</label><em><input id="t" name="t" type="text"/></em>\n');
  });

  test('addatts() returns the attributes with a leading space', () => {
    assert.equal(form.Textbox('t', { size: 3, class_: 'a"b' }).addatts(), ' class="a&quot;b" size="3"');
  });
});
