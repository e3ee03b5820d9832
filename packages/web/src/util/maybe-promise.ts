/** A value now, or later. Handlers and processors may be sync or async; sync ones never pay for a promise. */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
