/**
 * web.utils' function wrappers: timelimit, Memoize/memoize, re_compile, re_subm, Profile/profile.
 * Python's threads become promises here: a wrapped function may be sync or async, and what needs
 * to wait (timelimit, an async profile) returns a promise.
 */
import { Session } from 'node:inspector';
import { isPromise } from '../../util/maybe-promise.js';
import { pyclass } from '../../util/pyclass.js';

/**
 * web.py `timelimit(timeout)(fn)`: `fn`, limited to `timeout` seconds. The wrapped function returns
 * a promise that rejects with `Error('took too long')` when `fn`'s result has not settled in time.
 * As in web.py, `fn` is not stopped (its work goes on in the background); a synchronous `fn` runs to
 * its end before any timer can fire, so only asynchronous work is limited.
 */
export function timelimit(
  timeout: number,
): <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => Promise<Awaited<R>> {
  return <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): Promise<Awaited<R>> =>
      new Promise<Awaited<R>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('took too long')), timeout * 1000);
        Promise.resolve()
          .then(() => fn(...args))
          .then(
            (value) => {
              clearTimeout(timer);
              resolve(value as Awaited<R>);
            },
            (err: unknown) => {
              clearTimeout(timer);
              reject(err);
            },
          );
      });
}

/** The cache key of a call: the arguments as JSON, with their kinds (so `1` and `'1'` differ). */
function keyOf(args: unknown[]): string {
  return JSON.stringify(args, (_k, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v === undefined) return '\u0000undefined';
    if (typeof v === 'function') throw new TypeError('memoize: a function cannot be part of the cache key');
    return v;
  });
}

interface Entry {
  value: unknown;
  at: number;
  refreshing: boolean;
}

/**
 * web.py `Memoize(func, expires=None, background=True)` (and `memoize`): `func` with its results
 * cached per arguments (compared by value, as JSON). With `expires` (seconds), a result older than
 * that is computed again: in the background by default (callers get the old value meanwhile), or
 * at once with `background: false`. An async `func` caches its promise; a background refresh
 * replaces the value only once the new promise resolves (a rejected refresh keeps the old one).
 */
export class MemoizeImpl<A extends unknown[], R> extends Function {
  readonly func: (...args: A) => R;
  readonly expires: number | undefined;
  readonly background: boolean;
  readonly cache = new Map<string, Entry>();

  constructor(
    func: (...args: A) => R,
    expires?: number | null | { expires?: number | null; background?: boolean },
    background = true,
  ) {
    super();
    const opts = typeof expires === 'object' && expires !== null ? expires : { expires, background };
    this.func = func;
    this.expires = opts.expires ?? undefined;
    this.background = opts.background ?? true;
    const call = (...args: A): R => this.call_(args);
    // biome-ignore lint/correctness/noConstructorReturn: a Memoize is called like the function it wraps
    return Object.setPrototypeOf(
      Object.assign(call, {
        func: this.func,
        expires: this.expires,
        background: this.background,
        cache: this.cache,
      }),
      new.target.prototype,
    ) as this;
  }

  /** @internal The cached call (the instance itself is called: `fast(1, 2)`). */
  call_(args: A): R {
    const key = keyOf(args);
    const entry = this.cache.get(key);
    if (entry === undefined) {
      const value = this.func(...args);
      this.cache.set(key, { value, at: Date.now(), refreshing: false });
      if (isPromise(value)) value.catch(() => this.cache.get(key)?.value === value && this.cache.delete(key));
      return value;
    }
    if (this.expires && (Date.now() - entry.at) / 1000 > this.expires && !entry.refreshing) {
      if (this.background) {
        entry.refreshing = true;
        setImmediate(() => this.#refresh(key, entry, args));
      } else {
        entry.value = this.func(...args);
        entry.at = Date.now();
      }
    }
    return entry.value as R;
  }

  #refresh(key: string, entry: Entry, args: A): void {
    const done = (value: unknown) => {
      this.cache.set(key, { value, at: Date.now(), refreshing: false });
    };
    try {
      const value = this.func(...args);
      if (isPromise(value)) {
        value.then(
          () => done(value),
          () => {
            entry.refreshing = false;
          },
        );
      } else done(value);
    } catch {
      entry.refreshing = false;
    }
  }
}

/** A memoized function: called as `func` is, with `cache`, `expires` and `background` to inspect. */
export type Memoized<A extends unknown[], R> = MemoizeImpl<A, R> & ((...args: A) => R);

type MemoizeFactory = <A extends unknown[], R>(
  func: (...args: A) => R,
  expires?: number | null | { expires?: number | null; background?: boolean },
  background?: boolean,
) => Memoized<A, R>;

/** `web.memoize(fn, expires, background)` / `web.Memoize(...)`, with or without `new`. */
export const Memoize = pyclass(MemoizeImpl) as unknown as MemoizeFactory &
  (new <A extends unknown[], R>(
    func: (...args: A) => R,
    expires?: number | null | { expires?: number | null; background?: boolean },
    background?: boolean,
  ) => Memoized<A, R>);
export const memoize = Memoize;

/**
 * web.py `re_compile(pattern)`: `new RegExp(pattern, flags)`, built once per pattern and flags and
 * then reused. The pattern is a JavaScript regular expression.
 */
