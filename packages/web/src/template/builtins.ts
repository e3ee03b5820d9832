/**
 * The only names a template sees besides its arguments, its own variables and user globals
 * (web.py's TEMPLATE_BUILTINS, plus `str`; minus `__import__`, `id`, `isinstance`, `iter`, `callable`, `slice`, `set`).
 */
import { TemplateRuntimeFault } from './errors.js';
import { isPlainObject, PyRange, pystr, truth, tuple, typeName } from './python.js';
import { rt } from './runtime.js';

function err(kind: TemplateRuntimeFault['kind'], msg: string): TemplateRuntimeFault {
  return new TemplateRuntimeFault(kind, msg);
}

function toInt(x: unknown, what: string): number {
  if (typeof x === 'boolean') return Number(x);
  if (typeof x !== 'number' || !Number.isInteger(x)) {
    throw err('TypeError', `'${typeName(x)}' object cannot be interpreted as an integer (${what})`);
  }
  return x;
}

function items(x: unknown): unknown[] {
  return Array.from(rt.iter(x));
}

function len(x: unknown): number {
  if (typeof x === 'string' || Array.isArray(x)) return x.length;
  if (x instanceof Map || x instanceof Set) return x.size;
  if (x instanceof PyRange) return x.length;
  if (x !== null && typeof x === 'object') {
    const l = (x as { length?: unknown }).length;
    if (typeof l === 'number') return l;
    if (isPlainObject(x)) return Object.keys(x).length;
  }
  throw err('TypeError', `object of type '${typeName(x)}' has no len()`);
}

function range(a: unknown, b?: unknown, step?: unknown): PyRange {
  if (b === undefined) return new PyRange(0, toInt(a, 'range'), 1);
  return new PyRange(toInt(a, 'range'), toInt(b, 'range'), step === undefined ? 1 : toInt(step, 'range'));
}

function int(x: unknown = 0, base?: unknown): number {
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw err('ValueError', `cannot convert float ${pystr(x)} to integer`);
    return Math.trunc(x);
  }
  if (typeof x === 'boolean') return Number(x);
  if (typeof x === 'string') {
    const b = base === undefined ? 10 : toInt(base, 'base');
    const s = x.trim().replace(/_/g, '');
    const digits =
      b === 16
        ? /^[+-]?(0[xX])?[0-9a-fA-F]+$/
        : b === 8
          ? /^[+-]?(0[oO])?[0-7]+$/
          : b === 2
            ? /^[+-]?(0[bB])?[01]+$/
            : /^[+-]?\d+$/;
    if (!digits.test(s)) throw err('ValueError', `invalid literal for int() with base ${b}: '${x}'`);
    const n = Number.parseInt(s.replace(/^([+-]?)0[xXoObB]/, '$1'), b);
    if (Number.isNaN(n)) throw err('ValueError', `invalid literal for int() with base ${b}: '${x}'`);
    return n;
  }
  throw err('TypeError', `int() argument must be a string or a number, not '${typeName(x)}'`);
}

function float(x: unknown = 0): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return Number(x);
  if (typeof x === 'string') {
    const s = x.trim().toLowerCase();
    if (/^[+-]?(inf|infinity)$/.test(s))
      return s.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    if (/^[+-]?nan$/.test(s)) return Number.NaN;
    if (/^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(e[+-]?\d+)?$/.test(s)) return Number(s.replace(/_/g, ''));
    throw err('ValueError', `could not convert string to float: '${x}'`);
  }
  throw err('TypeError', `float() argument must be a string or a number, not '${typeName(x)}'`);
}

function extreme(sign: 1 | -1, name: string, args: unknown[]): unknown {
  const seq = args.length === 1 ? items(args[0]) : args;
  if (seq.length === 0) throw err('ValueError', `${name}() arg is an empty sequence`);
  let best = seq[0];
  for (const x of seq.slice(1))
    if (sign > 0 ? (x as number) > (best as number) : (x as number) < (best as number)) best = x;
  return best;
}

const table: Record<string, unknown> = {
  True: true,
  False: false,
  None: null,
  len,
  range,
  str: (x: unknown = '') => pystr(x),
  int,
  float,
  bool: (x: unknown) => truth(x),
  enumerate: (xs: unknown, start: unknown = 0) =>
    items(xs).map((x, i) => tuple([i + toInt(start, 'enumerate'), x])),
  list: (xs?: unknown) => (xs === undefined ? [] : items(xs)),
  tuple: (xs?: unknown) => tuple(xs === undefined ? [] : items(xs)),
  dict: (x?: unknown) => {
    if (x === undefined) return {};
    if (x instanceof Map) return Object.fromEntries(x);
    if (isPlainObject(x)) return { ...x };
    return Object.fromEntries(items(x).map((p) => rt.unpack(p, 2) as [string, unknown]));
  },
  reversed: (xs: unknown) => items(xs).reverse(),
  abs: (x: number) => Math.abs(x),
  min: (...a: unknown[]) => extreme(-1, 'min', a),
  max: (...a: unknown[]) => extreme(1, 'max', a),
  any: (xs: unknown) => items(xs).some(truth),
  all: (xs: unknown) => items(xs).every(truth),
  chr: (n: unknown) => String.fromCodePoint(toInt(n, 'chr')),
  ord: (s: unknown) => {
    if (typeof s !== 'string' || [...s].length !== 1) throw err('TypeError', 'ord() expected a character');
    return s.codePointAt(0);
  },
  hex: (n: unknown) => {
    const v = toInt(n, 'hex');
    return (v < 0 ? '-0x' : '0x') + Math.abs(v).toString(16);
  },
  oct: (n: unknown) => {
    const v = toInt(n, 'oct');
    return (v < 0 ? '-0o' : '0o') + Math.abs(v).toString(8);
  },
  divmod: (a: unknown, b: unknown) => tuple([rt.floordiv(a, b), rt.mod(a, b)]),
  pow: (a: number, b: number, m?: number) => (m === undefined ? a ** b : a ** b % m),
};

/** Builtin names available to every template. */
export const BUILTINS: ReadonlyMap<string, unknown> = new Map(Object.entries(table));

/** The builtins as a frozen object, to extend with the `builtins` option (web.py: `TEMPLATE_BUILTINS`). */
export const TEMPLATE_BUILTINS: Readonly<Record<string, unknown>> = Object.freeze({ ...table });
