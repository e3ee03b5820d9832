/**
 * web.py `ThreadedDict`: a dictionary whose content belongs to the running thread. Node runs
 * requests side by side on one thread, so webts gives each *request* its own content instead
 * (through the request context's AsyncLocalStorage); code outside any request shares one more.
 */
import { currentContext, type RequestContext } from '../../core/context.js';
import { pyrepr } from '../../template/python.js';
import { pyclass } from '../../util/pyclass.js';
import { attrDict, emptyDict } from './attrdict.js';

type Dict = Record<string, unknown>;

/** Each request's content of each ThreadedDict (dropped with the request). */
const perRequest = new WeakMap<RequestContext, Map<ThreadedDictImpl, Dict>>();
const instances = new Set<ThreadedDictImpl>();

/**
 * A per-request dictionary with attribute access: `d.x = 1` in one request is not seen by any
 * other. The dict methods (`get`, `pop`, `keys`, …) win over keys of the same name.
 */
export class ThreadedDictImpl {
  /** Content used outside any request (web.py's main thread). */
  readonly #outside = emptyDict();
  /** The keys of the current request. */
  [key: string]: unknown;

  constructor() {
    instances.add(this);
    // biome-ignore lint/correctness/noConstructorReturn: the Proxy gives attribute access to the request's keys
    return attrDict(this, () => this.#data());
  }

  #data(): Dict {
    const ctx = currentContext();
    if (ctx === undefined) return this.#outside;
    let stores = perRequest.get(ctx);
    if (stores === undefined) {
      stores = new Map();
      perRequest.set(ctx, stores);
    }
    let data = stores.get(this);
    if (data === undefined) {
      data = emptyDict();
      stores.set(this, data);
    }
    return data;
  }

  /** web.py `ThreadedDict.clear_all()`: empty every ThreadedDict, for the current request. */
  static clear_all(): void {
    for (const t of instances) t.clear();
  }

  /** Forget this dict (web.py drops an instance when it is garbage-collected). */
  dispose(): void {
    instances.delete(this);
  }

  clear(): void {
    const data = this.#data();
    for (const k of Object.keys(data)) delete data[k];
  }

  /** A plain object with the current request's keys. */
  copy(): Dict {
    return { ...this.#data() };
  }

  get<D = undefined>(key: string, dflt?: D): unknown {
    const data = this.#data();
    return Object.hasOwn(data, key) ? data[key] : dflt;
  }

  has_key(key: string): boolean {
    return Object.hasOwn(this.#data(), key);
  }

  keys(): string[] {
    return Object.keys(this.#data());
  }

  values(): unknown[] {
    return Object.values(this.#data());
  }

  items(): [string, unknown][] {
    return Object.entries(this.#data());
  }

  /** Remove `key` and return its value; `dflt` when missing, else a RangeError (Python's KeyError). */
  pop(key: string, ...dflt: [unknown?]): unknown {
    const data = this.#data();
    if (!Object.hasOwn(data, key)) {
      if (dflt.length > 0) return dflt[0];
      throw new RangeError(`ThreadedDict.pop: no key ${pyrepr(key)}`);
    }
    const value = data[key];
    delete data[key];
    return value;
  }

  /** Remove and return the last `[key, value]` pair (RangeError when empty). */
  popitem(): [string, unknown] {
    const data = this.#data();
    const keys = Object.keys(data);
    const key = keys[keys.length - 1];
    if (key === undefined) throw new RangeError('popitem(): dictionary is empty');
    const value = data[key];
    delete data[key];
    return [key, value];
  }

  setdefault(key: string, dflt?: unknown): unknown {
    const data = this.#data();
    if (!Object.hasOwn(data, key)) data[key] = dflt;
    return data[key];
  }

  update(...sources: (Dict | Iterable<[string, unknown]>)[]): void {
    const data = this.#data();
    for (const source of sources) {
      const pairs =
        typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function'
          ? (source as Iterable<[string, unknown]>)
          : Object.entries(source as Dict);
      for (const [k, v] of pairs) data[k] = v;
    }
  }

  /** `<ThreadedDict {'x': 1}>`, as web.py's repr. */
  toString(): string {
    const data = this.#data();
    return `<ThreadedDict {${Object.keys(data)
      .map((k) => `${pyrepr(k)}: ${pyrepr(data[k])}`)
      .join(', ')}}>`;
  }
}

/** `web.ThreadedDict()` / `web.threadeddict()`, with or without `new`. */
export const ThreadedDict = pyclass(ThreadedDictImpl);
export type ThreadedDict = ThreadedDictImpl;
export const threadeddict = ThreadedDict;
