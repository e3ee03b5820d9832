/**
 * `web.utils`: web.py's general utilities, every name of its `__all__` (docs/utils.md). The
 * top-level `web.*` aliases come from here too, as web.py's `from .utils import *` makes them.
 */
export { datestr } from '../../util/datestr.js';
export { sendmail } from '../sendmail.js';
export {
  autoassign,
  Counter,
  counter,
  dictadd,
  dictfind,
  dictfindall,
  dictincr,
  dictreverse,
  listget,
  requeue,
  restack,
  storify,
  uniq,
} from './dicts.js';
export { Memoize, memoize, Profile, profile, re_compile, re_subm, timelimit } from './functions.js';
export { CaptureStdout, capturestdout, safewrite, tryall } from './io.js';
export { group, IterBetter, iterbetter, iterview, safeiter } from './iterators.js';
export { storage } from './storage.js';
export {
  commify,
  dateify,
  denumify,
  intget,
  iters,
  lstrips,
  nthstr,
  numify,
  rstrips,
  safestr,
  safeunicode,
  strips,
  to36,
} from './strings.js';
export { ThreadedDict, threadeddict } from './threadeddict.js';

import { truth } from '../../template/python.js';
import { storage } from './storage.js';

/** web.py `Storage`, the other spelling of `storage`. */
export const Storage = storage;

/**
 * web.py `cond(predicate, consequence, alternative=None)`: `consequence` when `predicate` is true
 * by Python's rules (an empty string, array, object, Map or Set, 0 and null are false), else
 * `alternative`.
 */
export function cond<A, B = undefined>(predicate: unknown, consequence: A, alternative?: B): A | B {
  return truth(predicate) ? consequence : (alternative as B);
}
