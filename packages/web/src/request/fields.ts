import { parse as parseQueryString } from 'node:querystring';
import { BodyNotReadError, type RequestContext } from '../core/context.js';
import { type FileUpload, parseMultipart } from './multipart.js';

/** Every value of every field, in the order received (null prototype: `__proto__` is just a name). */
export type Params = Record<string, (string | FileUpload)[]>;

/** Parse `a=1&b=x+y&a=2` leniently: `+` is a space, a bad `%zz` stays as written, bad UTF-8 becomes U+FFFD. */
function parseQuery(query: string): Params {
  const params: Params = Object.create(null);
  if (query === '') return params;
  const parsed = parseQueryString(query, '&', '=', { maxKeys: 10_000 });
  for (const key of Object.keys(parsed)) {
    const value = parsed[key];
    params[key] = Array.isArray(value) ? value : [value ?? ''];
  }
  return params;
}

/** The query-string fields of this request (parsed once). */
export function queryParams(ctx: RequestContext): Params {
  let query = parsedQueries.get(ctx);
  if (query === undefined) {
    query = parseQuery(ctx.query.slice(1));
    parsedQueries.set(ctx, query);
  }
  return query;
}

/** Each request's parsed query and body fields, kept here so the context knows nothing of them. */
const parsedQueries = new WeakMap<RequestContext, Params>();
const parsedForms = new WeakMap<RequestContext, Params>();

const EMPTY: Params = Object.freeze(Object.create(null));

/**
 * The body fields of this request (parsed once). Like web.py: a POST body is form data unless it
 * says otherwise; PUT/PATCH/DELETE bodies are read only when they declare a form content type.
 */
export function bodyParams(ctx: RequestContext): Params {
  const parsed = parsedForms.get(ctx);
  if (parsed !== undefined) return parsed;
  if (!ctx.bodyRead) throw new BodyNotReadError('web.input()');
  const rawType = ctx.requestHeaders['content-type'];
  const contentType = typeof rawType === 'string' ? rawType.toLowerCase() : '';
  let form = EMPTY;
  if (ctx.body.length > 0) {
    if (contentType.startsWith('multipart/form-data')) {
      form = groupParts(parseMultipart(ctx.body, typeof rawType === 'string' ? rawType : ''));
    } else if (
      contentType.startsWith('application/x-www-form-urlencoded') ||
      (contentType === '' && ctx.method === 'POST')
    ) {
      form = parseQuery(ctx.body.toString('utf8'));
    }
  }
  parsedForms.set(ctx, form);
  return form;
}

function groupParts(parts: ReturnType<typeof parseMultipart>): Params {
  const params: Params = Object.create(null);
  for (const part of parts) {
    const value = 'file' in part ? part.file : part.value;
    const list = params[part.name];
    if (list) list.push(value);
    else params[part.name] = [value];
  }
  return params;
}

export type { FileUpload };
