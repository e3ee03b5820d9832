import { renderAttrs, text, truthy, websafe } from './html.js';
import { Input, type InputArgs, type InputOptions } from './input.js';

/** web.py `form.Textbox`: `<input type="text">`. */
export class Textbox extends Input {
  override get_type(): string {
    return 'text';
  }
}

/** web.py `form.Password`: `<input type="password">` (the submitted value is written back, as in web.py). */
export class Password extends Input {
  override get_type(): string {
    return 'password';
  }
}

/** web.py `form.Hidden`: `<input type="hidden">`, rendered in a hidden table row without a label. */
export class Hidden extends Input {
  override is_hidden(): boolean {
    return true;
  }
  override get_type(): string {
    return 'hidden';
  }
}

/** web.py `form.File`: `<input type="file">`; read the upload with `web.input({ name: {} })`. */
export class FileInput extends Input {
  override get_type(): string {
    return 'file';
  }
}

/** web.py `form.Textarea`: `<textarea>` with the value, escaped, as its content. */
export class Textarea extends Input {
  override render(): string {
    const attrs = { ...this.attrs, id: this.id, name: this.name };
    return `<textarea ${renderAttrs(attrs)}>${websafe(truthy(this.value) ? this.value : '')}</textarea>`;
  }
}

/** Options of a Checkbox: the input options plus `checked`. */
export interface CheckboxOptions extends InputOptions {
  /** Initially ticked. */
  checked?: boolean;
}

/**
 * web.py `form.Checkbox`: `value` is what the box sends when ticked; `checked` is its state and what
 * `form.d` reports. A submitted non-empty value ticks it; given a list (a group of boxes sharing a
 * name), it is ticked when its own value is in the list.
 */
export class Checkbox extends Input {
  /** Ticked or not. */
  checked: boolean;

  constructor(name: string, ...args: InputArgs<CheckboxOptions>) {
    super(name, ...(args as InputArgs));
    this.checked = truthy(this.attrs['checked']);
    delete this.attrs['checked'];
  }

  override get_default_id(): string {
    return `${this.name}_${(truthy(this.value) ? text(this.value) : '').replaceAll(' ', '_')}`;
  }

  override accepts_many(): boolean {
    return true;
  }

  override set_value(value: unknown): void {
    if (Array.isArray(value)) {
      this.checked = truthy(this.value) ? value.map(text).includes(text(this.value)) : value.length > 0;
    } else {
      this.checked = truthy(value);
    }
  }

  override get_value(): boolean {
    return this.checked;
  }

  override render(): string {
    const attrs: Record<string, unknown> = { ...this.attrs, type: 'checkbox', name: this.name, id: this.id };
    attrs['value'] = this.value === null || this.value === undefined ? null : text(this.value);
    if (this.checked) attrs['checked'] = 'checked';
    return `<input ${renderAttrs(attrs)}/>`;
  }
}

/** Options of a Button: the input options plus `html`. */
export interface ButtonOptions extends InputOptions {
  /** Raw HTML inside the button (NOT escaped, as in web.py); defaults to the escaped name. */
  html?: string;
}

/**
 * web.py `form.Button`: `<button>` whose content is `html` (raw) or the escaped name. Its label is
 * empty, as in web.py. Unlike web.py, a `type` option is written out (`type: 'button'` keeps it from
 * submitting the form).
 */
export class Button extends Input {
  /** Raw HTML content, or null to show the name. */
  html: string | null;

  constructor(name: string, ...args: InputArgs<ButtonOptions>) {
    super(name, ...(args as InputArgs));
    const html = this.attrs['html'];
    delete this.attrs['html'];
    this.html = typeof html === 'string' ? html : null;
    this.description = '';
  }

  override render(): string {
    const attrs: Record<string, unknown> = { ...this.attrs, id: this.id, name: this.name };
    if (this.type !== undefined) attrs['type'] = this.type;
    if (this.value !== null && this.value !== undefined) attrs['value'] = text(this.value);
    return `<button ${renderAttrs(attrs)}>${this.html || websafe(this.name)}</button>`;
  }
}

/** web.py `form.Telephone`: `<input type="tel">`. */
export class Telephone extends Input {
  override get_type(): string {
    return 'tel';
  }
}

/** web.py `form.Email`: `<input type="email">`. */
export class Email extends Input {
  override get_type(): string {
    return 'email';
  }
}

/** web.py `form.Date`: `<input type="date">`. */
export class DateInput extends Input {
  override get_type(): string {
    return 'date';
  }
}

/** web.py `form.Time`: `<input type="time">`. */
export class Time extends Input {
  override get_type(): string {
    return 'time';
  }
}

/** web.py `form.Search`: `<input type="search">`. */
export class Search extends Input {
  override get_type(): string {
    return 'search';
  }
}

/** web.py `form.Url`: `<input type="url">`. */
export class Url extends Input {
  override get_type(): string {
    return 'url';
  }
}

/** web.py `form.Number`: `<input type="number">` (the value stays a string, as submitted). */
export class NumberInput extends Input {
  override get_type(): string {
    return 'number';
  }
}

/** web.py `form.Range`: `<input type="range">`. */
export class RangeInput extends Input {
  override get_type(): string {
    return 'range';
  }
}

/** web.py `form.Color`: `<input type="color">`. */
export class Color extends Input {
  override get_type(): string {
    return 'color';
  }
}
