/**
 * web.utils' dictionary and list helpers: storify, Counter, dictreverse/dictfind/dictfindall/
 * dictincr/dictadd, requeue/restack, listget, uniq, autoassign. A Python dict is a plain object
 * here (keys are strings, as JavaScript's are); the dict helpers also take a `Map`, which keeps
 * keys of any type as Python's dicts do.
 */

import { isPlainObject, pystr } from '../../template/python.js';
import { pyclass } from '../../util/pyclass.js';
import { attrDict, emptyDict } from './attrdict.js';
import { safeunicode } from './strings.js';

type Dict = Record<string, unknown>;

/**
 * web.py `storify(mapping, *requireds, **defaults)`: a storage of `mapping`'s values. A required
 * name missing from `mapping` is a RangeError (Python's KeyError). A list value gives its last item,
 * unless the default is a list (`[]`), which keeps every item; a value with a `value` property (a
 * field or file upload) gives that property, unless the default is an object (`{}`).
 * `_unicode: fn` among the defaults converts every string value through `fn`.
 */
export function storify(mapping: object, ...args: (string | Dict)[]): Dict {
  const last = args[args.length - 1];
  const defaults: Dict = typeof last === 'object' && last !== null ? { ...(args.pop() as Dict) } : {};
  const requireds = args as string[];
  const unicodeOpt = defaults._unicode;
  delete defaults._unicode;
  const toUnicode = typeof unicodeOpt === 'function' ? (unicodeOpt as (s: string) => unknown) : safeunicode;
  const unicodify = (s: unknown) => (unicodeOpt && typeof s === 'string' ? toUnicode(s) : s);
  const getvalue = (x: unknown) =>
    typeof x === 'object' && x !== null && 'value' in x
      ? unicodify((x as { value: unknown }).value)
      : unicodify(x);

  const source = mapping as Dict;
  const out: Dict = {};
  for (const key of [...requireds, ...Object.keys(source)]) {
    if (!Object.hasOwn(source, key)) throw new RangeError(`storify: the required key '${key}' is missing`);
    let value = source[key];
    const dflt = defaults[key];
    if (Array.isArray(value)) value = Array.isArray(dflt) ? value.map(getvalue) : value[value.length - 1];
    if (!isPlainObject(dflt)) value = getvalue(value);
    if (Array.isArray(dflt) && !Array.isArray(value)) value = [value];
    out[key] = value;
  }
  for (const key of Object.keys(defaults)) if (!Object.hasOwn(out, key)) out[key] = defaults[key];
  return out;
}

/**
 * web.py `web.Counter` (and `web.counter`): counts how often each key was added. Counts are read as
 * properties (`c.x`, `c['x']`) or with `c.get('x')`; the methods always win over a key of the same
 * name, so counting the word `add` cannot break `c.add`.
 */
export class CounterImpl {
  readonly #counts = emptyDict() as Record<string, number>;
  /** The counts, as properties. */
  [key: string]: unknown;

