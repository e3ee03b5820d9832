/**
 * web.utils' text helpers: strips, safestr, numify/denumify, commify, dateify, nthstr, intget, to36.
 * Where web.py prints a value with Python's `str()`, webts does too (`True`, `None`, `[1, 2]`).
 */
import { pystr } from '../../template/python.js';

/** web.py `web.utils.iters`: the kinds of collection `lstrips`/`rstrips` treat as several strings. */
export const iters: readonly [ArrayConstructor, SetConstructor] = Object.freeze([Array, Set] as const);

type Remove = string | readonly string[] | ReadonlySet<string>;

function strip(direction: 'l' | 'r', text: string, remove: Remove): string {
  if (typeof remove !== 'string') {
    let out = text;
    for (const one of remove) out = strip(direction, out, one);
    return out;
  }
  if (direction === 'l') return text.startsWith(remove) ? text.slice(remove.length) : text;
  // As Python's `text[:-0]`, removing '' from the right empties the text.
  if (!text.endsWith(remove)) return text;
  return remove === '' ? '' : text.slice(0, text.length - remove.length);
}

/** web.py `rstrips(text, remove)`: `remove` (or each of a list of them, in turn) cut off the end. */
export function rstrips(text: string, remove: Remove): string {
  return strip('r', text, remove);
}

/** web.py `lstrips(text, remove)`: `remove` (or each of a list of them, in turn) cut off the start. */
export function lstrips(text: string, remove: Remove): string {
  return strip('l', text, remove);
}

/** web.py `strips(text, remove)`: `lstrips` then `rstrips`. */
export function strips(text: string, remove: Remove): string {
  return rstrips(lstrips(text, remove), remove);
}

function isIterator(x: unknown): x is Iterator<unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { next?: unknown }).next === 'function' &&
    typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

/**
 * web.py `safestr(obj)`: the text of any value, as Python's `str()` writes it (`None`, `True`,
 * `[1, 'a']`). A `Buffer`/`Uint8Array` is decoded as UTF-8 (web.py's bytes); an iterator (a
 * generator) becomes an array of the texts of its items, as in web.py.
 */
export function safestr(obj: Iterator<unknown>, encoding?: BufferEncoding): string[];
export function safestr(obj: unknown, encoding?: BufferEncoding): string;
export function safestr(obj: unknown, encoding: BufferEncoding = 'utf-8'): string | string[] {
  if (obj instanceof Uint8Array)
    return Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString(encoding);
  if (isIterator(obj)) return Array.from(obj as unknown as Iterable<unknown>, (x) => safestr(x, encoding));
  if (typeof obj === 'bigint') return String(obj);
  return pystr(obj);
}

/** web.py `safeunicode`: in Python 3 (and in JavaScript) the same function as `safestr`. */
export const safeunicode = safestr;

/** web.py `numify(string)`: only the digits of the value's text (`'800-555-1212'` → `'8005551212'`). */
export function numify(value: unknown): string {
  return (safestr(value).match(/\p{Nd}/gu) ?? []).join('');
}

/**
 * web.py `denumify(string, pattern)`: each `X` of `pattern` replaced by the next character of
 * `string` (`denumify('8005551212', '(XXX) XXX-XXXX')` → `'(800) 555-1212'`). Too few characters
 * is a RangeError (Python's IndexError).
 */
export function denumify(string: string, pattern: string): string {
  const chars = [...string];
  let next = 0;
  let out = '';
  for (const c of pattern) {
    if (c === 'X') {
      if (next >= chars.length) throw new RangeError('denumify: string index out of range');
      out += chars[next++];
    } else out += c;
  }
  return out;
}

/**
 * web.py `commify(n)`: thousands separated by commas (`1234567.5` → `'1,234,567.5'`). Strings are
 * taken as written (`' -1234.50 '` → `'-1,234.50'`); null and undefined come back unchanged (None).
 */
export function commify(n: number | bigint | string): string;
export function commify(n: null | undefined): undefined;
export function commify(n: number | bigint | string | null | undefined): string | undefined;
export function commify(n: number | bigint | string | null | undefined): string | undefined {
  if (n === null || n === undefined) return undefined;
  let text = safestr(n).trim();
  let prefix = '';
  if (text.startsWith('-')) {
    prefix = '-';
    text = text.slice(1).trim();
  }
  const parts = text.split('.');
  if (parts.length > 2) throw new TypeError(`commify: ${JSON.stringify(String(n))} has more than one '.'`);
  const [dollars = '', cents] = parts;
  const digits = [...dollars];
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    const fromEnd = digits.length - i;
    out += digits[i];
    if (fromEnd > 1 && (fromEnd - 1) % 3 === 0) out += ',';
  }
  return prefix + out + (cents ? `.${cents}` : '');
}

/** web.py `dateify(datestring)`: a numified date (`'20090611120000'`) as `'2009-06-11 12:00:00'`. */
export function dateify(datestring: string): string {
  return denumify(datestring, 'XXXX-XX-XX XX:XX:XX');
}

/** web.py `nthstr(n)`: the ordinal (`1st`, `2nd`, `11th`, `101st`); a negative n is a RangeError. */
export function nthstr(n: number): string {
  if (!(n >= 0)) throw new RangeError(`nthstr: n must be 0 or more, not ${n}`);
  const last2 = n % 100;
  if (last2 === 11 || last2 === 12 || last2 === 13) return `${n}th`;
  const suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

const PY_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/**
 * web.py `intget(integer, default=None)`: the value as an integer (Python's `int()`: a number is
 * truncated, a string must be a whole number such as `' 7 '`, `'+4'` or `'1_000'`), else `dflt`.
 */
export function intget<D = undefined>(integer: unknown, dflt?: D): number | D {
  if (typeof integer === 'number') {
    if (Number.isNaN(integer)) return dflt as D;
    if (!Number.isFinite(integer)) throw new RangeError('intget: cannot convert float infinity to integer');
    return Math.trunc(integer);
  }
  if (typeof integer === 'boolean') return integer ? 1 : 0;
  if (typeof integer === 'bigint') return Number(integer);
  if (typeof integer === 'string' && PY_INT.test(integer)) return Number(integer.replace(/_/g, ''));
  return dflt as D;
}

const DIGITS36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** web.py `to36(q)`: a non-negative integer in base 36 (`to36(119292)` → `'2k1o'`); BigInts too. */
export function to36(q: number | bigint): string {
  if (q < 0) throw new RangeError('must supply a positive integer');
  if (typeof q === 'number' && !Number.isInteger(q)) throw new TypeError(`to36: ${q} is not an integer`);
  let n = BigInt(q);
  let out = '';
  while (n !== 0n) {
    out = DIGITS36[Number(n % 36n)] + out;
    n /= 36n;
  }
  return out || '0';
}
