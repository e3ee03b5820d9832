import type { Source } from './validators.js';

/**
 * The current request's `web.input()`, for `form.validates()` without a source.
 * TODO: the web core (webapi.ts) is not written yet; this is replaced by its `input()` once it exists.
 */
export function requestInput(): Source {
  throw new Error('form.validates() without a source needs a request context; pass the submitted object');
}
