import { websafe } from './html.js';
import { Input } from './input.js';
import { requestInput } from './request-input.js';
import type { Source, Validator } from './validators.js';

/** The keyword arguments of web.py's `Form(...)`. */
export interface FormOptions {
  /** Form-level validators: they get the whole submitted object and run only when every input passed. */
  validators?: readonly Validator<Source>[];
}

/** The arguments of `Form(...)`: inputs, then optionally the options object. */
export type FormArgs = Input[] | [...Input[], FormOptions];

/** Read one field the way web.py's `attrget` does, but own properties only: `__proto__` is just a name. */
function field(source: unknown, name: string): unknown {
  if (source === null || typeof source !== 'object') return null;
  if (source instanceof Map) return source.has(name) ? source.get(name) : null;
  return Object.hasOwn(source, name) ? (source as Record<string, unknown>)[name] : null;
}

/**
 * Objects made by `new FormBase()` are functions, so a form can be called like web.py's
 * (`myform()` returns a fresh copy). The function is a bound one: it has no own `prototype`,
 * and `name`/`length` are removed, so the form's own properties are only its fields.
 */
class FormBase {
  constructor() {
    // A function expression, not an arrow: only those can be called with `new` (`new myform()`).
    // biome-ignore lint/complexity/useArrowFunction: an arrow function is not constructible.
    const call = function (source?: Source | null): unknown {
      return (self as unknown as FormImpl).__call__(source);
    };
    const self = call.bind(undefined);
    delete (self as { name?: string }).name;
    delete (self as { length?: number }).length;
    Object.setPrototypeOf(self, new.target.prototype);
    // biome-ignore lint/correctness/noConstructorReturn: returning the function is how the form becomes callable.
    return self as unknown as FormBase;
  }
}

/** The class behind `web.form.Form`; see `Form` in index.ts for the callable type. */
export class FormImpl extends FormBase {
  /** The inputs, in order. */
  inputs: readonly Input[];
  /** Form-level validators. */
  validators: readonly Validator<Source>[];
  /** Result of the last `validates()` (true before any). */
  valid: boolean;
  /** Message of the form-level validator that failed, or null; set it yourself for errors found later. */
  note: string | null;

  constructor(...args: FormArgs) {
    super();
    const last = args[args.length - 1];
    const hasOptions = typeof last === 'object' && last !== null && !(last instanceof Input);
    const inputs = (hasOptions ? args.slice(0, -1) : args) as unknown[];
    for (const i of inputs) {
      if (!(i instanceof Input)) throw new TypeError('form.Form: expected inputs, then one options object');
    }
    const validators = hasOptions ? [...((last as FormOptions).validators ?? [])] : [];
    for (const v of validators) {
      if (typeof (v as { valid?: unknown })?.valid !== 'function') {
        throw new TypeError('form.Form: options.validators must hold form.Validator objects');
      }
    }
    this.inputs = inputs as Input[];
    this.validators = validators;
    this.valid = true;
    this.note = null;
  }

  /** web.py `form()`: a deep copy, validated against `source` when one is given. */
  __call__(source?: Source | null): FormImpl {
    const copy = new (this.constructor as new (...a: FormArgs) => FormImpl)(
      ...this.inputs.map((i) => i.copy()),
      { validators: this.validators },
    );
    copy.valid = this.valid;
    copy.note = this.note;
    if (source !== undefined && source !== null) copy.validates(source);
    return copy;
  }

  /** web.py `Form.render`: a `<table>` with one row per input, the form note before it. */
  render(): string {
    let out = `${this.rendernote(this.note)}<table>\n`;
    for (const i of this.inputs) {
      const html = i.pre + i.render() + this.rendernote(i.note) + i.post;
      out += i.is_hidden()
        ? `    <tr style="display: none;"><th></th><td>${html}</td></tr>\n`
        : `    <tr><th><label for="${websafe(i.id)}">${websafe(i.description)}</label></th><td>${html}</td></tr>\n`;
    }
    return `${out}</table>`;
  }

  /** web.py `Form.render_css`: label and control per line, no table, for styling with CSS. */
  render_css(): string {
    let out = this.rendernote(this.note);
    for (const i of this.inputs) {
      if (!i.is_hidden()) out += `<label for="${websafe(i.id)}">${websafe(i.description)}</label>`;
      out += `${i.pre}${i.render()}${this.rendernote(i.note)}${i.post}\n`;
    }
    return out;
  }

  /** `<strong class="wrong">note</strong>`, or '' without a note. */
  rendernote(note: string | null | undefined): string {
    return note ? `<strong class="wrong">${websafe(note)}</strong>` : '';
  }

  /**
   * web.py `Form.validates`: give every input its submitted value (null when absent) and run its
   * validators, then — only if all passed — the form-level ones with the whole source. Without a
   * source it reads the current request's `web.input()`. Sets and returns `valid`.
   */
  validates(source?: Source | object | null): boolean {
    const src = (source ?? requestInput()) as Source;
    this.note = null;
    let ok = true;
    for (const i of this.inputs) ok = i.validate(field(src, i.name)) && ok;
    if (ok) {
      for (const v of this.validators) {
        if (!v.valid(src as Source)) {
          this.note = v.msg;
          ok = false;
          break;
        }
      }
    }
    this.valid = ok;
    return ok;
  }

  /** web.py `Form.fill`: set every input's value from `source` without validating; returns true. */
  fill(source?: Source | object | null): boolean {
    const src = (source ?? requestInput()) as Source;
    for (const i of this.inputs) i.set_value(field(src, i.name));
    return true;
  }

  /** web.py `form.get(name)` / `form[name]`: the first input with that name, or `dflt`. */
  get(name: string): Input | undefined;
  get<D>(name: string, dflt: D): Input | D;
  get(name: string, dflt?: unknown): unknown {
    return this.inputs.find((i) => i.name === name) ?? dflt;
  }

  /** web.py `form.d`: name → value of every input (a Checkbox gives true/false). */
  get d(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const i of this.inputs) {
      Object.defineProperty(out, i.name, {
        value: i.get_value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
}