export const re_compile: (pattern: string, flags?: string) => RegExp = memoize(
  (pattern: string, flags?: string) => new RegExp(pattern, flags),
);

/**
 * web.py `re_subm(pat, repl, string)`: every match of `pat` replaced by `repl` (JavaScript's
 * `String.replace` syntax, `$1`, or a function), and the last match (`null` when none):
 * `const [text, m] = web.re_subm('g(oo+)fball', 'f$1lish', 'goooooofball')` → `m[1]` is `'oooooo'`.
 */
export function re_subm(
  pat: string | RegExp,
  repl: string | ((substring: string, ...args: unknown[]) => string),
  string: string,
): [string, RegExpExecArray | null] {
  const source = typeof pat === 'string' ? re_compile(pat) : pat;
  const re = source.global
    ? new RegExp(source.source, source.flags)
    : new RegExp(source.source, `${source.flags}g`);
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(string); m !== null; m = re.exec(string)) {
    last = m;
    if (m[0] === '') re.lastIndex++;
  }
  re.lastIndex = 0;
  const out = typeof repl === 'string' ? string.replace(re, repl) : string.replace(re, repl);
  return [out, last];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

let profiling = false;

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

/** web.py's profile text: the time taken, then the functions that took the most of it (own time). */
function formatProfile(seconds: number, cpu: CpuProfile | undefined): string {
  let out = `\n\ntook ${seconds} seconds\n`;
  if (cpu === undefined) return `${out}(no function table: another profile was running)\n`;
  const samples = cpu.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  // Each sample stands for an equal share of the profiled time (in microseconds).
  const perSample = samples > 0 ? (cpu.endTime - cpu.startTime) / samples / 1e6 : 0;
  const own = new Map<string, number>();
  for (const node of cpu.nodes) {
    const hits = node.hitCount ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (hits === 0 || IDLE.has(functionName)) continue;
    const file = url.split('/').pop() || '';
    const name = `${file}${file ? `:${lineNumber + 1}` : ''}(${functionName || '(anonymous)'})`;
    own.set(name, (own.get(name) ?? 0) + hits);
  }
  out += `         ${samples} samples\n\n   Ordered by: internal time\n\n   samples  tottime  function\n`;
  const rows = [...own].sort((a, b) => b[1] - a[1]).slice(0, 40);
  for (const [name, hits] of rows)
    out += `${String(hits).padStart(10)} ${(hits * perSample).toFixed(3).padStart(8)}  ${name}\n`;
  return `${out}\n`;
}

/**
 * web.py `Profile(func)` (and `profile`): calling it runs `func` under V8's sampling profiler and
 * gives `[result, info]`, where `info` starts `\n\ntook N seconds\n` and lists the functions that
 * took the most time. An async `func` gives a promise of the pair. Only one profile runs at a time
 * in a process; one started while another runs reports the time only.
 */
export class ProfileImpl<A extends unknown[], R> extends Function {
  readonly func: (...args: A) => R;

  constructor(func: (...args: A) => R) {
    super();
    this.func = func;
    const call = (...args: A) => this.run_(args);
    // biome-ignore lint/correctness/noConstructorReturn: a Profile is called like the function it wraps
    return Object.setPrototypeOf(Object.assign(call, { func }), new.target.prototype) as this;
  }

  /** @internal */
  run_(args: A): [R, string] | Promise<[Awaited<R>, string]> {
    const INTERVAL_US = 100;
    let session: Session | undefined;
    if (!profiling) {
      profiling = true;
      session = new Session();
      session.connect();
      session.post('Profiler.enable');
      session.post('Profiler.setSamplingInterval', { interval: INTERVAL_US });
      session.post('Profiler.start');
    }
    const started = performance.now();
    const finish = (): string => {
      const seconds = (performance.now() - started) / 1000;
      if (session === undefined) return formatProfile(seconds, undefined);
      let cpu: CpuProfile = { nodes: [], startTime: 0, endTime: 0 };
      // An in-process inspector session answers synchronously.
      session.post('Profiler.stop', (err, answer) => {
        if (!err) cpu = answer.profile as unknown as CpuProfile;
      });
      session.disconnect();
      profiling = false;
      return formatProfile(seconds, cpu);
    };
    let result: R;
    try {
      result = this.func(...args);
    } catch (err) {
      finish();
      throw err;
    }
    if (isPromise(result)) {
      return (result as Promise<Awaited<R>>).then(
        (value) => [value, finish()] as [Awaited<R>, string],
        (err: unknown) => {
          finish();
          throw err;
        },
      );
    }
    return [result, finish()];
  }
}

/** A profiled function: called as `func` is, giving `[result, info]` (a promise of it for async `func`). */
export type Profiled<A extends unknown[], R> = ProfileImpl<A, R> &
  ((...args: A) => R extends Promise<infer V> ? Promise<[V, string]> : [R, string]);

/** `web.profile(fn)` / `web.Profile(fn)`, with or without `new`. */
export const Profile = pyclass(ProfileImpl) as unknown as (<A extends unknown[], R>(
  func: (...args: A) => R,
) => Profiled<A, R>) &
  (new <A extends unknown[], R>(
    func: (...args: A) => R,
  ) => Profiled<A, R>);
export const profile = Profile;
