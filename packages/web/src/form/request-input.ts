import { input } from '../request/input.js';
import type { Source } from './validators.js';

/**
 * The current request's `web.input()`, for `form.validates()` / `form.fill()` without a source.
 * Outside a request it throws the core's "needs a request" error, which names the fix.
 */
export function requestInput(): Source {
  return input();
}
