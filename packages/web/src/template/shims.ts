/** Python methods that tutorial templates call on JavaScript values when no native method has the name. */
import { TemplateRuntimeFault } from './errors.js';
import { eq, isPlainObject, pystr, tuple } from './python.js';
import { TemplateResult } from './result.js';

type Shim = (self: never, ...args: never[]) => unknown;

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars == null) {
    let out = s;
    if (left) out = out.replace(/^\s+/, '');
    if (right) out = out.replace(/\s+$/, '');
    return out;
  }
  const set = new Set(String(chars));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && set.has(s[a] as string)) a++;
  if (right) while (b > a && set.has(s[b - 1] as string)) b--;
  return s.slice(a, b);
}

const STRING: Record<string, Shim> = {
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  strip: (s: string, chars?: unknown) => stripChars(s, chars, true, true),
  lstrip: (s: string, chars?: unknown) => stripChars(s, chars, true, false),
  rstrip: (s: string, chars?: unknown) => stripChars(s, chars, false, true),
  startswith: (s: string, p: string) => s.startsWith(p),
  endswith: (s: string, p: string) => s.endsWith(p),
  join: (s: string, items: Iterable<unknown>) =>
    Array.from(items, (x) => {
      if (typeof x !== 'string')
        throw new TemplateRuntimeFault('TypeError', 'sequence item: expected str instance');
      return x;
    }).join(s),
  title: (s: string) =>
    s.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()),
  capitalize: (s: string) => (s ? (s[0] as string).toUpperCase() + s.slice(1).toLowerCase() : s),
  count: (s: string, sub: string) => (sub === '' ? s.length + 1 : s.split(sub).length - 1),
  find: (s: string, sub: string) => s.indexOf(sub),
  isdigit: (s: string) => /^\d+$/.test(s),
  isalpha: (s: string) => /^\p{L}+$/u.test(s),
};

const LIST: Record<string, Shim> = {
  append: (a: unknown[], x: unknown) => {
    a.push(x);
    return null;
  },
  extend: (a: unknown[], xs: Iterable<unknown>) => {
    a.push(...xs);
    return null;
  },
  index: (a: unknown[], x: unknown) => {
    const i = a.findIndex((y) => eq(x, y));
    if (i < 0) throw new TemplateRuntimeFault('ValueError', `${pystr(x)} is not in list`);
    return i;
  },
  count: (a: unknown[], x: unknown) => a.filter((y) => eq(x, y)).length,
};

const DICT: Record<string, Shim> = {
  get: (d: Record<string, unknown>, k: string, def: unknown = null) => (Object.hasOwn(d, k) ? d[k] : def),
  keys: (d: Record<string, unknown>) => Object.keys(d),
  values: (d: Record<string, unknown>) => Object.values(d),
  items: (d: Record<string, unknown>) => Object.entries(d).map((e) => tuple(e)),
};

const MAP: Record<string, Shim> = {
  items: (m: Map<unknown, unknown>) => Array.from(m.entries(), (e) => tuple(e)),
};

/** Calls the Python method `name` on `obj` if there is a shim for it. */
export function callShim(obj: unknown, name: string, args: unknown[]): { found: boolean; value?: unknown } {
  let table: Record<string, Shim> | null = null;
  if (typeof obj === 'string') table = STRING;
  else if (Array.isArray(obj)) table = LIST;
  else if (obj instanceof Map) table = MAP;
  else if (isPlainObject(obj) || obj instanceof TemplateResult) table = DICT;
  const f = table && Object.hasOwn(table, name) ? table[name] : undefined;
  if (!f) return { found: false };
  return { found: true, value: (f as (...a: unknown[]) => unknown)(obj, ...args) };
}
