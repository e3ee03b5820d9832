import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import { BodyNotReadError, requireContext } from './context.js';
import { BadRequest } from './http-errors.js';
import { logError } from './log.js';
import { bodyParams, type FileUpload, type Params, queryParams } from './params.js';
import { config } from './storage.js';

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

type Defaults = Record<string, unknown>;

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

/**
 * web.py `web.cookies(*requireds, **defaults)`: the request's cookies by name. A malformed pair is
 * skipped; when a name is sent twice the first (most specific path) wins. A missing required
 * cookie is a 400 (web.py answers 500 there).
 */
export function cookies<const R extends string[]>(...requireds: R): Input<Record<R[number], string>>;
export function cookies<const R extends string[], D extends Defaults>(
  ...args: [...requireds: R, defaults: D]
): Input<Record<R[number], string> & D>;
export function cookies(...args: (string | Defaults)[]): Record<string, unknown> {
  const ctx = requireContext('web.cookies()');
  const defaults = popDefaults(args);
  const parsed = parsedCookies(ctx);
  const params: Params = Object.create(null);
  for (const name of Object.keys(parsed)) {
    const value = parsed[name];
    if (value !== undefined) params[name] = [value];
  }
  return collect([params], args as string[], defaults, 'web.cookies');
}

/** The raw cookies of the current request, parsed once. */
export function parsedCookies(ctx = requireContext('web.cookies()')): Record<string, string | undefined> {
  if (ctx._cookies === undefined) {
    const header = ctx.requestHeaders.cookie;
    const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
    try {
      ctx._cookies = text === '' ? Object.create(null) : unquote(parseCookie(text));
    } catch {
      ctx._cookies = Object.create(null);
    }
  }
  return ctx._cookies as Record<string, string | undefined>;
}

/** `c="quoted"` → `quoted`, as web.py's cookie parser gives it (the `cookie` package keeps the quotes). */
function unquote(cookies: Record<string, string | undefined>): Record<string, string | undefined> {
  for (const name of Object.keys(cookies)) {
    const value = cookies[name];
    if (value !== undefined && value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"')
      cookies[name] = value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return cookies;
}

/** Python's `f(*requireds, **defaults)`: the trailing object, if any, is the defaults. */
function popDefaults(args: (string | Defaults)[]): Defaults {
  const last = args[args.length - 1];
  return typeof last === 'object' && last !== null ? (args.pop() as Defaults) : {};
}

function collect(
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

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[\r\n\0]/;

/**
 * web.py `web.header(name, value, unique=False)`: add a response header. With `unique`, a header
 * of that name already set wins. CR, LF or NUL in a name or value throws (response splitting).
 */
export function header(name: string, value: unknown, unique = false): void {
  const ctx = requireContext('web.header()');
  const text = String(value);
  if (!TOKEN.test(name) || BAD_VALUE.test(text)) {
    throw new Error(
      `web.header: invalid characters in header ${JSON.stringify(name)}: ${JSON.stringify(text)}`,
    );
  }
  if (unique) {
    const lower = name.toLowerCase();
    if (ctx.headers.some(([n]) => n.toLowerCase() === lower)) return;
  }
  ctx.headers.push([name, text]);
}

export type SameSite = 'strict' | 'lax' | 'none' | 'Strict' | 'Lax' | 'None';

/** Options of `web.setcookie` (the positional arguments of web.py, by name). */
export interface CookieOptions {
  /** Seconds from now (negative: already expired), a Date, or a date string; '' = browser session. */
  expires?: number | string | Date;
  domain?: string;
  secure?: boolean;
  httponly?: boolean;
  /** Defaults to `ctx.homepath + '/'`, as in web.py. */
  path?: string;
  samesite?: SameSite;
}

/**
 * web.py `web.setcookie(name, value, expires='', domain=None, secure=False, httponly=False,
 * path=None, samesite=None)`. Also takes the options as one object: `setcookie(n, v, { httponly: true })`.
 * Built on the `cookie` package, which rejects names, paths and domains that could break the header.
 */
export function setcookie(
  name: string,
  value: string,
  expires: CookieOptions | number | string | Date = '',
  domain?: string,
  secure = false,
  httponly = false,
  path?: string,
  samesite?: SameSite,
): void {
  const ctx = requireContext('web.setcookie()');
  const opts: CookieOptions =
    typeof expires === 'object' && !(expires instanceof Date)
      ? expires
      : { expires, domain, secure, httponly, path, samesite };
  header('Set-Cookie', makeCookie(name, value, opts, ctx.homepath));
}

/** Serialize one Set-Cookie value with web.py's defaults (used by setcookie and the session module). */
export function makeCookie(name: string, value: string, opts: CookieOptions, homepath = ''): string {
  let expiresAt: Date | undefined;
  const { expires } = opts;
  if (expires instanceof Date) expiresAt = expires;
  else if (typeof expires === 'number') {
    // web.py: a negative number means "long ago", so the browser deletes the cookie.
    expiresAt = new Date(Date.now() + (expires < 0 ? -1e12 : expires * 1000));
  } else if (typeof expires === 'string' && expires !== '') {
    expiresAt = new Date(expires);
    if (Number.isNaN(expiresAt.getTime()))
      throw new Error(`web.setcookie: cannot read expires=${JSON.stringify(expires)} as a date`);
  }
  const samesite = opts.samesite?.toLowerCase() as 'strict' | 'lax' | 'none' | undefined;
  if (samesite !== undefined && !['strict', 'lax', 'none'].includes(samesite)) {
    throw new Error(
      `web.setcookie: samesite must be 'strict', 'lax' or 'none', not ${JSON.stringify(opts.samesite)}`,
    );
  }
  return serializeCookie(name, value, {
    expires: expiresAt,
    domain: opts.domain ?? undefined,
    path: opts.path ?? `${homepath}/`,
    secure: opts.secure || undefined,
    httpOnly: opts.httponly || undefined,
    sameSite: samesite,
  });
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
