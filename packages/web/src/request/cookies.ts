/** web.py `web.cookies` and `web.setcookie`: the request's cookies, and Set-Cookie headers with web.py's defaults. */
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import { requireContext } from '../core/context.js';
import type { Params } from './fields.js';
import { header } from './headers.js';
import { collect, type Defaults, type Input, popDefaults } from './input.js';

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
