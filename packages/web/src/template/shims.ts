/**
 * Python methods of template values: str (py-str.ts), list, dict and Map. For strings and lists the Python
 * method wins over a JavaScript method of the same name (`split`, `replace`, `sort`, `pop`, `reverse`).
 */
import { TemplateRuntimeFault } from './errors.js';
import { params, REQUIRED, type Shim, STRING } from './py-str.js';
import { isPlainObject, pyrepr, tuple, typeName, view } from './python.js';
import { TemplateResult } from './result.js';

const fault = (kind: TemplateRuntimeFault['kind'], msg: string): TemplateRuntimeFault =>
  new TemplateRuntimeFault(kind, msg);

/** Python equality, passed in by the runtime (keeps this file free of a cycle). */
let eq: (a: unknown, b: unknown) => boolean = (a, b) => a === b;
/** The runtime's key check, used for every key a dict method writes or reads. */
let propKey: (k: unknown) => string | number = (k) => String(k);

/** Wires the runtime's equality and key check into the shims. */
export function useRuntime(e: typeof eq, k: typeof propKey): void {
  eq = e;
  propKey = k;
}

/** Python ordering for sort/min/max: numbers with numbers, strings with strings, sequences item by item. */
export function pyCompare(a: unknown, b: unknown): number {
  const num = (x: unknown): x is number | boolean => typeof x === 'number' || typeof x === 'boolean';
  if (num(a) && num(b)) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!eq(a[i], b[i])) return pyCompare(a[i], b[i]);
    }
    return a.length - b.length;
  }
  throw fault('TypeError', `'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

const index = (len: number, i: unknown, what: string): number => {
  if (typeof i !== 'number' || !Number.isInteger(i))
    throw fault('TypeError', `'${typeName(i)}' object cannot be interpreted as an integer`);
  const k = i < 0 ? i + len : i;
  if (k < 0 || k >= len) throw fault('IndexError', `${what} index out of range`);
  return k;
};

const callKey = (f: unknown, x: unknown): unknown => {
  if (typeof f !== 'function') throw fault('TypeError', `'${typeName(f)}' object is not callable`);
  return f(x);
};

const LIST: Record<string, Shim> = {
  append: (a: unknown[], args, kw) => {
    a.push(params('append', args, kw, ['object'], [REQUIRED])[0]);
    return null;
  },
  extend: (a: unknown[], args, kw) => {
    const [xs] = params('extend', args, kw, ['iterable'], [REQUIRED]);
    if (xs == null || typeof (xs as Iterable<unknown>)[Symbol.iterator] !== 'function')
      throw fault('TypeError', `'${typeName(xs)}' object is not iterable`);
    a.push(...Array.from(xs as Iterable<unknown>));
    return null;
  },
  insert: (a: unknown[], args, kw) => {
    const [i, x] = params('insert', args, kw, ['index', 'object'], [REQUIRED, REQUIRED]);
    if (typeof i !== 'number' || !Number.isInteger(i))
      throw fault('TypeError', 'insert index must be an integer');
    const k = i < 0 ? Math.max(0, i + a.length) : Math.min(i, a.length);
    a.splice(k, 0, x);
    return null;
  },
  remove: (a: unknown[], args, kw) => {
    const [x] = params('remove', args, kw, ['value'], [REQUIRED]);
    const i = a.findIndex((y) => eq(y, x));
    if (i < 0) throw fault('ValueError', 'list.remove(x): x not in list');
    a.splice(i, 1);
    return null;
  },
  pop: (a: unknown[], args, kw) => {
    const [i] = params('pop', args, kw, ['index'], [-1]);
    if (a.length === 0) throw fault('IndexError', 'pop from empty list');
    return a.splice(index(a.length, i, 'pop'), 1)[0];
  },
  index: (a: unknown[], args, kw) => {
    const [x, start, end] = params('index', args, kw, ['value', 'start', 'end'], [REQUIRED, 0, a.length]);
    const norm = (v: unknown): number => {
      const n = Number(v);
      return Math.min(Math.max(n < 0 ? n + a.length : n, 0), a.length);
    };
    for (let i = norm(start); i < norm(end); i++) if (eq(a[i], x)) return i;
    throw fault('ValueError', `${pyrepr(x)} is not in list`);
  },
  count: (a: unknown[], args, kw) => {
    const [x] = params('count', args, kw, ['value'], [REQUIRED]);
    return a.filter((y) => eq(x, y)).length;
  },
  sort: (a: unknown[], args, kw) => {
    if (args.length) throw fault('TypeError', 'sort() takes no positional arguments');
    const [key, reverse] = params('sort', [], kw, ['key', 'reverse'], [null, false]);
    const keys = key == null ? a.slice() : a.map((x) => callKey(key, x));
    const order = a.map((_x, i) => i);
    // Stable, like Python's; reverse keeps equal items in their original order too.
    order.sort((i, j) => {
      const c = pyCompare(keys[i], keys[j]);
      return (reverse ? -c : c) || i - j;
    });
    const sorted = order.map((i) => a[i]);
    for (let i = 0; i < a.length; i++) a[i] = sorted[i];
    return null;
  },
  reverse: (a: unknown[], args, kw) => {
    params('reverse', args, kw, [], []);
    a.reverse();
    return null;
  },
  copy: (a: unknown[]) => a.slice(),
  clear: (a: unknown[]) => {
    a.length = 0;
    return null;
  },
};

type Dict = Record<string | number, unknown>;

const own = (d: Dict, k: string | number): boolean => Object.hasOwn(d, k);

function updateDict(d: Dict, args: unknown[], kw: Record<string, unknown> | undefined): void {
  if (args.length > 1) throw fault('TypeError', `update expected at most 1 argument, got ${args.length}`);
  const src = args[0];
  if (src instanceof Map) for (const [k, v] of src) d[propKey(k)] = v;
  else if (isPlainObject(src) || src instanceof TemplateResult) {
    for (const [k, v] of Object.entries(src)) d[propKey(k)] = v;
  } else if (src != null) {
    for (const pair of src as Iterable<unknown>) {
      const [k, v] = Array.from(pair as Iterable<unknown>);
      d[propKey(k)] = v;
    }
  }
  if (kw) for (const [k, v] of Object.entries(kw)) d[propKey(k)] = v;
}

const DICT: Record<string, Shim> = {
  get: (d: Dict, args, kw) => {
    const [k, def] = params('get', args, kw, ['key', 'default'], [REQUIRED, null]);
    const key = propKey(k);
    return own(d, key) ? d[key] : def;
  },
  keys: (d: Dict) => view(Object.keys(d), 'dict_keys'),
  values: (d: Dict) => view(Object.values(d), 'dict_values'),
  items: (d: Dict) =>
    view(
      Object.entries(d).map((e) => tuple(e)),
      'dict_items',
    ),
  setdefault: (d: Dict, args, kw) => {
    const [k, def] = params('setdefault', args, kw, ['key', 'default'], [REQUIRED, null]);
    const key = propKey(k);
    if (!own(d, key)) d[key] = def;
    return d[key];
  },
  pop: (d: Dict, args, kw) => {
    const [k, def] = params('pop', args, kw, ['key', 'default'], [REQUIRED, REQUIRED_OR_MISSING]);
    const key = propKey(k);
    if (own(d, key)) {
      const v = d[key];
      delete d[key];
      return v;
    }
    if (def === REQUIRED_OR_MISSING) throw fault('KeyError', pyrepr(k));
    return def;
  },
  update: (d: Dict, args, kw) => {
    updateDict(d, args, kw);
    return null;
  },
  copy: (d: Dict) => ({ ...d }),
  clear: (d: Dict) => {
    for (const k of Object.keys(d)) delete d[k];
    return null;
  },
};

/** `pop(key)` without a default: a missing key is a KeyError (a marker `params` lets through). */
const REQUIRED_OR_MISSING = Symbol('no default');

const MAP: Record<string, Shim> = {
  get: (m: Map<unknown, unknown>, args, kw) => {
    const [k, def] = params('get', args, kw, ['key', 'default'], [REQUIRED, null]);
    return m.has(k) ? m.get(k) : def;
  },
  keys: (m: Map<unknown, unknown>) => view(Array.from(m.keys()), 'dict_keys'),
  values: (m: Map<unknown, unknown>) => view(Array.from(m.values()), 'dict_values'),
  items: (m: Map<unknown, unknown>) =>
    view(
      Array.from(m.entries(), (e) => tuple(e)),
      'dict_items',
    ),
  setdefault: (m: Map<unknown, unknown>, args, kw) => {
    const [k, def] = params('setdefault', args, kw, ['key', 'default'], [REQUIRED, null]);
    if (!m.has(k)) m.set(k, def);
    return m.get(k);
  },
  pop: (m: Map<unknown, unknown>, args, kw) => {
    const [k, def] = params('pop', args, kw, ['key', 'default'], [REQUIRED, REQUIRED_OR_MISSING]);
    if (m.has(k)) {
      const v = m.get(k);
      m.delete(k);
      return v;
    }
    if (def === REQUIRED_OR_MISSING) throw fault('KeyError', pyrepr(k));
    return def;
  },
  update: (m: Map<unknown, unknown>, args, kw) => {
    const src = args[0];
    if (src instanceof Map || isPlainObject(src)) {
      for (const [k, v] of src instanceof Map ? src : Object.entries(src)) m.set(k, v);
    } else if (src != null) {
      for (const pair of src as Iterable<unknown>) {
        const [k, v] = Array.from(pair as Iterable<unknown>);
        m.set(k, v);
      }
    }
    if (kw) for (const [k, v] of Object.entries(kw)) m.set(k, v);
    return null;
  },
  copy: (m: Map<unknown, unknown>) => new Map(m),
};

/** The Python method table for a value's type, or null. */
export function shimTable(obj: unknown): Record<string, Shim> | null {
  if (typeof obj === 'string') return STRING;
  if (Array.isArray(obj)) return LIST;
  if (obj instanceof Map) return MAP;
  if (isPlainObject(obj) || obj instanceof TemplateResult) return DICT;
  return null;
}

/** The Python method `name` of `obj`, if there is one. */
export function findShim(obj: unknown, name: string): Shim | undefined {
  const table = shimTable(obj);
  return table && Object.hasOwn(table, name) ? table[name] : undefined;
}
