/**
 * Helpers the generated code calls. Everything a template can reach goes through here, so the
 * sandbox rules (no `constructor`/`__proto__` keys, no unknown globals) are enforced in one place.
 */
import { SecurityError, TemplateError, TemplateRuntimeFault } from './errors.js';
import { ForLoop } from './loop.js';
import { FUNCTION_METHODS, isForbiddenKey } from './names.js';
import { eq, isPlainObject, PyRange, percentFormat, pystr, truth, tuple, typeName } from './python.js';
import { appendOutput, isEscapedVar, setVar, TemplateResult } from './result.js';
import { findShim, useRuntime } from './shims.js';

/** Marks functions that understand keyword arguments (templates, `$def` and `$code` functions). */
export const PYFUNC = Symbol('webts.template.pyfunc');
/** Placeholder for an optional parameter the caller did not pass. */
export const MISSING = Symbol('missing');

/** Keyword arguments travelling as the last positional argument of a template-function call. */
export class Kwargs {
  readonly values: Record<string, unknown>;
  constructor(values: Record<string, unknown>) {
    this.values = values;
  }
}

/**
 * Keyword arguments for a template called from code (web.py: `render.page(title='x')`):
 * `render.page(kwargs({ title: 'x' }))`, last after any positional arguments.
 */
export function kwargs(values: Record<string, unknown>): Kwargs {
  if (values === null || typeof values !== 'object')
    throw new TypeError('kwargs(values): values must be an object');
  return new Kwargs({ ...values });
}

