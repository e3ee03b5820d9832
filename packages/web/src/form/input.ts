import { checkAttrName, deepCopy, renderAttrs, text, websafe } from './html.js';
import { Validator } from './validators.js';

/**
 * The keyword arguments of a web.py input, as one trailing object. The named keys are read by the
 * input itself; every other key becomes an HTML attribute (`class_` → `class`).
 */
export interface InputOptions {
  /** Label text (escaped); defaults to the name. */
  description?: string;
  /** Initial value; after `validates()`/`fill()` it is whatever was submitted (null when absent). */
  value?: unknown;
  /** Raw HTML written just before the control (not escaped, as in web.py). */
  pre?: string;
  /** Raw HTML written just after the control and its note (not escaped, as in web.py). */
  post?: string;
  /** The `id` attribute; defaults to the name (Checkbox: `name_value`). */
  id?: string;
  /** The `class` attribute (`class` is a reserved word in Python, hence the underscore). */
  class_?: string;
  /** The `type` attribute; required for a bare `Input`. */
  type?: string;
  /** Any other HTML attribute: `size: 30`, `placeholder: '…'`, `required: true`. */
  [attr: string]: unknown;
}

/** A validator an input accepts; an unannotated test gets `unknown` (annotate, e.g. `(v: string) => …`). */
export type AnyValidator = Validator<unknown>;

/** The arguments after the name: validators, then optionally the options object. */
export type InputArgs<O = InputOptions> = AnyValidator[] | [...AnyValidator[], O];

function isValidatorLike(x: unknown): x is AnyValidator {
  return (
    x instanceof Validator ||
    (typeof x === 'object' && x !== null && typeof (x as { valid?: unknown }).valid === 'function')
  );
}

/** Split `(...validators, options?)` the way Python splits positional and keyword arguments. */
export function splitArgs<O extends object>(
  args: readonly unknown[],
  where: string,
): [AnyValidator[], Partial<O>] {
  const last = args[args.length - 1];
  const hasOptions =
    typeof last === 'object' && last !== null && !Array.isArray(last) && !isValidatorLike(last);
  const validators = hasOptions ? args.slice(0, -1) : args.slice();
  for (const v of validators) {
    if (!isValidatorLike(v))
      throw new TypeError(`${where}: expected validators then one options object, got ${typeof v}`);
  }
  return [validators as AnyValidator[], hasOptions ? (last as Partial<O>) : {}];
}

/** The message given to a single-valued input that received several values (a repeated field). */
export const SINGLE_VALUE_NOTE = 'Expected a single value';

/** web.py `form.Input`: the base of every control; a bare `Input(name, { type })` renders `<input>`. */
export class Input {
  /** The field name, also the key read from the submitted data. */
  name: string;
  /** Validators run in order; the first failure sets `note`. */
  validators: readonly AnyValidator[];
  /** HTML attributes other than name/id/type/value, escaped when rendered. */
  attrs: Record<string, unknown>;
  /** The `type` attribute when given explicitly. */
  type: string | undefined;
  /** Label text. */
  description: string;
  /** Current value: the initial one, then what `validates()`/`fill()` found (null when absent). */
  value: unknown;
  /** Raw HTML before the control. */
  pre: string;
  /** Raw HTML after the control. */
  post: string;
  /** The message of the validator that failed, or null. */
  note: string | null;
  /** The `id` attribute. */
  id: string;

  constructor(name: string, ...args: InputArgs) {
    if (typeof name !== 'string')
      throw new TypeError(`form.${new.target.name}: the first argument is the field name`);
    const [validators, options] = splitArgs<InputOptions>(
      args,
      `form.${new.target.name}(${JSON.stringify(name)})`,
    );
    const { description, value, pre, post, id, class_, type, ...attrs } = options;
    if (class_ !== undefined) attrs['class'] = class_;
    for (const key of Object.keys(attrs)) checkAttrName(key);
    this.name = name;
    this.validators = validators;
    this.attrs = attrs;
    this.type = type === undefined ? undefined : String(type);
    this.description = description === undefined ? name : String(description);
    this.value = value === undefined ? null : value;
    this.pre = pre === undefined ? '' : String(pre);
    this.post = post === undefined ? '' : String(post);
    this.note = null;
    this.id = id === undefined ? this.get_default_id() : String(id);
    if (new.target === Input && this.type === undefined) {
      throw new TypeError(`form.Input(${JSON.stringify(name)}) needs a type: Input(name, { type: 'email' })`);
    }
  }

  /** True for inputs rendered without a label (Hidden). */
  is_hidden(): boolean {
    return false;
  }

  /** The `type` attribute written by `render()`. */
  get_type(): string {
    if (this.type === undefined) throw new TypeError(`form.Input(${JSON.stringify(this.name)}) has no type`);
    return this.type;
  }

  /** The id used when none is given: the name. */
  get_default_id(): string {
    return this.name;
  }

  /** True when this input takes a list of values (a `multiple` select, a checkbox group). */
  accepts_many(): boolean {
    return false;
  }

  /** Store `value`, then run the validators; web.py `Input.validate`. */
  validate(value: unknown): boolean {
    this.note = null;
    this.set_value(value);
    if (Array.isArray(value) && !this.accepts_many()) {
      this.note = SINGLE_VALUE_NOTE;
      return false;
    }
    for (const v of this.validators) {
      if (!v.valid(value)) {
        this.note = v.msg;
        return false;
      }
    }
    return true;
  }

  /** Set the value without validating. */
  set_value(value: unknown): void {
    this.value = value;
  }

  /** The value `form.d` reports for this input. */
  get_value(): unknown {
    return this.value;
  }

  /** The control's HTML. */
  render(): string {
    const attrs: Record<string, unknown> = {
      ...this.attrs,
      type: this.get_type(),
      name: this.name,
      id: this.id,
    };
    if (this.value !== null && this.value !== undefined) attrs['value'] = text(this.value);
    return `<input ${renderAttrs(attrs)}/>`;
  }

  /** `<strong class="wrong">note</strong>`, or '' without a note. */
  rendernote(note: string | null | undefined): string {
    return note ? `<strong class="wrong">${websafe(note)}</strong>` : '';
  }

  /** The attributes as a string with a leading space (web.py `addatts`, for hand-written templates). */
  addatts(): string {
    return ` ${renderAttrs(this.attrs)}`;
  }

  /** An independent copy (web.py deep-copies forms per request); validators are shared, they hold no state. */
  copy(): this {
    const out = Object.create(Object.getPrototypeOf(this)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(this))
      out[key] = key === 'validators' ? value : deepCopy(value);
    return out as this;
  }
}
