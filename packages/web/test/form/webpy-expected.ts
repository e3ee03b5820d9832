// Generated once from web.py 0.62 (`/usr/bin/python3`, web.form) and pasted here; the suite never runs Python.
export const WEBPY: Record<string, unknown> = {
  textbox: '<input class="wide" id="title" name="title" size="30" type="text"/>',
  textbox_value0: '<input id="n" name="n" type="text" value="0"/>',
  textbox_null_attr: '<input id="t" name="t" required="" type="text"/>',
  password: '<input id="password" name="password" type="password" value="secret"/>',
  textarea:
    '<textarea id="body" name="body" rows="3">&lt;b&gt;&quot;hi&quot;&lt;/b&gt; &amp; &#39;x&#39;</textarea>',
  textarea_empty: '<textarea id="body" name="body"></textarea>',
  dropdown:
    '<select id="color" name="color">\n  <option value="red">red</option>\n  <option selected="selected" value="b">Blue</option>\n  <option value="3">3</option>\n</select>\n',
  dropdown_num:
    '<select id="n" name="n">\n  <option value="1">1</option>\n  <option selected="selected" value="2">2</option>\n  <option value="3">3</option>\n</select>\n',
  dropdown_multi:
    '<select id="tags" multiple="multiple" name="tags">\n  <option selected="selected" value="a">a</option>\n  <option value="b">b</option>\n  <option selected="selected" value="c">c</option>\n</select>\n',
  grouped:
    '<select id="car" name="car">\n  <optgroup label="Swedish Cars">\n    <option value="Volvo">Volvo</option>\n    <option value="Saab">Saab</option>\n  </optgroup>\n  <optgroup label="German &lt;Cars&gt;">\n    <option value="m">Mercedes</option>\n    <option selected="selected" value="a">Audi</option>\n  </optgroup>\n</select>\n',
  radio:
    '<span><input class="r" id="size1" name="size" type="radio" value="S"/> S<input checked="checked" class="r" id="size2" name="size" type="radio" value="M"/> Medium<input class="r" id="size3" name="size" type="radio" value="L"/> Large &amp; &lt;b&gt;</span>',
  radio_none:
    '<span><input id="size1" name="size" type="radio" value="S"/> S<input id="size2" name="size" type="radio" value="M"/> M</span>',
  checkbox: '<input id="agree_yes" name="agree" type="checkbox" value="yes"/>',
  checkbox_checked:
    '<input checked="checked" id="agree_yes_sir" name="agree" type="checkbox" value="yes sir"/>',
  checkbox_novalue: '<input id="agree_" name="agree" type="checkbox" value=""/>',
  hidden: '<input id="id" name="id" type="hidden" value="5"/>',
  file: '<input accept=".png" id="up" name="up" type="file"/>',
  button: '<button id="save" name="save">save</button>',
  button_html: '<button id="action" name="action" value="save"><b>Save Changes</b></button>',
  button_esc: '<button id="a&lt;b" name="a&lt;b">a&lt;b</button>',
  email: '<input id="email" name="email" type="email" value="me@example.org"/>',
  tel: '<input id="tel" name="tel" type="tel" value="555"/>',
  date: '<input id="d" name="d" type="date" value="2020-04-01"/>',
  time: '<input id="t" name="t" type="time" value="07:00"/>',
  search: '<input id="q" name="q" pattern="[a-z]{2,30}" placeholder="Search..." type="search"/>',
  url: '<input id="u" name="u" type="url" value="http://x/?a=1&amp;b=2"/>',
  number: '<input id="num" max="10" min="0" name="num" step="2" type="number" value="5"/>',
  range: '<input id="range" max="10" min="0" name="range" type="range"/>',
  color: '<input id="c" name="c" type="color"/>',
  input_email: '<input id="foo" name="foo" type="email" value="user@domain.com"/>',
  datalist:
    '<datalist id="list" name="list"><option label="a" value="b"/><option label="c" value="d"/></datalist>',
  datalist_plain: '<datalist id="list" name="list"><option value="a"/><option value="b"/></datalist>',
  escape_attrs:
    '<input id="x" name="x" title="it&#39;s &lt;me&gt; &amp; you" type="text" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"/>',
  form_render:
    '<table>\n    <tr><th><label for="title">I need to:</label></th><td><input class="wide" id="title" name="title" size="30" type="text"/></td></tr>\n    <tr><th><label for="color">color</label></th><td><select id="color" name="color">\n  <option selected="selected" value="red">red</option>\n  <option value="b">Blue</option>\n</select>\n</td></tr>\n    <tr><th><label for="password">password</label></th><td><input id="password" name="password" type="password"/></td></tr>\n    <tr><th><label for="password2">password2</label></th><td><input id="password2" name="password2" type="password"/></td></tr>\n    <tr><th><label for="size">size</label></th><td><span><input id="size1" name="size" type="radio" value="S"/> S<input checked="checked" id="size2" name="size" type="radio" value="M"/> Medium</span></td></tr>\n    <tr><th><label for="agree_yes">agree</label></th><td><input id="agree_yes" name="agree" type="checkbox" value="yes"/></td></tr>\n    <tr style="display: none;"><th></th><td><input id="id" name="id" type="hidden" value="5"/></td></tr>\n    <tr><th><label for="body">body</label></th><td><p><textarea id="body" name="body">&lt;b&gt;</textarea></p></td></tr>\n    <tr><th><label for="up">up</label></th><td><input id="up" name="up" type="file"/></td></tr>\n    <tr><th><label for="Add todo"></label></th><td><button id="Add todo" name="Add todo">Add todo</button></td></tr>\n</table>',
  form_render_css:
    '<label for="title">I need to:</label><input class="wide" id="title" name="title" size="30" type="text"/>\n<label for="color">color</label><select id="color" name="color">\n  <option selected="selected" value="red">red</option>\n  <option value="b">Blue</option>\n</select>\n\n<label for="password">password</label><input id="password" name="password" type="password"/>\n<label for="password2">password2</label><input id="password2" name="password2" type="password"/>\n<label for="size">size</label><span><input id="size1" name="size" type="radio" value="S"/> S<input checked="checked" id="size2" name="size" type="radio" value="M"/> Medium</span>\n<label for="agree_yes">agree</label><input id="agree_yes" name="agree" type="checkbox" value="yes"/>\n<input id="id" name="id" type="hidden" value="5"/>\n<label for="body">body</label><p><textarea id="body" name="body">&lt;b&gt;</textarea></p>\n<label for="up">up</label><input id="up" name="up" type="file"/>\n<label for="Add todo"></label><button id="Add todo" name="Add todo">Add todo</button>\n',
  bad_valid: false,
  bad_render:
    '<table>\n    <tr><th><label for="title">I need to:</label></th><td><input class="wide" id="title" name="title" size="30" type="text" value=""/><strong class="wrong">Required</strong></td></tr>\n    <tr><th><label for="color">color</label></th><td><select id="color" name="color">\n  <option value="red">red</option>\n  <option value="b">Blue</option>\n</select>\n</td></tr>\n    <tr><th><label for="password">password</label></th><td><input id="password" name="password" type="password" value="ab"/><strong class="wrong">must be between 3 and 20 characters</strong></td></tr>\n    <tr><th><label for="password2">password2</label></th><td><input id="password2" name="password2" type="password" value="cd"/></td></tr>\n    <tr><th><label for="size">size</label></th><td><span><input checked="checked" id="size1" name="size" type="radio" value="S"/> S<input id="size2" name="size" type="radio" value="M"/> Medium</span></td></tr>\n    <tr><th><label for="agree_yes">agree</label></th><td><input checked="checked" id="agree_yes" name="agree" type="checkbox" value="yes"/></td></tr>\n    <tr style="display: none;"><th></th><td><input id="id" name="id" type="hidden"/></td></tr>\n    <tr><th><label for="body">body</label></th><td><p><textarea id="body" name="body"></textarea></p></td></tr>\n    <tr><th><label for="up">up</label></th><td><input id="up" name="up" type="file"/></td></tr>\n    <tr><th><label for="Add todo"></label></th><td><button id="Add todo" name="Add todo">Add todo</button></td></tr>\n</table>',
  bad_render_css:
    '<label for="title">I need to:</label><input class="wide" id="title" name="title" size="30" type="text" value=""/><strong class="wrong">Required</strong>\n<label for="color">color</label><select id="color" name="color">\n  <option value="red">red</option>\n  <option value="b">Blue</option>\n</select>\n\n<label for="password">password</label><input id="password" name="password" type="password" value="ab"/><strong class="wrong">must be between 3 and 20 characters</strong>\n<label for="password2">password2</label><input id="password2" name="password2" type="password" value="cd"/>\n<label for="size">size</label><span><input checked="checked" id="size1" name="size" type="radio" value="S"/> S<input id="size2" name="size" type="radio" value="M"/> Medium</span>\n<label for="agree_yes">agree</label><input checked="checked" id="agree_yes" name="agree" type="checkbox" value="yes"/>\n<input id="id" name="id" type="hidden"/>\n<label for="body">body</label><p><textarea id="body" name="body"></textarea></p>\n<label for="up">up</label><input id="up" name="up" type="file"/>\n<label for="Add todo"></label><button id="Add todo" name="Add todo">Add todo</button>\n',
  bad_d: {
    title: '',
    color: null,
    password: 'ab',
    password2: 'cd',
    size: 'S',
    agree: true,
    id: null,
    body: null,
    up: null,
    'Add todo': null,
  },
  mismatch_valid: false,
  mismatch_render:
    '<strong class="wrong">Passwords didn&#39;t match</strong><table>\n    <tr><th><label for="title">I need to:</label></th><td><input class="wide" id="title" name="title" size="30" type="text" value="x"/></td></tr>\n    <tr><th><label for="color">color</label></th><td><select id="color" name="color">\n  <option value="red">red</option>\n  <option selected="selected" value="b">Blue</option>\n</select>\n</td></tr>\n    <tr><th><label for="password">password</label></th><td><input id="password" name="password" type="password" value="abc"/></td></tr>\n    <tr><th><label for="password2">password2</label></th><td><input id="password2" name="password2" type="password" value="abd"/></td></tr>\n    <tr><th><label for="size">size</label></th><td><span><input id="size1" name="size" type="radio" value="S"/> S<input id="size2" name="size" type="radio" value="M"/> Medium</span></td></tr>\n    <tr><th><label for="agree_yes">agree</label></th><td><input id="agree_yes" name="agree" type="checkbox" value="yes"/></td></tr>\n    <tr style="display: none;"><th></th><td><input id="id" name="id" type="hidden" value="5"/></td></tr>\n    <tr><th><label for="body">body</label></th><td><p><textarea id="body" name="body"></textarea></p></td></tr>\n    <tr><th><label for="up">up</label></th><td><input id="up" name="up" type="file"/></td></tr>\n    <tr><th><label for="Add todo"></label></th><td><button id="Add todo" name="Add todo">Add todo</button></td></tr>\n</table>',
  mismatch_note: "Passwords didn't match",
  ok_valid: true,
  ok_render:
    '<table>\n    <tr><th><label for="title">I need to:</label></th><td><input class="wide" id="title" name="title" size="30" type="text" value="Buy &lt;milk&gt;"/></td></tr>\n    <tr><th><label for="color">color</label></th><td><select id="color" name="color">\n  <option value="red">red</option>\n  <option selected="selected" value="b">Blue</option>\n</select>\n</td></tr>\n    <tr><th><label for="password">password</label></th><td><input id="password" name="password" type="password" value="abc"/></td></tr>\n    <tr><th><label for="password2">password2</label></th><td><input id="password2" name="password2" type="password" value="abc"/></td></tr>\n    <tr><th><label for="size">size</label></th><td><span><input id="size1" name="size" type="radio" value="S"/> S<input checked="checked" id="size2" name="size" type="radio" value="M"/> Medium</span></td></tr>\n    <tr><th><label for="agree_yes">agree</label></th><td><input id="agree_yes" name="agree" type="checkbox" value="yes"/></td></tr>\n    <tr style="display: none;"><th></th><td><input id="id" name="id" type="hidden" value="5"/></td></tr>\n    <tr><th><label for="body">body</label></th><td><p><textarea id="body" name="body">x &amp; y</textarea></p></td></tr>\n    <tr><th><label for="up">up</label></th><td><input id="up" name="up" type="file"/></td></tr>\n    <tr><th><label for="Add todo"></label></th><td><button id="Add todo" name="Add todo">Add todo</button></td></tr>\n</table>',
  ok_d: {
    title: 'Buy <milk>',
    color: 'b',
    password: 'abc',
    password2: 'abc',
    size: 'M',
    agree: false,
    id: '5',
    body: 'x & y',
    up: null,
    'Add todo': null,
  },
  fill_render_css:
    '<label for="title">I need to:</label><input class="wide" id="title" name="title" size="30" type="text" value="filled"/>\n<label for="color">color</label><select id="color" name="color">\n  <option selected="selected" value="red">red</option>\n  <option value="b">Blue</option>\n</select>\n\n<label for="password">password</label><input id="password" name="password" type="password"/>\n<label for="password2">password2</label><input id="password2" name="password2" type="password"/>\n<label for="size">size</label><span><input id="size1" name="size" type="radio" value="S"/> S<input id="size2" name="size" type="radio" value="M"/> Medium</span>\n<label for="agree_yes">agree</label><input id="agree_yes" name="agree" type="checkbox" value="yes"/>\n<input id="id" name="id" type="hidden"/>\n<label for="body">body</label><p><textarea id="body" name="body"></textarea></p>\n<label for="up">up</label><input id="up" name="up" type="file"/>\n<label for="Add todo"></label><button id="Add todo" name="Add todo">Add todo</button>\n',
  fill_valid: true,
};
