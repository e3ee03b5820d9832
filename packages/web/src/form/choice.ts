import { renderAttrs, text, truthy, websafe } from './html.js';
import { Input, type InputArgs } from './input.js';

/** A choice: a value shown as itself, or a `[value, label]` pair (web.py's `(value, label)` tuple). */
export type Choice = string | number | readonly [value: string | number, label: string | number];

/** A `GroupedDropdown` group: `[label, choices]`. */
export type ChoiceGroup = readonly [label: string, choices: readonly Choice[]];

function valueAndLabel(choice: Choice): [string, string] {
  return Array.isArray(choice) ? [text(choice[0]), text(choice[1])] : [text(choice), text(choice)];
}

function isSelected(current: unknown, value: string): boolean {
  if (Array.isArray(current)) return current.some((c) => text(c) === value);
  // web.py compares str(None) == 'None'; a missing value selects nothing here.
  return current !== null && current !== undefined && text(current) === value;
}

function checkChoices(where: string, choices: unknown): void {
  if (!Array.isArray(choices)) throw new TypeError(`${where}: the second argument is the list of choices`);
}

/**
 * web.py `form.Dropdown(name, args)`: a `<select>`; the option whose value equals the input's
 * value (compared as text) is `selected`; a list value (a `multiple` select) selects several.
 */
export class Dropdown extends Input {
  /** The choices, in order. */
  args: readonly Choice[];

  constructor(name: string, args: readonly Choice[], ...rest: InputArgs) {
    checkChoices(`form.Dropdown(${JSON.stringify(name)})`, args);
    super(name, ...rest);
    this.args = args;
  }

  override accepts_many(): boolean {
    return truthy(this.attrs['multiple']);
  }

  override render(): string {
    let out = `<select ${renderAttrs({ ...this.attrs, id: this.id, name: this.name })}>\n`;
    for (const choice of this.args) out += this._render_option(choice);
    return `${out}</select>\n`;
  }

  /** One `<option>` line; web.py `Dropdown._render_option`. */
  _render_option(choice: Choice, indent = '  '): string {
    const [value, label] = valueAndLabel(choice);
    const selected = isSelected(this.value, value) ? ' selected="selected"' : '';
    return `${indent}<option${selected} value="${websafe(value)}">${websafe(label)}</option>\n`;
  }
}

/** web.py `form.GroupedDropdown(name, args)`: a `<select>` with `<optgroup>`s; `args` is `[label, choices]` pairs. */
export class GroupedDropdown extends Dropdown {
  /** The groups, in order. */
  groups: readonly ChoiceGroup[];

  constructor(name: string, args: readonly ChoiceGroup[], ...rest: InputArgs) {
    super(name, [], ...rest);
    checkChoices(`form.GroupedDropdown(${JSON.stringify(name)})`, args);
    this.groups = args;
  }

  override render(): string {
    let out = `<select ${renderAttrs({ ...this.attrs, id: this.id, name: this.name })}>\n`;
    for (const [label, choices] of this.groups) {
      out += `  <optgroup label="${websafe(label)}">\n`;
      for (const choice of choices) out += this._render_option(choice, '    ');
      out += '  </optgroup>\n';
    }
    return `${out}</select>\n`;
  }
}

/**
 * web.py `form.Radio(name, args)`: one radio button per choice inside a `<span>`, ids `name1`,
 * `name2`, …; the one whose value equals the input's value (compared as text) is `checked`.
 */
export class Radio extends Input {
  /** The choices, in order. */
  args: readonly Choice[];

  constructor(name: string, args: readonly Choice[], ...rest: InputArgs) {
    checkChoices(`form.Radio(${JSON.stringify(name)})`, args);
    super(name, ...rest);
    this.args = args;
  }

  override render(): string {
    let out = '<span>';
    this.args.forEach((choice, i) => {
      const [value, label] = valueAndLabel(choice);
      const attrs: Record<string, unknown> = {
        ...this.attrs,
        id: `${this.name}${i + 1}`,
        name: this.name,
        type: 'radio',
        value,
      };
      if (!Array.isArray(this.value) && isSelected(this.value, value)) attrs['checked'] = 'checked';
      out += `<input ${renderAttrs(attrs)}/> ${websafe(label)}`;
    });
    return `${out}</span>`;
  }
}

/**
 * web.py `form.Datalist(name, args)`: a `<datalist>` of suggestions for another input's `list`
 * attribute. A pair is `[label, value]` here — the reverse of Dropdown, as in web.py.
 */
export class Datalist extends Input {
  /** The suggestions, in order. */
  args: readonly Choice[];

  constructor(name: string, args: readonly Choice[], ...rest: InputArgs) {
    checkChoices(`form.Datalist(${JSON.stringify(name)})`, args);
    super(name, ...rest);
    this.args = args;
  }

  override render(): string {
    let out = `<datalist ${renderAttrs({ ...this.attrs, id: this.id, name: this.name })}>`;
    for (const choice of this.args) {
      const label = Array.isArray(choice) ? ` label="${websafe(choice[0])}"` : '';
      out += `<option${label} value="${websafe(Array.isArray(choice) ? choice[1] : choice)}"/>`;
    }
    return `${out}</datalist>`;
  }
}