/** The signature of a template or template function, as `bind` needs it. */
export interface Signature {
  name: string;
  params: string[];
  required: number;
  star: boolean;
  dstar: boolean;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML-escapes `& < > " '` (web.py's `websafe`). */
export function escapeHtml(s: string): string {
  // Most values need no escaping: testing first skips building a new string for them.
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_ALL, (c) => HTML_ESCAPES[c] as string) : s;
}

const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;

/** Templates render synchronously; printing a pending Promise would silently output "[object Promise]". */
function notAwaited(): TemplateRuntimeFault {
  return fault(
    'TypeError',
    'a Promise cannot be printed or looped over; await the data before rendering the template',
  );
}

function fault(kind: TemplateRuntimeFault['kind'], msg: string): TemplateRuntimeFault {
  return new TemplateRuntimeFault(kind, msg);
}

/** Python list/str index with negative indices and IndexError instead of undefined. */
function pyIndex(len: number, key: number, what: string): number {
  if (!Number.isInteger(key)) throw fault('TypeError', `${what} indices must be integers`);
  const i = key < 0 ? key + len : key;
  if (i < 0 || i >= len) throw fault('IndexError', `${what} index out of range`);
  return i;
}

/**
 * The sandbox's one gate for keys computed at run time: converts `key` to a property key exactly once, as
 * JavaScript would (`String(key)`, which may run a template-defined `toString`), refuses symbols and
 * non-data keys, and returns the converted key, which is the one the caller then uses.
 */
function propKey(key: unknown): string | number {
  if (typeof key === 'number') return key;
  let k: string;
  if (typeof key === 'string') k = key;
  else if (typeof key === 'symbol') throw fault('SecurityError', 'symbol keys are denied');
  else k = String(key);
  if (isForbiddenKey(k)) throw fault('SecurityError', `access to key '${k}' is denied`);
  return k;
}

function deniedOnFunction(name: string): TemplateRuntimeFault {
  return fault('SecurityError', `access to attribute '${name}' of a function is denied`);
}

function sliceIndices(len: number, lo: unknown, hi: unknown, step: unknown): [number, number, number] {
  const st = step == null ? 1 : Number(step);
  if (!Number.isInteger(st)) throw fault('TypeError', 'slice indices must be integers or None');
  if (st === 0) throw fault('ValueError', 'slice step cannot be zero');
  const norm = (v: unknown, def: number, lowB: number, highB: number): number => {
    if (v == null) return def;
    if (typeof v !== 'number' || !Number.isInteger(v))
      throw fault('TypeError', 'slice indices must be integers or None');
    const x = v < 0 ? v + len : v;
    return Math.min(Math.max(x, lowB), highB);
  };
  if (st > 0) return [norm(lo, 0, 0, len), norm(hi, len, 0, len), st];
  return [norm(lo, len - 1, -1, len - 1), norm(hi, -1, -1, len - 1), st];
}

/** Runtime helpers, passed to each compiled template as `$`. */
export const rt = {
  MISSING,
  Kwargs,
  result: (contentType?: string): TemplateResult => new TemplateResult(contentType),
  loop: (): ForLoop => new ForLoop(),
  and: (a: unknown, b: () => unknown): unknown => (truth(a) ? b() : a),
  or: (a: unknown, b: () => unknown): unknown => (truth(a) ? a : b()),
  out: appendOutput,
  /** Output without escaping: None/undefined become ''. */
  s(x: unknown): string {
    if (x instanceof Promise) throw notAwaited();
    return x == null ? '' : pystr(x);
  },
  /** Output with HTML escaping. */
  e(x: unknown): string {
    if (x instanceof Promise) throw notAwaited();
    return x == null ? '' : escapeHtml(pystr(x));
  },
  setvar: setVar,
  /** Escaped output of `obj.name`; a `$var` text of a page result is already escaped, so it is not escaped twice. */
  ea(obj: unknown, name: string): string {
    const v = (obj as Record<string, unknown>)[name];
    if (v instanceof Promise) throw notAwaited();
    if (isEscapedVar(obj, name)) return v as string;
    return v == null ? '' : escapeHtml(pystr(v));
  },
  truth,
  tuple,
  eq,
  is: (a: unknown, b: unknown): boolean => a === b || (a == null && b == null),
  contains(container: unknown, item: unknown): boolean {
    if (container == null) throw fault('TypeError', "argument of type 'NoneType' is not iterable");
    if (typeof container === 'string') {
      if (typeof item !== 'string')
        throw fault('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`);
      return container.includes(item);
    }
    if (Array.isArray(container)) return container.some((x) => eq(x, item));
    if (container instanceof Map || container instanceof Set) return container.has(item);
    if (container instanceof PyRange) {
      if (typeof item !== 'number') return false;
      const k = (item - container.start) / container.step;
      return Number.isInteger(k) && k >= 0 && k < container.length;
    }
    if (isPlainObject(container) || container instanceof TemplateResult) {
      return typeof item === 'string' && Object.hasOwn(container, item);
    }
    if (typeof container === 'object' && Symbol.iterator in container) {
      for (const x of container as Iterable<unknown>) if (eq(x, item)) return true;
      return false;
    }
    if (typeof container === 'object') return typeof item === 'string' && Object.hasOwn(container, item);
    throw fault('TypeError', `argument of type '${typeName(container)}' is not iterable`);
  },
  iter(x: unknown): Iterable<unknown> {
    if (x == null) throw fault('TypeError', "'NoneType' object is not iterable");
    if (x instanceof Promise) throw notAwaited();
    if (typeof x === 'string' || (typeof x === 'object' && Symbol.iterator in x))
      return x as Iterable<unknown>;
    if (typeof x === 'object') return Object.keys(x);
    throw fault('TypeError', `'${typeName(x)}' object is not iterable`);
  },
  unpack(x: unknown, n: number): unknown[] {
    const arr = Array.isArray(x) ? x : Array.from(rt.iter(x));
    if (arr.length < n)
      throw fault('ValueError', `not enough values to unpack (expected ${n}, got ${arr.length})`);
    if (arr.length > n) throw fault('ValueError', `too many values to unpack (expected ${n})`);
    return arr;
  },
  /** `obj[key]` with Python negative indices; Map keys are data, every other key passes `propKey`. */
  gi(obj: unknown, key: unknown): unknown {
    if (obj == null) throw fault('TypeError', "'NoneType' object is not subscriptable");
    if (typeof key === 'number') {
      if (Array.isArray(obj)) return obj[pyIndex(obj.length, key, 'list')];
      if (typeof obj === 'string') return obj[pyIndex(obj.length, key, 'string')];
      if (obj instanceof PyRange) return obj.at(pyIndex(obj.length, key, 'range object'));
    }
    if (obj instanceof Map) return obj.get(key);
    if (typeof obj === 'function') throw fault('TypeError', "'function' object is not subscriptable");
    const k = propKey(key);
    // A dict's items are its own keys: `{}['toString']` is missing, not Object.prototype's method.
    if (isPlainObject(obj)) return Object.hasOwn(obj, k) ? obj[k] : undefined;
    return (obj as Record<string | number, unknown>)[k];
  },
  /** `obj[key] = value`; functions (builtins, templates) are never written to. */
  si(obj: unknown, key: unknown, value: unknown): void {
    if (obj == null) throw fault('TypeError', "'NoneType' object does not support item assignment");
    if (obj instanceof Map) {
      obj.set(key, value);
      return;
    }
    if (typeof obj !== 'object') {
      throw fault('TypeError', `'${typeName(obj)}' object does not support item assignment`);
    }
    const k = propKey(key);
    if (Array.isArray(obj)) {
      if (typeof k !== 'number') throw fault('TypeError', 'list indices must be integers');
      obj[pyIndex(obj.length, k, 'list assignment')] = value;
    } else (obj as Record<string | number, unknown>)[k] = value;
  },
  /** A dict-literal key computed at run time. */
  key: propKey,
  /** `obj.call` / `.apply` / `.bind` (the only attribute names checked at run time): refused on functions. */
  ga(obj: unknown, name: string): unknown {
    if (typeof obj === 'function') throw deniedOnFunction(name);
    return (obj as Record<string, unknown>)[name];
  },
  slice(obj: unknown, lo: unknown, hi: unknown, step: unknown): unknown {
    if (obj == null) throw fault('TypeError', "'NoneType' object is not subscriptable");
    const seq: ArrayLike<unknown> | null =
      typeof obj === 'string' || Array.isArray(obj) ? obj : obj instanceof PyRange ? Array.from(obj) : null;
    if (seq === null) throw fault('TypeError', `'${typeName(obj)}' object is not sliceable`);
    const [a, b, st] = sliceIndices(seq.length, lo, hi, step);
    if (st === 1)
      return typeof seq === 'string'
        ? seq.slice(a, Math.max(a, b))
        : Array.prototype.slice.call(seq, a, Math.max(a, b));
    const out: unknown[] = [];
    for (let i = a; st > 0 ? i < b : i > b; i += st) out.push(seq[i]);
    return typeof seq === 'string' ? out.join('') : out;
  },
  /** Calls `fn` with positional arguments, checking it is callable (`name` is for the message). */
  call(fn: unknown, name: string, args: unknown[], kw?: Record<string, unknown>): unknown {
    if (typeof fn !== 'function') throw fault('TypeError', `'${name}' (${typeName(fn)}) is not callable`);
    if (kw) {
      if (!(fn as unknown as Record<symbol, unknown>)[PYFUNC]) {
        throw fault(
          'TypeError',
          `'${name}' does not take keyword arguments (only templates and $def functions do)`,
        );
      }
      return fn(...args, new Kwargs(kw));
    }
    return fn(...args);
  },
  /**
   * Method call `obj.name(...)`. Strings, lists, dicts and Maps get Python's method when there is one (it
   * wins over a JavaScript method of the same name; a dict's own function-valued key wins over both);
   * otherwise the value's own JavaScript method.
   */
  m(obj: unknown, name: string, args: unknown[], kw?: Record<string, unknown>): unknown {
    if (obj == null) throw fault('TypeError', `'NoneType' object has no attribute '${name}'`);
    if (typeof obj === 'function' && FUNCTION_METHODS.has(name)) throw deniedOnFunction(name);
    const fn = (obj as Record<string, unknown>)[name];
    const shim =
      typeof obj === 'object' && typeof fn === 'function' && Object.hasOwn(obj, name)
        ? undefined
        : findShim(obj, name);
    if (shim) return (shim as (s: unknown, a: unknown[], k: unknown) => unknown)(obj, args, kw);
    if (typeof fn === 'function') {
      if (kw) {
        if (!(fn as unknown as Record<symbol, unknown>)[PYFUNC]) {
          throw fault(
            'TypeError',
            `'${name}' does not take keyword arguments (only templates and $def functions do)`,
          );
        }
        return Reflect.apply(fn, obj, [...args, new Kwargs(kw)]);
      }
      return Reflect.apply(fn, obj, args);
    }
    if (fn === undefined)
      throw fault('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
    throw fault('TypeError', `'${typeName(obj)}.${name}' is not callable`);
  },
  /** `x += v` on a local that was never assigned: Python's UnboundLocalError, never `NaN`. */
  bound(v: unknown, name: string): unknown {
    if (v === undefined)
      throw fault(
        'UnboundLocalError',
        `cannot access local variable '${name}' where it is not associated with a value`,
      );
    return v;
  },
  add(a: unknown, b: unknown): unknown {
    if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
    // None (or an unset local) in a sum is Python's TypeError, never 'NaN' or 'xnull'.
    if (a == null || b == null)
      throw fault('TypeError', `unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`);
    return (a as number) + (b as number);
  },
  mul(a: unknown, b: unknown): unknown {
    const rep = (seq: unknown, n: unknown): unknown => {
      const k = Math.max(0, Math.trunc(Number(n)));
      if (typeof seq === 'string') return seq.repeat(k);
      const out: unknown[] = [];
      for (let i = 0; i < k; i++) out.push(...(seq as unknown[]));
      return out;
    };
    if ((typeof a === 'string' || Array.isArray(a)) && typeof b === 'number') return rep(a, b);
    if ((typeof b === 'string' || Array.isArray(b)) && typeof a === 'number') return rep(b, a);
    return (a as number) * (b as number);
  },
  mod(a: unknown, b: unknown): unknown {
    if (typeof a === 'string') return percentFormat(a, b);
    const x = a as number;
    const y = b as number;
    if (y === 0) throw fault('ValueError', 'integer division or modulo by zero');
    return x - y * Math.floor(x / y);
  },
  floordiv(a: unknown, b: unknown): number {
    if (b === 0) throw fault('ValueError', 'integer division or modulo by zero');
    return Math.floor((a as number) / (b as number));
  },
  /** The error of a `$while` loop that ran past the template's `loopLimit`. */
  runaway(limit: number): TemplateRuntimeFault {
    return fault('RuntimeError', `$while loop ran more than ${limit} times (the template's loopLimit)`);
  },
  /** Marks a generated function as a template function (accepts keyword arguments). */
  fn<F extends (...args: never[]) => unknown>(name: string, f: F): F {
    Object.defineProperty(f, PYFUNC, { value: true });
    Object.defineProperty(f, 'name', { value: name });
    return f;
  },
  /** Matches call arguments to a signature, Python style; optional parameters not given are MISSING. */
  bind(sig: Signature, args: unknown[]): unknown[] {
    let pos = args;
    let kw: Record<string, unknown> | null = null;
    const last = args[args.length - 1];
    if (last instanceof Kwargs) {
      kw = last.values;
      pos = args.slice(0, -1);
    }
    const n = sig.params.length;
    if (pos.length > n && !sig.star) {
      // JavaScript callers often pass trailing undefineds; only count real extras.
      const extra = pos.slice(n).some((x) => x !== undefined);
      if (extra) {
        throw fault(
          'TypeError',
          `${sig.name}() takes ${n} positional argument${n === 1 ? '' : 's'} but ${pos.length} were given`,
        );
      }
    }
    const out: unknown[] = new Array(n).fill(MISSING);
    for (let i = 0; i < Math.min(n, pos.length); i++)
      out[i] = pos[i] === undefined && i >= sig.required ? MISSING : pos[i];
    const extraKw: Record<string, unknown> = {};
    if (kw) {
      for (const [k, v] of Object.entries(kw)) {
        const idx = sig.params.indexOf(k);
        if (idx >= 0) {
          if (idx < pos.length && pos[idx] !== undefined)
            throw fault('TypeError', `${sig.name}() got multiple values for argument '${k}'`);
          out[idx] = v;
        } else if (sig.dstar) extraKw[propKey(k)] = v;
        else throw fault('TypeError', `${sig.name}() got an unexpected keyword argument '${k}'`);
      }
    }
    const missing = sig.params.slice(0, sig.required).filter((_p, i) => out[i] === MISSING);
    if (missing.length) {
      throw fault(
        'TypeError',
        `${sig.name}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${missing.map((m) => `'${m}'`).join(', ')}`,
      );
    }
    if (sig.star) out.push(tuple(pos.slice(n)));
    if (sig.dstar) out.push(extraKw);
    return out;
  },
  /** Turns whatever was thrown during rendering into an error that names the template file and line. */
  fail(e: unknown, filename: string, lineno: number): unknown {
    if (e instanceof TemplateError) return e;
    const loc = { filename, lineno };
    if (e instanceof TemplateRuntimeFault) {
      if (e.kind === 'SecurityError') return new SecurityError(e.message, loc, { cause: e });
      return new TemplateError(`${e.kind}: ${e.message}`, loc, { cause: e });
    }
    if (e instanceof Error && NATIVE_ERRORS.has(Object.getPrototypeOf(e))) {
      return new TemplateError(`${e.name}: ${e.message}`, loc, { cause: e });
    }
    // Application errors (an HTTP redirect raised by a helper, say) pass through untouched.
    return e;
  },
};

const NATIVE_ERRORS = new Set<unknown>([
  Error.prototype,
  TypeError.prototype,
  RangeError.prototype,
  ReferenceError.prototype,
  SyntaxError.prototype,
  EvalError.prototype,
  URIError.prototype,
]);

useRuntime(eq, propKey);

/** Type of the helper object handed to generated code. */
export type Runtime = typeof rt;
