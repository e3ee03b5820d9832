/**
 * web.utils' output and file helpers: CaptureStdout/capturestdout, tryall, safewrite.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { renameSync, writeFileSync } from 'node:fs';
import { pystr } from '../../template/python.js';
import { isPromise } from '../../util/maybe-promise.js';
import { pyclass } from '../../util/pyclass.js';

/** Where the writes of the capture being run go (one buffer per capture, following its async flow). */
const captures = new AsyncLocalStorage<string[]>();
let patched = false;

/** Route `process.stdout.write` through the current capture, once, the first time one is made. */
function patchStdout(): void {
  if (patched) return;
  patched = true;
  const original = process.stdout.write;
  process.stdout.write = function write(
    this: NodeJS.WriteStream,
    chunk: unknown,
    ...rest: unknown[]
  ): boolean {
    const buffer = captures.getStore();
    if (buffer === undefined) return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    buffer.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
    if (callback) process.nextTick(callback);
    return true;
  } as typeof process.stdout.write;
}

/**
 * web.py `CaptureStdout(func)` (and `capturestdout`): calling it runs `func` and returns what it
 * wrote to stdout (`console.log`, `process.stdout.write`) as a string, instead of printing it; a
 * promise of the string when `func` is async. Unlike web.py's, it is safe with overlapping requests:
 * each capture gets only the writes of its own call (it follows the async flow).
 */
export class CaptureStdoutImpl<A extends unknown[]> extends Function {
  readonly func: (...args: A) => unknown;

  constructor(func: (...args: A) => unknown) {
    super();
    this.func = func;
    const call = (...args: A) => this.run_(args);
    // biome-ignore lint/correctness/noConstructorReturn: a CaptureStdout is called like the function it wraps
    return Object.setPrototypeOf(Object.assign(call, { func }), new.target.prototype) as this;
  }

  /** @internal */
  run_(args: A): string | Promise<string> {
    patchStdout();
    const buffer: string[] = [];
    const result = captures.run(buffer, () => this.func(...args));
    if (isPromise(result)) return result.then(() => buffer.join(''));
    return buffer.join('');
  }
}

/** A capturing function: called as `func` is, giving the text it printed (a promise for async `func`). */
export type Captured<A extends unknown[], R> = CaptureStdoutImpl<A> &
  ((...args: A) => R extends Promise<unknown> ? Promise<string> : string);

/** `web.capturestdout(fn)` / `web.CaptureStdout(fn)`, with or without `new`. */
export const CaptureStdout = pyclass(CaptureStdoutImpl) as unknown as (<A extends unknown[], R>(
  func: (...args: A) => R,
) => Captured<A, R>) &
  (new <A extends unknown[], R>(
    func: (...args: A) => R,
  ) => Captured<A, R>);
export const capturestdout = CaptureStdout;

function indentStack(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? String(err)) : pystr(err);
  return `   ${`${text}\n`.split('\n').join('\n   ')}`;
}

/**
 * web.py `tryall(context, prefix=None)`: call every function in `context` (whose name starts with
 * `prefix`, when given), print `name: result` (or `ERROR` and the indented stack) for each, then
 * how often each result came up. When a function returns a promise, tryall waits for it and itself
 * returns a promise; otherwise it is synchronous, as in web.py.
 */
export function tryall(
  context: Record<string, unknown>,
  prefix?: string | { prefix?: string },
): void | Promise<void> {
  const start = typeof prefix === 'object' ? prefix.prefix : prefix;
  const results = new Map<unknown, number>();
  const count = (r: unknown) => results.set(r, (results.get(r) ?? 0) + 1);
  const names = Object.keys(context).filter(
    (k) => typeof context[k] === 'function' && (!start || k.startsWith(start)),
  );
  const out = (s: string) => process.stdout.write(s);
  const failed = (err: unknown) => {
    out('ERROR\n');
    count('ERROR');
    out(`${indentStack(err)}\n`);
  };
  const summary = () => {
    out(`${'-'.repeat(40)}\nresults:\n`);
    for (const [key, n] of results) out(`   ${pystr(key)}: ${n}\n`);
  };
  const step = (i: number): void | Promise<void> => {
    for (; i < names.length; i++) {
      const name = names[i] as string;
      out(`${name}: `);
      let r: unknown;
      try {
        r = (context[name] as () => unknown)();
      } catch (err) {
        failed(err);
        continue;
      }
      if (isPromise(r)) {
        const next = i + 1;
        return r.then(
          (value) => {
            count(value);
            out(`${pystr(value)}\n`);
            return step(next);
          },
          (err: unknown) => {
            failed(err);
            return step(next);
          },
        );
      }
      count(r);
      out(`${pystr(r)}\n`);
    }
    summary();
  };
  return step(0);
}

/**
 * web.py `safewrite(filename, content)`: write `content` to `filename + '.tmp'`, then rename it over
 * `filename`, so a failed write never leaves a half-written file.
 */
export function safewrite(filename: string, content: string | Uint8Array): void {
  const tmp = `${filename}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, filename);
}
