/**
 * `web.form`: HTML forms that render themselves and validate submitted data, ported from web.py's
 * `web.form` so that form code keeps its shape. Every constructor works with or without `new`.
 */
import { pyclass } from '../util/pyclass.js';
import { AttributeList as AttributeListClass } from './attributes.js';
import {
  Datalist as DatalistClass,
  Dropdown as DropdownClass,
  GroupedDropdown as GroupedDropdownClass,
  Radio as RadioClass,
} from './choice.js';
import { CsrfToken as CsrfTokenClass } from './csrf-token.js';
import { FormImpl, type FormOptions } from './form.js';
import { Input as InputClass } from './input.js';
import {
  Button as ButtonClass,
  Checkbox as CheckboxClass,
  Color as ColorClass,
  DateInput as DateClass,
  Email as EmailClass,
  FileInput as FileClass,
  Hidden as HiddenClass,
  NumberInput as NumberClass,
  Password as PasswordClass,
  RangeInput as RangeClass,
  Search as SearchClass,
  Telephone as TelephoneClass,
  Textarea as TextareaClass,
  Textbox as TextboxClass,
  Time as TimeClass,
  Url as UrlClass,
} from './inputs.js';
import { regexp as RegexpClass, type Source, Validator as ValidatorClass } from './validators.js';

export { attrget } from './attributes.js';
export type { Choice, ChoiceGroup } from './choice.js';
export type { FormArgs, FormOptions } from './form.js';
export type { AnyValidator, InputArgs, InputOptions } from './input.js';
export type { ButtonOptions, CheckboxOptions } from './inputs.js';
export { notnull, type Source } from './validators.js';

/**
 * A form: a `FormImpl` that is also a function. Calling it (`myform()`, or `new myform()`) returns
 * a fresh deep copy, validated against the argument when one is given — web.py's `form()`.
 */
export interface Form extends FormImpl {
  (source?: Source | null): Form;
  // biome-ignore lint/suspicious/noMisleadingInstantiator: `new myform()` really returns another Form.
  new (source?: Source | null): Form;
  __call__(source?: Source | null): Form;
}

/** The callable constructor behind `web.form.Form`. */
export interface FormConstructor {
  (...args: [...inputs: Input[], options: FormOptions]): Form;
  (...inputs: Input[]): Form;
  new (...args: [...inputs: Input[], options: FormOptions]): Form;
  new (...inputs: Input[]): Form;
  readonly prototype: FormImpl;
}

/** web.py `form.Form(*inputs, validators=[...])` → `Form(...inputs, { validators: [...] })`. */
export const Form = pyclass(FormImpl) as unknown as FormConstructor;

/** The callable constructor behind `web.form.Validator`. */
export interface ValidatorConstructor {
  <T = Source>(msg: string, test: (value: T) => unknown): ValidatorClass<T>;
  new <T = Source>(msg: string, test: (value: T) => unknown): ValidatorClass<T>;
  readonly prototype: ValidatorClass<unknown>;
}

/** web.py `form.Validator(msg, test)`: `test(value)` truthy means valid; a throw means invalid. */
export const Validator = pyclass(ValidatorClass) as unknown as ValidatorConstructor;
/** A validator (web.py `form.Validator`). */
export type Validator<T = Source> = ValidatorClass<T>;

/** web.py `form.regexp(rexp, msg)`: the value must match at its start (`re.match`). */
export const regexp = pyclass(RegexpClass);
/** A regexp validator. */
export type regexp = RegexpClass;

/** web.py `form.Input(name, *validators, type=..., **attrs)`. */
export const Input = pyclass(InputClass);
/** Any form input. */
export type Input = InputClass;

/** web.py `form.Textbox`. */
export const Textbox = pyclass(TextboxClass);
/** A text box. */
export type Textbox = TextboxClass;

/** web.py `form.Password`. */
export const Password = pyclass(PasswordClass);
/** A password box. */
export type Password = PasswordClass;

/** web.py `form.Textarea`. */
export const Textarea = pyclass(TextareaClass);
/** A text area. */
export type Textarea = TextareaClass;

/** web.py `form.Dropdown(name, args)`. */
export const Dropdown = pyclass(DropdownClass);
/** A select. */
export type Dropdown = DropdownClass;

/** web.py `form.GroupedDropdown(name, args)`. */
export const GroupedDropdown = pyclass(GroupedDropdownClass);
/** A select with option groups. */
export type GroupedDropdown = GroupedDropdownClass;

/** web.py `form.Radio(name, args)`. */
export const Radio = pyclass(RadioClass);
/** A set of radio buttons. */
export type Radio = RadioClass;

/** web.py `form.Checkbox`. */
export const Checkbox = pyclass(CheckboxClass);
/** A checkbox. */
export type Checkbox = CheckboxClass;

/** webts: the session's CSRF token as a hidden input (see docs/csrf.md). */
export const CsrfToken = pyclass(CsrfTokenClass);
/** A CSRF token input. */
export type CsrfToken = CsrfTokenClass;

/** web.py `form.Hidden`. */
export const Hidden = pyclass(HiddenClass);
/** A hidden input. */
export type Hidden = HiddenClass;

/** web.py `form.File`. */
const FileInput = pyclass(FileClass);

export { FileInput as File };

/** A file input. */
type FileInput = FileClass;

/** web.py `form.Button`. */
export const Button = pyclass(ButtonClass);
/** A button. */
export type Button = ButtonClass;

/** web.py `form.Datalist(name, args)`. */
export const Datalist = pyclass(DatalistClass);
/** A datalist. */
export type Datalist = DatalistClass;

/** web.py `form.Telephone`. */
export const Telephone = pyclass(TelephoneClass);
/** web.py `form.Email`. */
export const Email = pyclass(EmailClass);
/** web.py `form.Date`. */
const DateInput = pyclass(DateClass);

export { DateInput as Date };
/** web.py `form.Time`. */
export const Time = pyclass(TimeClass);
/** web.py `form.Search`. */
export const Search = pyclass(SearchClass);
/** web.py `form.Url`. */
export const Url = pyclass(UrlClass);
/** web.py `form.Number`. */
const NumberInput = pyclass(NumberClass);

export { NumberInput as Number };

/** web.py `form.Range`. */
const RangeInput = pyclass(RangeClass);

export { RangeInput as Range };
/** web.py `form.Color`. */
export const Color = pyclass(ColorClass);

/** web.py `web.form.AttributeList(type='text', name='x')`: `String(attrs)` renders them sorted. */
export const AttributeList = pyclass(AttributeListClass);
/** @see AttributeList */
export type AttributeList = AttributeListClass;
