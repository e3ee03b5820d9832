import { isPromise } from '../util/maybe-promise.js';

/** web.py processor: receives `handler`, must call it and return (or transform) its result. */
export type Processor = (handler: () => unknown) => unknown;

/**
 * Run `processors` around `handle`, first added outermost. An exception that is not an HTTPError
 * becomes one (`toHTTPError`) at the level where it happened, so outer processors only ever see
 * HTTP errors, as in web.py. Sync processors and handlers stay sync.
 */
export function runProcessors(
  processors: readonly Processor[],
  handle: () => unknown,
  toHTTPError: (err: unknown) => unknown,
): unknown {
  return runFrom(processors, 0, handle, toHTTPError);
}

// A plain function taking what it needs rather than a closure made per request: every request runs it.
function runFrom(
  processors: readonly Processor[],
  i: number,
  handle: () => unknown,
  toHTTPError: (err: unknown) => unknown,
): unknown {
  const processor = processors[i];
  if (processor === undefined) return handle();
  let result: unknown;
  try {
    result = processor(() => runFrom(processors, i + 1, handle, toHTTPError));
  } catch (err) {
    throw toHTTPError(err);
  }
  if (isPromise(result)) {
    return result.catch((err: unknown) => {
      throw toHTTPError(err);
    });
  }
  return result;
}

/** web.py `web.loadhook(f)`: a processor that runs `f()` before the handler. */
export function loadhook(hook: () => unknown): Processor {
  return (handler) => {
    const ran = hook();
    return isPromise(ran) ? ran.then(handler) : handler();
  };
}

/**
 * web.py `web.unloadhook(f)`: a processor that runs `f()` after the handler, also when it threw.
 * For a streamed (iterable) result, `f()` runs when the stream ends.
 */
export function unloadhook(hook: () => unknown): Processor {
  return (handler) => {
    let result: unknown;
    try {
      result = handler();
    } catch (err) {
      return after(hook, () => {
        throw err;
      });
    }
    if (isPromise(result)) {
      return result.then(
        (value) => finish(hook, value),
        (err: unknown) =>
          after(hook, () => {
            throw err;
          }),
      );
    }
    return finish(hook, result);
  };
}

function after(hook: () => unknown, then: () => unknown): unknown {
  const ran = hook();
  return isPromise(ran) ? ran.then(then) : then();
}

function isStream(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array)
    return false;
  return (
    Symbol.asyncIterator in value ||
    (Symbol.iterator in value && !(value instanceof Map) && !(value instanceof Set))
  );
}

function finish(hook: () => unknown, value: unknown): unknown {
  if (!isStream(value)) return after(hook, () => value);
  return (async function* () {
    try {
      yield* value as AsyncIterable<unknown>;
    } finally {
      await hook();
    }
  })();
}