  constructor(init?: Record<string, number>) {
    if (init) for (const k of Object.keys(init)) this.#counts[k] = init[k] as number;
    // biome-ignore lint/correctness/noConstructorReturn: the Proxy gives the counts attribute access
    return attrDict(this, () => this.#counts);
  }

  /** Count `key` once more. */
  add(key: string | number): void {
    const k = String(key);
    this.#counts[k] = (this.#counts[k] ?? 0) + 1;
  }

  /** The count of `key`, or `dflt` (undefined) when it was never added. */
  get<D = undefined>(key: string | number, dflt?: D): number | D {
    const k = String(key);
    return Object.hasOwn(this.#counts, k) ? (this.#counts[k] as number) : (dflt as D);
  }

  /** The keys in the order they were first added. */
  keys(): string[] {
    return Object.keys(this.#counts);
  }

  /** The counts, in key order. */
  values(): number[] {
    return Object.values(this.#counts);
  }

  /** `[key, count]` pairs, in key order. */
  items(): [string, number][] {
    return Object.entries(this.#counts);
  }

  /** The keys with the highest count. */
  most(): string[] {
    const max = Math.max(...this.values());
    return this.items()
      .filter(([, v]) => v === max)
      .map(([k]) => k);
  }

  /** The keys with the lowest count (web.py's raises AttributeError: it calls a Python 2 method). */
  least(): string[] {
    const min = Math.min(...this.values());
    return this.items()
      .filter(([, v]) => v === min)
      .map(([k]) => k);
  }

  /** The share of all counts that `key` has, from 0 to 1. */
  percent(key: string | number): number {
    const total = this.values().reduce((a, b) => a + b, 0);
    return this.get(key, 0) / total;
  }

  /** Keys from the highest count down (keys with equal counts keep their order). */
  sorted_keys(): string[] {
    return this.keys().sort((a, b) => (this.#counts[b] as number) - (this.#counts[a] as number));
  }

  /** Counts from the highest down. */
  sorted_values(): number[] {
    return this.sorted_keys().map((k) => this.#counts[k] as number);
  }

  /** `[key, count]` pairs from the highest count down. */
  sorted_items(): [string, number][] {
    return this.sorted_keys().map((k) => [k, this.#counts[k] as number]);
  }

  /** `<Counter {'x': 5, 'y': 1}>`, as web.py's repr. */
  toString(): string {
    return `<Counter ${pystr({ ...this.#counts })}>`;
  }
}

/** `web.Counter()` / `web.counter()`, with or without `new`. */
export const Counter = pyclass(CounterImpl);
export type Counter = CounterImpl;
export const counter = Counter;

type AnyDict = Dict | Map<unknown, unknown>;

/** web.py `dictreverse(mapping)`: keys and values swapped (a Map keeps the values' types). */
export function dictreverse<K, V>(mapping: Map<K, V>): Map<V, K>;
export function dictreverse(mapping: Dict): Record<string, string>;
export function dictreverse(mapping: AnyDict): AnyDict {
  if (mapping instanceof Map) return new Map([...mapping].map(([k, v]) => [v, k]));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(mapping)) out[String(v)] = k;
  return out;
}

function entries(mapping: AnyDict): [unknown, unknown][] {
  return mapping instanceof Map ? [...mapping] : Object.entries(mapping);
}

/** web.py `dictfind(dictionary, element)`: the first key whose value is `element` (`===`), or undefined. */
export function dictfind<K>(dictionary: Map<K, unknown>, element: unknown): K | undefined;
export function dictfind(dictionary: Dict, element: unknown): string | undefined;
export function dictfind(dictionary: AnyDict, element: unknown): unknown {
  for (const [k, v] of entries(dictionary)) if (v === element) return k;
  return undefined;
}

/** web.py `dictfindall(dictionary, element)`: every key whose value is `element` (`===`). */
export function dictfindall<K>(dictionary: Map<K, unknown>, element: unknown): K[];
export function dictfindall(dictionary: Dict, element: unknown): string[];
export function dictfindall(dictionary: AnyDict, element: unknown): unknown[] {
  return entries(dictionary)
    .filter(([, v]) => v === element)
    .map(([k]) => k);
}

/** web.py `dictincr(dictionary, element)`: add one to `dictionary[element]` (from 0); the new count. */
export function dictincr(
  dictionary: Map<unknown, number> | Record<string, number>,
  element: unknown,
): number {
  if (dictionary instanceof Map) {
    const n = (dictionary.get(element) ?? 0) + 1;
    dictionary.set(element, n);
    return n;
  }
  const key = String(element);
  const n = (Object.hasOwn(dictionary, key) ? (dictionary[key] as number) : 0) + 1;
  dictionary[key] = n;
  return n;
}

/** web.py `dictadd(*dicts)`: one new dictionary with every key; on a clash the last one wins. */
export function dictadd<K, V>(...dicts: Map<K, V>[]): Map<K, V>;
export function dictadd(...dicts: Dict[]): Dict;
export function dictadd(...dicts: AnyDict[]): AnyDict {
  if (dicts[0] instanceof Map) return new Map(dicts.flatMap((d) => entries(d)));
  return Object.assign({}, ...dicts);
}

/** Python's `list.pop(index)`: negative indexes count from the end; out of range is a RangeError. */
function pop<T>(list: T[], index: number): T {
  if (list.length === 0) throw new RangeError('pop from empty list');
  const i = index < 0 ? list.length + index : index;
  if (i < 0 || i >= list.length) throw new RangeError('pop index out of range');
  return list.splice(i, 1)[0] as T;
}

/** web.py `requeue(queue, index=-1)`: move `queue[index]` to the front and return it. */
export function requeue<T>(queue: T[], index = -1): T {
  const x = pop(queue, index);
  queue.unshift(x);
  return x;
}

/** web.py `restack(stack, index=0)`: move `stack[index]` to the end (the top) and return it. */
export function restack<T>(stack: T[], index = 0): T {
  const x = pop(stack, index);
  stack.push(x);
  return x;
}

/**
 * web.py `listget(lst, ind, default=None)`: `lst[ind]` when the list is long enough, else `dflt`.
 * A negative index counts from the end, as in Python (too negative is a RangeError).
 */
export function listget<T, D = undefined>(lst: readonly T[], ind: number, dflt?: D): T | D {
  if (lst.length - 1 < ind) return dflt as D;
  const i = ind < 0 ? lst.length + ind : ind;
  if (i < 0) throw new RangeError('list index out of range');
  return lst[i] as T;
}

/**
 * web.py `uniq(seq, key=None)`: the items without repeats, first one kept, order kept. `key`
 * (positional, or `{ key }`) gives what two items are compared by.
 */
export function uniq<T>(seq: Iterable<T>, key?: ((x: T) => unknown) | { key?: (x: T) => unknown }): T[] {
  const keyOf = (typeof key === 'function' ? key : key?.key) ?? ((x: T) => x);
  const seen = new Set<unknown>();
  const out: T[] = [];
  for (const v of seq) {
    const k = keyOf(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/**
 * web.py `autoassign(self, locals())`: copy every entry but `self` onto `self`. In a constructor:
 * `autoassign(this, { foo, bar, baz })`.
 */
export function autoassign(self: object, locals: Dict): void {
  for (const key of Object.keys(locals)) {
    if (key === 'self') continue;
    (self as Dict)[key] = locals[key];
  }
}
