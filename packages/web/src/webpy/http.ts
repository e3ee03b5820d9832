/**
 * `web.http`: web.py's HTTP helpers — caching headers (`expires`, `lastmodified`, `modified`), URLs
 * (`url`, `changequery`, `prefixurl`) and the `profiler` processor. Used inside a request.
 */
import { currentContext, requireContext } from '../core/context.js';
import { NotModified } from '../errors/http-errors.js';
import { header } from '../request/headers.js';
import { rawinput } from '../request/input.js';
import { pystr } from '../template/python.js';
import { isPromise } from '../util/maybe-promise.js';
import { htmlquote, httpdate, parsehttpdate, quote } from './net.js';
import { profile } from './utils/functions.js';

type Query = Record<string, unknown>;

/** Python's `quote_plus`: `quote` with spaces as `+` (and `/` quoted). */
function quotePlus(text: string): string {
  return quote(text, ' ').replace(/ /g, '+');
}

/**
 * web.py's `web.http.urlencode(query, doseq=0)`: `k=v` pairs joined by `&`, values as Python's
 * `str()` writes them. With `doseq`, an array value gives one pair per item.
 */
export function urlencode(query: Query, doseq = false): string {
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    const key = quotePlus(k);
    if (doseq && Array.isArray(v)) for (const item of v) pairs.push(`${key}=${quotePlus(pystr(item))}`);
    else pairs.push(`${key}=${quotePlus(pystr(v))}`);
  }
  return pairs.join('&');
}

/**
 * web.py `expires(delta)`: an `Expires` header `delta` seconds from now. `delta` may also be a
 * `{ days, hours, minutes, seconds }` object (Python's `timedelta`).
 */
export function expires(
  delta:
    | number
    | { days?: number; hours?: number; minutes?: number; seconds?: number; milliseconds?: number },
): void {
  const seconds =
    typeof delta === 'number'
      ? delta
      : (delta.days ?? 0) * 86400 +
        (delta.hours ?? 0) * 3600 +
        (delta.minutes ?? 0) * 60 +
        (delta.seconds ?? 0) +
        (delta.milliseconds ?? 0) / 1000;
  header('Expires', httpdate(new Date(Date.now() + seconds * 1000)));
}

/** web.py `lastmodified(date_obj)`: a `Last-Modified` header for the `Date`. */
export function lastmodified(date_obj: Date): void {
  header('Last-Modified', httpdate(date_obj));
}

/** What `modified` compares: the page's last change and its ETag (either may be left out). */
export interface ModifiedOptions {
  date?: Date | null;
  etag?: string | null;
}

/**
 * web.py `modified(date=None, etag=None)`: sends `Last-Modified` and `ETag` for the page, then
 * throws `web.notmodified()` (304, empty body) when the client's cached copy is current — its
 * `If-None-Match` lists `etag` (or `*`), or its `If-Modified-Since` is no more than a second before
 * `date` — and returns true otherwise. Either condition is enough, as in web.py. Call it bare:
 * `web.modified({ etag })` ends the handler with the 304 when it applies.
 */
export function modified(date?: Date | null | ModifiedOptions, etag?: string | null): true {
  const opts: ModifiedOptions =
    date !== null && date !== undefined && !(date instanceof Date)
      ? date
      : { date: date ?? null, etag: etag ?? null };
  const ctx = requireContext('web.modified()');
  const env = ctx.env;
  const tags = new Set((env.HTTP_IF_NONE_MATCH ?? '').split(',').map((x) => x.replace(/^[" ]+|[" ]+$/g, '')));
  const since = parsehttpdate((env.HTTP_IF_MODIFIED_SINCE ?? '').split(';')[0] as string);
  let validate = false;
  if (opts.etag && (tags.has('*') || tags.has(opts.etag))) validate = true;
  // HTTP dates have no fractions of a second: one second of slack.
  if (opts.date && since && opts.date.getTime() - 1000 <= since.getTime()) validate = true;
  if (opts.date) lastmodified(opts.date);
  if (opts.etag) header('ETag', `"${opts.etag}"`);
  if (validate) throw new NotModified();
  return true;
}

/** The request's query parameters (one value as a string, several as an array), `get` included. */
function requestQuery(): Query {
  const raw = rawinput('get') as Query & { get(name: string): unknown };
  const out: Query = {};
  for (const k of Object.keys(raw)) out[k] = raw[k];
  const get = raw.get('get');
  if (get !== undefined) out.get = get;
  return out;
}

/**
 * web.py `changequery(query=None, **kw)`: the current path with its query string changed by `kw`
 * (`changequery({ a: 3 })` on `/foo?a=1&b=2` is `/foo?a=3&b=2`); a `null`/`undefined` value removes
 * the parameter. `query` (the second form, or a `query` key) replaces the request's query first.
 */
export function changequery(query?: Query | null, kw?: Query): string {
  let base: Query | undefined;
  let changes: Query;
  if (kw !== undefined) {
    base = query ?? undefined;
    changes = kw;
  } else {
    changes = { ...(query ?? {}) };
    if (Object.hasOwn(changes, 'query')) {
      base = (changes.query as Query | null) ?? undefined;
      delete changes.query;
    }
  }
  const ctx = requireContext('web.changequery()');
  const q: Query = base ? { ...base } : requestQuery();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined) delete q[k];
    else q[k] = v;
  }
  const qs = Object.keys(q).length > 0 ? `?${urlencode(q, true)}` : '';
  return ctx.path + qs;
}

/**
 * web.py `url(path=None, doseq=False, **kw)`: `homepath + path` for a path starting with `/` (the
 * current path when none is given), plus `kw` as a query string (`doseq: true` repeats array values).
 */
export function url(path?: string | null, query: Query & { doseq?: boolean } = {}): string {
  const ctx = currentContext();
  const p = path ?? ctx?.path ?? '';
  const out = p.startsWith('/') ? (ctx?.homepath ?? '') + p : p;
  const { doseq, ...kw } = query;
  return Object.keys(kw).length > 0 ? `${out}?${urlencode(kw, doseq === true)}` : out;
}

/**
 * web.py `prefixurl(base='')`: a relative prefix from the current path back to the application's
 * root: `'../'` per directory level (`/a/b` → `'../'`… `base + '../../'`), `'./'` at the top.
 */
export function prefixurl(base = ''): string {
  const path = requireContext('web.prefixurl()').path.replace(/^\/+/, '');
  let out = base;
  for (const c of path) if (c === '/') out += '../';
  return out || './';
}

/**
 * web.py `profiler(app)`: a processor that profiles each request and adds the profile, escaped in a
 * `<pre>`, at the bottom of a text response: `app.add_processor(web.profiler)`. Other results (a
 * Buffer, a stream, JSON) are passed on unchanged.
 */
export function profiler(handler: () => unknown): unknown {
  const append = (out: unknown, info: string): unknown =>
    typeof out === 'string' ? `${out}<pre>${htmlquote(info)}</pre>` : out;
  const ran = profile(handler)() as [unknown, string] | Promise<[unknown, string]>;
  if (isPromise(ran)) return ran.then(([out, info]) => append(out, info));
  const [out, info] = ran;
  return append(out, info);
}
