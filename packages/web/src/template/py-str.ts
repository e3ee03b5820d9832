/**
 * Python's str methods for template values. Where JavaScript has a method of the same name with another
 * meaning (`split`, `replace`), this one wins; what is not matched exactly is an error, never other output.
 */
import { TemplateRuntimeFault } from './errors.js';
import { isTuple, pyrepr, pystr, tuple, typeName } from './python.js';

/** A method shim: `self`, positional arguments, keyword arguments (or undefined). */
export type Shim = (self: never, args: unknown[], kw: Record<string, unknown> | undefined) => unknown;

const fault = (kind: TemplateRuntimeFault['kind'], msg: string): TemplateRuntimeFault =>
  new TemplateRuntimeFault(kind, msg);

/** Reads argument `i` (or keyword `name`), with a default; refuses unknown keywords and extra arguments. */
export function params(
  method: string,
  args: unknown[],
  kw: Record<string, unknown> | undefined,
  names: string[],
  defaults: unknown[],
): unknown[] {
  if (args.length > names.length)
    throw fault('TypeError', `${method}() takes at most ${names.length} arguments (${args.length} given)`);
  const out = names.map((_n, i) => (i < args.length ? args[i] : defaults[i]));
  if (kw) {
    for (const k of Object.keys(kw)) {
      const i = names.indexOf(k);
      if (i < 0) throw fault('TypeError', `${method}() got an unexpected keyword argument '${k}'`);
      if (i < args.length) throw fault('TypeError', `${method}() got multiple values for argument '${k}'`);
      out[i] = kw[k];
    }
  }
  out.forEach((v, i) => {
    if (v === REQUIRED) throw fault('TypeError', `${method}() missing required argument '${names[i]}'`);
  });
  return out;
}

/** Marks a parameter without a default in `params`. */
export const REQUIRED = Symbol('required');

const str = (x: unknown, method: string): string => {
  if (typeof x !== 'string') throw fault('TypeError', `${method}() argument must be str, not ${typeName(x)}`);
  return x;
};

const int = (x: unknown, method: string): number => {
  if (typeof x === 'boolean') return Number(x);
  if (typeof x !== 'number' || !Number.isInteger(x))
    throw fault('TypeError', `'${typeName(x)}' object cannot be interpreted as an integer (${method})`);
  return x;
};

/** Python's whitespace (str.isspace), which differs from JavaScript's `\s` (no U+FEFF, plus U+001C–U+001F). */
const WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WS_ONLY = new RegExp(`^[${WS}]+$`, 'u');
const WS_LEAD = new RegExp(`^[${WS}]+`, 'u');
const WS_TRAIL = new RegExp(`[${WS}]+$`, 'u');
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;

function strip(s: string, chars: unknown, left: boolean, right: boolean, method: string): string {
  if (chars == null) {
    let out = s;
    if (left) out = out.replace(WS_LEAD, '');
    if (right) out = out.replace(WS_TRAIL, '');
    return out;
  }
  const set = new Set(str(chars, method));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && set.has(s[a] as string)) a++;
  if (right) while (b > a && set.has(s[b - 1] as string)) b--;
  return s.slice(a, b);
}

/** Python slice bounds `[start:end]` for find/count/startswith. */
function bounds(len: number, start: unknown, end: unknown): [number, number] {
  const norm = (v: unknown, d: number): number => {
    if (v == null) return d;
    const n = int(v, 'slice');
    return Math.min(Math.max(n < 0 ? n + len : n, 0), len);
  };
  return [norm(start, 0), norm(end, len)];
}

const WS_CHAR = new RegExp(`[${WS}]`, 'u');
const isWs = (c: string): boolean => WS_CHAR.test(c);

