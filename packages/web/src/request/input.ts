import { config } from '../core/config.js';
import { BodyNotReadError, requireContext } from '../core/context.js';
import { logError } from '../core/log.js';
import { BadRequest } from '../errors/http-errors.js';
import { bodyParams, type FileUpload, type Params, queryParams } from './fields.js';

/** What a default value in `web.input({...})` asks for: `[]` → every value, `{}` → the file upload. */
type InputValue<V> = V extends readonly unknown[]
  ? string[]
  : V extends Record<string, never>
    ? FileUpload | string
    : V extends string
      ? string
      : string | V;

/** `.get(name, default)` of a web.py storage: the value, or `dflt` when the name was not sent. */
export interface StorageGet {
  get<T = undefined>(name: string, dflt?: T): string | FileUpload | string[] | T;
}

/**
 * The result of `web.input()` / `web.cookies()`: declared fields typed by their defaults, others
 * `string | undefined`, plus web.py's `.get(name, default)`. As in web.py, the method wins over a
 * field named `get` (read that one with `.get('get')`), so a client cannot break `.get()`.
 */
export type Input<D> = StorageGet & {
  [K in keyof D | (string & {})]: K extends keyof D ? InputValue<D[K]> : string | undefined;
};

/** Where a field named `get` is kept, since the name itself belongs to the method. */
const GET_FIELD = Symbol('webts.input.get');

/** The prototype of every input/cookies result: nothing but `get`, no Object.prototype behind it. */
const STORAGE_PROTO: object = Object.create(null, {
  get: {
    enumerable: false,
    value(this: Record<string | symbol, unknown>, name: string, dflt?: unknown): unknown {
      if (name === 'get') return Object.hasOwn(this, GET_FIELD) ? this[GET_FIELD] : dflt;
      return Object.hasOwn(this, name) ? this[name] : dflt;
    },
  },
});

/** The collected fields as a storage: own keys for every field but `get`, which the method owns. */
function asStorage(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string | symbol, unknown> = Object.create(STORAGE_PROTO);
  for (const name of Object.keys(fields)) {
    if (name === 'get') out[GET_FIELD] = fields[name];
    else out[name] = fields[name];
  }
  return out as Record<string, unknown>;
}

/** The defaults object of `web.input(…, defaults)`. */
export type Defaults = Record<string, unknown>;

/**
 * web.py `web.input(*requireds, **defaults)`: the query string and form body merged (body values
 * after query values, so the body wins). A required name that is missing is a 400. A default `[]`
 * collects every value; a default `{}` gives file uploads as `{ filename, value, type }`.
 * Pass `_method: 'get'` (query only) or `'post'` (body only) among the defaults to narrow it.
 */
export function input<const R extends string[]>(...requireds: R): Input<Record<R[number], string>>;
export function input<const R extends string[], D extends Defaults>(
  ...args: [...requireds: R, defaults: D]
): Input<Record<R[number], string> & D>;
export function input(...args: (string | Defaults)[]): Record<string, unknown> {
  const ctx = requireContext('web.input()');
  const defaults = popDefaults(args);
  const method = typeof defaults._method === 'string' ? defaults._method.toLowerCase() : 'both';
  const sources: Params[] = [];
  if (method !== 'post' && method !== 'put' && method !== 'patch') sources.push(queryParams(ctx));
  if (method !== 'get') sources.push(bodyParams(ctx));
  return collect(sources, args as string[], defaults, 'web.input');
}

/** Python's `f(*requireds, **defaults)`: the trailing object, if any, is the defaults. */
export function popDefaults(args: (string | Defaults)[]): Defaults {
  const last = args[args.length - 1];
  return typeof last === 'object' && last !== null ? (args.pop() as Defaults) : {};
}

/** The fields of `sources` as web.py's storage, with `requireds` checked and `defaults` filled in. */
export function collect(
  sources: Params[],
  requireds: string[],
  defaults: Defaults,
  what: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const source of sources) {
    for (const name of Object.keys(source)) {
      const values = source[name] ?? [];
      const wantsList = Array.isArray(defaults[name]);
      const wantsFile = isEmptyObject(defaults[name]);
      if (wantsList) {
        const list = (out[name] as unknown[] | undefined) ?? [];
        for (const v of values) list.push(typeof v === 'string' || wantsFile ? v : v.value.toString('utf8'));
        out[name] = list;
      } else if (values.length > 0) {
        const v = values[values.length - 1] as string | FileUpload;
        out[name] = typeof v === 'string' || wantsFile ? v : v.value.toString('utf8');
      }
    }
  }
  for (const name of requireds) {
    if (!(name in out)) {
      // web.py answers a bare `bad request`; the detail goes to the log (and the page in debug mode).
      const detail = `${what}() is missing the required field '${name}'`;
      logError(detail, `${what}`);
      throw new BadRequest(config.debug ? `bad request: ${detail}` : undefined);
    }
  }
  for (const name of Object.keys(defaults)) {
    if (name === '_method' || name in out) continue;
    const dflt = defaults[name];
    out[name] = Array.isArray(dflt) ? [...dflt] : dflt;
  }
  return asStorage(out);
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

/** web.py `web.data()`: the raw request body (empty for a request without one). */
export function data(): Buffer {
  const ctx = requireContext('web.data()');
  if (!ctx.bodyRead) throw new BodyNotReadError('web.data()');
  return ctx.body;
}

/**
 * web.py `web.webapi.rawinput(method=None)`: the query and body fields as sent — one value as a
 * string (a file as its FileUpload), several as a list; body fields after query fields.
 * `method`: `'get'` (query only), `'post'` (body only) or both (default).
 */
export function rawinput(method?: string): Record<string, unknown> {
  const ctx = requireContext('web.webapi.rawinput()');
  const which = (method ?? 'both').toLowerCase();
  const sources: Params[] = [];
  if (which === 'both' || which === 'get') sources.push(queryParams(ctx));
  if (which !== 'get' && ['POST', 'PUT', 'PATCH'].includes(ctx.method)) sources.push(bodyParams(ctx));
  const out: Record<string, unknown> = Object.create(null);
  for (const source of sources) {
    for (const name of Object.keys(source)) {
      const values = source[name] ?? [];
      out[name] = values.length === 1 ? values[0] : [...values];
    }
  }
  return asStorage(out);
}
