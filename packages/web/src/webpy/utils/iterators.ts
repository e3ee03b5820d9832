/**
 * web.utils' iterator helpers: group, iterview, IterBetter/iterbetter, safeiter. Python's iterators
 * are JavaScript iterators and generators here; each of these returns a generator (or, for
 * IterBetter, an iterable object) that a `for…of` loop or `Array.from` consumes.
 */
import { logError } from '../../core/log.js';
import { pyclass } from '../../util/pyclass.js';

/**
 * web.py `group(seq, size)`: the items of `seq` in arrays of `size` (the last one shorter); a
 * string gives strings. Arrays and strings are sliced; any other iterable is read as it goes.
 */
export function group(seq: string, size: number): Generator<string, void, undefined>;
export function group<T>(seq: Iterable<T>, size: number): Generator<T[], void, undefined>;
export function* group<T>(seq: Iterable<T> | string, size: number): Generator<T[] | string, void, undefined> {
  if (!(size >= 1)) throw new RangeError(`group: size must be 1 or more, not ${size}`);
  if (typeof seq === 'string' || Array.isArray(seq)) {
    for (let i = 0; i < seq.length; i += size) yield seq.slice(i, i + size) as T[] | string;
    return;
  }
  let chunk: T[] = [];
  for (const item of seq) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

const WIDTH = 70;

function progressLine(started: number, n: number, total: number): string {
  const pct = `${((n / total) * 100).toFixed(1).padStart(5)}% (${String(n).padStart(String(total).length)}/${total}) `;
  let eta: string;
  if (n === 0) eta = '--:--:--';
  else {
    const elapsed = (Date.now() - started) / 1000;
    const secs = Math.trunc(n === total ? elapsed : (elapsed / n) * (total - n));
    const two = (x: number) => String(x).padStart(2, '0');
    eta = `${two(Math.trunc(secs / 3600))}:${two(Math.trunc(secs / 60) % 60)}:${two(secs % 60)}`;
  }
  const end = `${n === total ? '     ' : ' ETA '}${eta}`;
  const size = WIDTH - pct.length - end.length;
  const done = Math.trunc((n * size) / total + 0.5);
  const bar = `[${'='.repeat(done)}${size - done ? `>${' '.repeat(size - done - 1)}` : ''}]`;
  return pct + bar + end;
}

/**
 * web.py `iterview(x)`: the items of `x`, writing a progress bar with an ETA to stderr as they are
 * read (`for (const row of web.iterview(rows)) …`). An iterable without a length is read into an
 * array first; an empty one writes nothing (web.py raises UnboundLocalError).
 */
export function* iterview<T>(x: Iterable<T>): Generator<T, void, undefined> {
  const items = Array.isArray(x) ? (x as T[]) : Array.from(x);
  const total = items.length;
  if (total === 0) return;
  const started = Date.now();
  let n = 0;
  for (const item of items) {
    process.stderr.write(`\r${progressLine(started, n, total)}`);
    yield item;
    n++;
  }
  process.stderr.write(`\r${progressLine(started, n, total)}\n`);
}

/**
 * web.py `IterBetter` (and `iterbetter`): an iterator that can also be indexed forwards
 * (`rows[3]`, never back to an index already passed: RangeError `already passed 2`), asked for its
 * `first()` item, and asked whether it has any item with `bool()` (Python's `bool(it)`), which peeks
 * without losing the item.
 */
export class IterBetterImpl<T> implements Iterable<T> {
  readonly #it: Iterator<T>;
  /** Index of the next item the iterator will give. */
  #c = 0;
  #head: { value: T } | undefined;
  /** Forward indexing: `it[5]` (a RangeError for an index already passed or past the end). */
  readonly [index: number]: T;

  constructor(iterator: Iterator<T> | Iterable<T>) {
    this.#it =
      typeof (iterator as Iterable<T>)[Symbol.iterator] === 'function'
        ? (iterator as Iterable<T>)[Symbol.iterator]()
        : (iterator as Iterator<T>);
    // biome-ignore lint/correctness/noConstructorReturn: the Proxy gives `it[i]` indexing
    return new Proxy(this, {
      get(target, key) {
        if (typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key)) return target.#getitem(Number(key));
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  #next(): IteratorResult<T> {
    if (this.#head !== undefined) {
      const { value } = this.#head;
      this.#head = undefined;
      this.#c++;
      return { done: false, value };
    }
    const r = this.#it.next();
    if (!r.done) this.#c++;
    return r;
  }

  #getitem(i: number): T {
    if (i < this.#c) throw new RangeError(`already passed ${i}`);
    for (;;) {
      const r = this.#next();
      if (r.done) throw new RangeError(String(i));
      if (this.#c - 1 === i) return r.value;
    }
  }

  /** The next item, or `dflt` (undefined) when there is none (web.py `first(default=None)`). */
  first<D = undefined>(dflt?: D): T | D {
    const r = this.#next();
    return r.done ? (dflt as D) : r.value;
  }

  /** Python's `bool(it)`: true when an item is left; the item is kept for the next read. */
  bool(): boolean {
    if (this.#head !== undefined) return true;
    const r = this.#it.next();
    if (r.done) return false;
    this.#head = { value: r.value };
    return true;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (;;) {
      const r = this.#next();
      if (r.done) return;
      yield r.value;
    }
  }
}

/** `web.iterbetter(it)` / `web.IterBetter(it)`, with or without `new`. */
export const IterBetter = pyclass(IterBetterImpl) as typeof IterBetterImpl &
  (<T>(iterator: Iterator<T> | Iterable<T>) => IterBetterImpl<T>);
export type IterBetter<T> = IterBetterImpl<T>;
export const iterbetter = IterBetter;

/**
 * web.py `safeiter(it, cleanup=None, ignore_errors=True)`: the items of `it`, where an item that
 * throws is logged (stack to stderr) and skipped instead of ending the loop. `cleanup` and
 * `ignore_errors` are accepted and unused, as in web.py. (web.py 0.62's loops forever: its inner
 * `next` calls itself; this one does what its documentation says.)
 */
export function* safeiter<T>(
  it: Iterable<T> | Iterator<T>,
  _cleanup?: unknown,
  _ignore_errors?: boolean,
): Generator<T, void, undefined> {
  const iterator =
    typeof (it as Iterable<T>)[Symbol.iterator] === 'function'
      ? (it as Iterable<T>)[Symbol.iterator]()
      : (it as Iterator<T>);
  for (;;) {
    let r: IteratorResult<T>;
    try {
      r = iterator.next();
    } catch (err) {
      logError(err, 'web.safeiter');
      continue;
    }
    if (r.done) return;
    yield r.value;
  }
}