/** `s.split()`: runs of whitespace separate; after `max` splits the rest is kept as it is. */
function wsSplit(s: string, max: number): string[] {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  for (;;) {
    while (i < n && isWs(s[i] as string)) i++;
    if (i >= n) break;
    if (out.length >= max) {
      out.push(s.slice(i));
      break;
    }
    let j = i;
    while (j < n && !isWs(s[j] as string)) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function wsSplitRight(s: string, max: number): string[] {
  const out: string[] = [];
  let i = s.length;
  for (;;) {
    while (i > 0 && isWs(s[i - 1] as string)) i--;
    if (i <= 0) break;
    if (out.length >= max) {
      out.push(s.slice(0, i));
      break;
    }
    let j = i;
    while (j > 0 && !isWs(s[j - 1] as string)) j--;
    out.push(s.slice(j, i));
    i = j;
  }
  return out.reverse();
}

function split(s: string, sep: unknown, maxsplit: unknown, fromRight: boolean): string[] {
  let max = int(maxsplit, 'split');
  if (max < 0) max = Number.POSITIVE_INFINITY;
  if (sep == null) return fromRight ? wsSplitRight(s, max) : wsSplit(s, max);
  const sp = str(sep, 'split');
  if (sp === '') throw fault('ValueError', 'empty separator');
  const parts = s.split(sp);
  if (parts.length - 1 <= max) return parts;
  if (fromRight) {
    const keep = parts.length - max;
    return [parts.slice(0, keep).join(sp), ...parts.slice(keep)];
  }
  return [...parts.slice(0, max), parts.slice(max).join(sp)];
}

function pad(s: string, width: unknown, fill: unknown, how: 'l' | 'r' | 'c', method: string): string {
  const w = int(width, method);
  const f = fill === undefined ? ' ' : str(fill, method);
  if ([...f].length !== 1) throw fault('TypeError', 'The fill character must be exactly one character long');
  const n = [...s].length;
  if (w <= n) return s;
  const marg = w - n;
  if (how === 'l') return s + f.repeat(marg);
  if (how === 'r') return f.repeat(marg) + s;
  // Python's rounding: the odd extra column goes left when both the margin and the width are odd.
  const left = Math.floor(marg / 2) + (marg & w & 1);
  return f.repeat(left) + s + f.repeat(marg - left);
}

function affix(s: string, a: unknown[], kw: Record<string, unknown> | undefined, end: boolean): boolean {
  const method = end ? 'endswith' : 'startswith';
  const [p, start, stop] = params(method, a, kw, ['prefix', 'start', 'end'], [REQUIRED, null, null]);
  const [lo, hi] = bounds(s.length, start, stop);
  const region = lo > hi ? null : s.slice(lo, hi);
  const one = (x: unknown): boolean => {
    if (typeof x !== 'string')
      throw fault('TypeError', `${method} first arg must be str or a tuple of str, not ${typeName(x)}`);
    if (region === null) return false;
    return end ? region.endsWith(x) : region.startsWith(x);
  };
  if (isTuple(p)) return (p as unknown[]).some(one);
  return one(p);
}

function findIn(s: string, a: unknown[], kw: Record<string, unknown> | undefined, method: string): number {
  const [sub, start, end] = params(method, a, kw, ['sub', 'start', 'end'], [REQUIRED, null, null]);
  const t = str(sub, method);
  const [lo, hi] = bounds(s.length, start, end);
  if (lo > hi) return -1;
  const region = s.slice(lo, hi);
  const i = method.startsWith('r') ? region.lastIndexOf(t) : region.indexOf(t);
  return i < 0 ? -1 : i + lo;
}

const noArgs = (method: string, a: unknown[], kw: Record<string, unknown> | undefined): true => {
  params(method, a, kw, [], []);
  return true;
};

const isCased = (s: string): boolean => /[\p{Lu}\p{Ll}\p{Lt}]/u.test(s);

/** str methods with Python's meaning. */
export const STRING: Record<string, Shim> = {
  upper: (s: string, a, kw) => noArgs('upper', a, kw) && s.toUpperCase(),
  lower: (s: string, a, kw) => noArgs('lower', a, kw) && s.toLowerCase(),
  casefold: (s: string, a, kw) => noArgs('casefold', a, kw) && s.toLowerCase(),
  swapcase: (s: string) =>
    Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  title: (s: string) =>
    s.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()),
  capitalize: (s: string) => (s ? (s[0] as string).toUpperCase() + s.slice(1).toLowerCase() : s),
  strip: (s: string, a, kw) => strip(s, params('strip', a, kw, ['chars'], [null])[0], true, true, 'strip'),
  lstrip: (s: string, a, kw) =>
    strip(s, params('lstrip', a, kw, ['chars'], [null])[0], true, false, 'lstrip'),
  rstrip: (s: string, a, kw) =>
    strip(s, params('rstrip', a, kw, ['chars'], [null])[0], false, true, 'rstrip'),
  split: (s: string, a, kw) => {
    const [sep, max] = params('split', a, kw, ['sep', 'maxsplit'], [null, -1]);
    return split(s, sep, max, false);
  },
  rsplit: (s: string, a, kw) => {
    const [sep, max] = params('rsplit', a, kw, ['sep', 'maxsplit'], [null, -1]);
    return split(s, sep, max, true);
  },
  splitlines: (s: string, a, kw) => {
    const [keep] = params('splitlines', a, kw, ['keepends'], [false]);
    const out: string[] = [];
    let last = 0;
    for (const m of s.matchAll(LINE_BREAK)) {
      const i = m.index as number;
      out.push(s.slice(last, keep ? i + m[0].length : i));
      last = i + m[0].length;
    }
    if (last < s.length) out.push(s.slice(last));
    return out;
  },
  partition: (s: string, a, kw) => {
    const sep = str(params('partition', a, kw, ['sep'], [REQUIRED])[0], 'partition');
    if (sep === '') throw fault('ValueError', 'empty separator');
    const i = s.indexOf(sep);
    return i < 0 ? tuple([s, '', '']) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition: (s: string, a, kw) => {
    const sep = str(params('rpartition', a, kw, ['sep'], [REQUIRED])[0], 'rpartition');
    if (sep === '') throw fault('ValueError', 'empty separator');
    const i = s.lastIndexOf(sep);
    return i < 0 ? tuple(['', '', s]) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  replace: (s: string, a, kw) => {
    const [o, n, c] = params('replace', a, kw, ['old', 'new', 'count'], [REQUIRED, REQUIRED, -1]);
    const old = str(o, 'replace');
    const rep = str(n, 'replace');
    let count = int(c, 'replace');
    if (count < 0) return s.replaceAll(old, () => rep);
    if (old === '') {
      // Python inserts before each character and at the end, up to `count` times.
      const chars = Array.from(s);
      let out = '';
      for (let i = 0; i <= chars.length; i++) {
        if (count > 0) {
          out += rep;
          count--;
        }
        out += chars[i] ?? '';
      }
      return out;
    }
    let out = '';
    let from = 0;
    while (count > 0) {
      const i = s.indexOf(old, from);
      if (i < 0) break;
      out += s.slice(from, i) + rep;
      from = i + old.length;
      count--;
    }
    return out + s.slice(from);
  },
  startswith: (s: string, a, kw) => affix(s, a, kw, false),
  endswith: (s: string, a, kw) => affix(s, a, kw, true),
  join: (s: string, a, kw) => {
    const [items] = params('join', a, kw, ['iterable'], [REQUIRED]);
    if (
      items == null ||
      (typeof items !== 'string' && typeof (items as Iterable<unknown>)[Symbol.iterator] !== 'function')
    )
      throw fault('TypeError', 'can only join an iterable');
    return Array.from(items as Iterable<unknown>, (x, i) => {
      if (typeof x !== 'string')
        throw fault('TypeError', `sequence item ${i}: expected str instance, ${typeName(x)} found`);
      return x;
    }).join(s);
  },
  count: (s: string, a, kw) => {
    const [sub, start, end] = params('count', a, kw, ['sub', 'start', 'end'], [REQUIRED, null, null]);
    const t = str(sub, 'count');
    const [lo, hi] = bounds(s.length, start, end);
    if (lo > hi) return 0;
    const region = s.slice(lo, hi);
    return t === '' ? region.length + 1 : region.split(t).length - 1;
  },
  find: (s: string, a, kw) => findIn(s, a, kw, 'find'),
  rfind: (s: string, a, kw) => findIn(s, a, kw, 'rfind'),
  index: (s: string, a, kw) => {
    const i = findIn(s, a, kw, 'index');
    if (i < 0) throw fault('ValueError', 'substring not found');
    return i;
  },
  rindex: (s: string, a, kw) => {
    const i = findIn(s, a, kw, 'rindex');
    if (i < 0) throw fault('ValueError', 'substring not found');
    return i;
  },
  zfill: (s: string, a, kw) => {
    const w = int(params('zfill', a, kw, ['width'], [REQUIRED])[0], 'zfill');
    const n = [...s].length;
    if (w <= n) return s;
    const sign = s[0] === '+' || s[0] === '-' ? (s[0] as string) : '';
    return sign + '0'.repeat(w - n) + s.slice(sign.length);
  },
  center: (s: string, a, kw) => {
    const [w, f] = params('center', a, kw, ['width', 'fillchar'], [REQUIRED, ' ']);
    return pad(s, w, f, 'c', 'center');
  },
  ljust: (s: string, a, kw) => {
    const [w, f] = params('ljust', a, kw, ['width', 'fillchar'], [REQUIRED, ' ']);
    return pad(s, w, f, 'l', 'ljust');
  },
  rjust: (s: string, a, kw) => {
    const [w, f] = params('rjust', a, kw, ['width', 'fillchar'], [REQUIRED, ' ']);
    return pad(s, w, f, 'r', 'rjust');
  },
  isdigit: (s: string) => /^[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089]+$/u.test(s),
  isdecimal: (s: string) => /^\p{Nd}+$/u.test(s),
  isnumeric: (s: string) => /^\p{N}+$/u.test(s),
  isalpha: (s: string) => /^\p{L}+$/u.test(s),
  isalnum: (s: string) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s: string) => WS_ONLY.test(s),
  isupper: (s: string) => isCased(s) && !/[\p{Ll}]/u.test(s),
  islower: (s: string) => isCased(s) && !/[\p{Lu}\p{Lt}]/u.test(s),
  format: (s: string, a, kw) => formatString(s, a, kw ?? {}),
};

// ---- str.format -------------------------------------------------------------------------------

const SPEC_RE = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFosxX%])?$/su;

