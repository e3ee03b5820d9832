/** Python-flavoured value semantics the templates rely on: str(), repr(), truthiness, ==, % formatting. */
import { TemplateRuntimeFault } from './errors.js';
import { TemplateResult } from './result.js';

/** A lazy `range()` that knows its length (so `loop.length` and `len()` work). */
export class PyRange {
  readonly start: number;
  readonly stop: number;
  readonly step: number;
  readonly length: number;
  constructor(start: number, stop: number, step: number) {
    if (step === 0) throw new TemplateRuntimeFault('ValueError', 'range() arg 3 must not be zero');
    this.start = start;
    this.stop = stop;
    this.step = step;
    this.length = Math.max(0, Math.ceil((stop - start) / step));
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
  *[Symbol.iterator](): Generator<number> {
    for (let i = 0; i < this.length; i++) yield this.start + i * this.step;
  }
  toString(): string {
    return this.step === 1
      ? `range(${this.start}, ${this.stop})`
      : `range(${this.start}, ${this.stop}, ${this.step})`;
  }
}

const TUPLE = Symbol('tuple');

/** Marks an array as a Python tuple, so it prints as `(1, 2)`. */
export function tuple<T>(items: T[]): T[] {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}

/** True for arrays made by `tuple()` (tuple literals, `*args`, `enumerate` pairs). */
export function isTuple(x: unknown): boolean {
  return Array.isArray(x) && (x as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

const VIEW = Symbol('view');

/** Marks an array as a dict view (`dict_keys`, `dict_values`, `dict_items`), so it prints as Python's does. */
export function view<T>(items: T[], name: string): T[] {
  Object.defineProperty(items, VIEW, { value: name });
  return items;
}

/** True for `{...}` objects and `Object.create(null)` — the values that act as Python dicts. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Python's type name for error messages. */
export function typeName(x: unknown): string {
  if (x === null || x === undefined) return 'NoneType';
  if (typeof x === 'string') return 'str';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (typeof x === 'boolean') return 'bool';
  if (typeof x === 'function') return 'function';
  if (Array.isArray(x)) return 'list';
  if (isPlainObject(x)) return 'dict';
  return (x as object).constructor?.name ?? 'object';
}

function floatStr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return '-inf';
  return String(n);
}

/** Python's `repr()` for the value kinds templates meet. */
export function pyrepr(x: unknown): string {
  if (typeof x === 'string') {
    const q = x.includes("'") && !x.includes('"') ? '"' : "'";
    let out = '';
    for (const ch of x) {
      if (ch === '\\') out += '\\\\';
      else if (ch === q) out += `\\${q}`;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
      else out += ch;
    }
    return q + out + q;
  }
  if (x === null || x === undefined) return 'None';
  return pystr(x, true);
}

/** A list, tuple or dict view as Python prints it (kept out of `pystr`, which is on every output's path). */
function listStr(x: unknown[]): string {
  const inner = x.map((v) => pyrepr(v)).join(', ');
  if (isTuple(x)) return x.length === 1 ? `(${inner},)` : `(${inner})`;
  const v = (x as unknown as Record<symbol, unknown>)[VIEW];
  if (v) return `${v as string}([${inner}])`;
  return `[${inner}]`;
}

/** Python's `str()`: True/False/None, lists and dicts as Python prints them, everything else via toString. */
export function pystr(x: unknown, nested = false): string {
  if (typeof x === 'string') return x;
  if (x === null || x === undefined) return 'None';
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (typeof x === 'number') return floatStr(x);
  if (Array.isArray(x)) return listStr(x);
  if (x instanceof TemplateResult) return x.toString();
  if (isPlainObject(x)) {
    return `{${Object.entries(x)
      .map(([k, v]) => `${pyrepr(k)}: ${pyrepr(v)}`)
      .join(', ')}}`;
  }
  void nested;
  return String(x);
}

/** Python truthiness: empty strings, lists, dicts, Maps and Sets are false. */
export function truth(x: unknown): boolean {
  if (!x) return false;
  if (typeof x !== 'object') return true;
  if (Array.isArray(x)) return x.length > 0;
  if (x instanceof Map || x instanceof Set) return x.size > 0;
  if (x instanceof PyRange) return x.length > 0;
  if (isPlainObject(x)) {
    for (const _ in x) return true;
    return false;
  }
  return true;
}

/** Python `==`: None equals undefined too, lists compare item by item. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
    return true;
  }
  if (typeof a === 'boolean' && typeof b === 'number') return Number(a) === b;
  if (typeof a === 'number' && typeof b === 'boolean') return a === Number(b);
  return false;
}

const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdirfFeEgGxXoc%])/g;

/** Python's `format % values` (the common conversions: s r d i f e g x o c and %(name)s). */
export function percentFormat(fmt: string, values: unknown): string {
  const mapping =
    isPlainObject(values) || values instanceof TemplateResult ? (values as Record<string, unknown>) : null;
  const args = Array.isArray(values) ? values : mapping ? [] : [values];
  let n = 0;
  const out = fmt.replace(
    SPEC,
    (
      _m,
      name: string | undefined,
      flags: string,
      width: string | undefined,
      prec: string | undefined,
      conv: string,
    ) => {
      if (conv === '%') return '%';
      let w = width;
      if (w === '*') {
        if (n >= args.length)
          throw new TemplateRuntimeFault('TypeError', 'not enough arguments for format string');
        w = String(args[n++]);
      }
      let v: unknown;
      if (name !== undefined) {
        if (!mapping) throw new TemplateRuntimeFault('TypeError', 'format requires a mapping');
        if (!Object.hasOwn(mapping, name)) throw new TemplateRuntimeFault('KeyError', pyrepr(name));
        v = mapping[name];
      } else {
        if (n >= args.length)
          throw new TemplateRuntimeFault('TypeError', 'not enough arguments for format string');
        v = args[n++];
      }
      let s: string;
      const p = prec === undefined ? undefined : Number(prec);
      const num = (): number => {
        if (typeof v === 'boolean') return Number(v);
        if (typeof v !== 'number') {
          throw new TemplateRuntimeFault(
            'TypeError',
            `%${conv} format: a real number is required, not ${typeName(v)}`,
          );
        }
        return v;
      };
      switch (conv) {
        case 's':
          s = pystr(v);
          if (p !== undefined) s = s.slice(0, p);
          break;
        case 'r':
          s = pyrepr(v);
          break;
        case 'd':
        case 'i':
          s = String(Math.trunc(num()));
          break;
        case 'f':
        case 'F':
          s = num().toFixed(p ?? 6);
          break;
        case 'e':
        case 'E':
          s = num()
            .toExponential(p ?? 6)
            .replace(/e([+-])(\d)$/, 'e$10$2');
          if (conv === 'E') s = s.toUpperCase();
          break;
        case 'g':
        case 'G':
          s = String(Number(num().toPrecision(p || 6)));
          break;
        case 'x':
          s = Math.trunc(num()).toString(16);
          break;
        case 'X':
          s = Math.trunc(num()).toString(16).toUpperCase();
          break;
        case 'o':
          s = Math.trunc(num()).toString(8);
          break;
        default:
          s = typeof v === 'number' ? String.fromCodePoint(v) : pystr(v);
      }
      if (flags.includes('+') && /[dfFeEgGi]/.test(conv) && !s.startsWith('-')) s = `+${s}`;
      else if (flags.includes(' ') && /[dfFeEgGi]/.test(conv) && !s.startsWith('-')) s = ` ${s}`;
      const width2 = w === undefined ? 0 : Number(w);
      if (s.length < width2) {
        if (flags.includes('-')) s = s.padEnd(width2);
        else if (flags.includes('0') && conv !== 's' && conv !== 'r') {
          const sign = /^[-+ ]/.test(s) ? (s[0] as string) : '';
          s = sign + s.slice(sign.length).padStart(width2 - sign.length, '0');
        } else s = s.padStart(width2);
      }
      return s;
    },
  );
  if (!mapping && n < args.length)
    throw new TemplateRuntimeFault('TypeError', 'not all arguments converted during string formatting');
  return out;
}