function group(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** `format(value, spec)` for the common specs; anything else is a ValueError rather than a guess. */
export function formatValue(v: unknown, spec: string): string {
  if (spec === '') return pystr(v);
  const m = SPEC_RE.exec(spec);
  if (!m) throw fault('ValueError', `format spec '${spec}' is not supported`);
  const [, fillCh, align, sign, alt, zero, width, grouping, prec, given] = m;
  // `{:,}` on an int groups its digits as 'd' would; on a float Python's output is repr-based: refused.
  let type = given;
  if (type === undefined && grouping && (typeof v === 'number' || typeof v === 'boolean')) {
    if (!Number.isInteger(Number(v)))
      throw fault('ValueError', `format spec '${spec}' is not supported for floats`);
    type = 'd';
  }
  const isNum = typeof v === 'number' || typeof v === 'boolean';
  let body: string;
  let neg = false;
  if (type === undefined || type === 's') {
    if (type === 's' && typeof v !== 'string')
      throw fault('ValueError', `Unknown format code 's' for object of type '${typeName(v)}'`);
    if (isNum && (prec !== undefined || type === 's'))
      throw fault('ValueError', `format spec '${spec}' is not supported for numbers`);
    if (!isNum && (sign || grouping || alt))
      throw fault('ValueError', `Sign, grouping and # are not allowed in string format specifier`);
    body = pystr(v);
    if (prec !== undefined && !isNum) body = [...body].slice(0, Number(prec)).join('');
    if (isNum) {
      neg = Number(v) < 0 || Object.is(v, -0);
      body = neg ? body.slice(1) : body;
    }
  } else {
    if (!isNum)
      throw fault('ValueError', `Unknown format code '${type}' for object of type '${typeName(v)}'`);
    const n = Number(v);
    neg = n < 0 || Object.is(n, -0);
    const x = Math.abs(n);
    const intOnly = 'bcdoxX'.includes(type);
    if (intOnly && !Number.isInteger(n))
      throw fault('ValueError', `Unknown format code '${type}' for object of type 'float'`);
    if (intOnly && prec !== undefined)
      throw fault('ValueError', 'Precision not allowed in integer format specifier');
    const p = prec === undefined ? 6 : Number(prec);
    switch (type) {
      case 'd':
        body = String(x);
        break;
      case 'b':
        body = (alt ? '0b' : '') + x.toString(2);
        break;
      case 'o':
        body = (alt ? '0o' : '') + x.toString(8);
        break;
      case 'x':
        body = (alt ? '0x' : '') + x.toString(16);
        break;
      case 'X':
        body = (alt ? '0X' : '') + x.toString(16).toUpperCase();
        break;
      case 'c':
        body = String.fromCodePoint(n);
        neg = false;
        break;
      case 'f':
      case 'F':
        body = Number.isFinite(x) ? x.toFixed(p) : x === Number.POSITIVE_INFINITY ? 'inf' : 'nan';
        if (type === 'F') body = body.toUpperCase();
        break;
      case 'e':
      case 'E':
        body = x.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
        if (type === 'E') body = body.toUpperCase();
        break;
      default:
        // '%'
        body = `${(x * 100).toFixed(p)}%`;
    }
    if (grouping && 'dfF%'.includes(type)) {
      const [ip, fp] = body.split('.') as [string, string | undefined];
      body = group(ip, grouping) + (fp === undefined ? '' : `.${fp}`);
    } else if (grouping) throw fault('ValueError', `Cannot specify '${grouping}' with '${type}'.`);
  }
  const signStr = neg ? '-' : sign === '+' && isNum ? '+' : sign === ' ' && isNum ? ' ' : '';
  const w = width === undefined ? 0 : Number(width);
  let fill = fillCh ?? ' ';
  let al = align ?? (isNum ? '>' : '<');
  if (zero && align === undefined) {
    fill = '0';
    al = '=';
  }
  const len = [...body].length + signStr.length;
  if (len >= w) return signStr + body;
  const padN = w - len;
  if (al === '=') return signStr + fill.repeat(padN) + body;
  const full = signStr + body;
  if (al === '<') return full + fill.repeat(padN);
  if (al === '>') return fill.repeat(padN) + full;
  const left = Math.floor(padN / 2);
  return fill.repeat(left) + full + fill.repeat(padN - left);
}

/** Python's `str.format`: `{}`, `{0}`, `{name}`, `!r`/`!s`, and a spec; `{0.attr}` / `{0[k]}` are refused. */
export function formatString(fmt: string, args: unknown[], kw: Record<string, unknown>): string {
  let out = '';
  let auto = 0;
  let manual = false;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i] as string;
    if (c === '}') {
      if (fmt[i + 1] !== '}') throw fault('ValueError', "Single '}' encountered in format string");
      out += '}';
      i++;
      continue;
    }
    if (c !== '{') {
      out += c;
      continue;
    }
    if (fmt[i + 1] === '{') {
      out += '{';
      i++;
      continue;
    }
    const close = fmt.indexOf('}', i);
    if (close < 0) throw fault('ValueError', "Single '{' encountered in format string");
    const field = fmt.slice(i + 1, close);
    if (field.includes('{')) throw fault('ValueError', 'nested format fields are not supported');
    i = close;
    const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
    if (!m) throw fault('ValueError', 'invalid format field');
    const [, name = '', conv, spec = ''] = m;
    if (/[.[]/.test(name))
      throw fault('ValueError', 'attribute and index access in format fields are not supported');
    let v: unknown;
    if (name === '') {
      if (manual)
        throw fault(
          'ValueError',
          'cannot switch from manual field specification to automatic field numbering',
        );
      if (auto >= args.length)
        throw fault('IndexError', `Replacement index ${auto} out of range for positional args tuple`);
      v = args[auto++];
    } else if (/^\d+$/.test(name)) {
      if (auto > 0)
        throw fault(
          'ValueError',
          'cannot switch from automatic field numbering to manual field specification',
        );
      manual = true;
      const k = Number(name);
      if (k >= args.length)
        throw fault('IndexError', `Replacement index ${k} out of range for positional args tuple`);
      v = args[k];
    } else {
      if (!Object.hasOwn(kw, name)) throw fault('KeyError', pyrepr(name));
      v = kw[name];
    }
    if (conv === 'r' || conv === 'a') v = pyrepr(v);
    else if (conv === 's') v = pystr(v);
    out += formatValue(v, spec);
  }
  return out;
}
