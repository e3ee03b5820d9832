/**
 * web.py's HTTP errors: responses to throw or return. A leaf: it imports nothing of webts. An error
 * built during a request puts its status and headers into that request's response at once, as web.py's
 * do; the request context (core/context.ts) says which response that is, through `setResponseLookup`.
 */

/** Headers as an object or as `[name, value]` pairs. */
export type HeaderInput = Record<string, string> | [string, string][];

/** The response being built by the current request: what an HTTPError writes into. */
export interface ResponseState {
  status: string;
  headers: [string, string][];
}

let currentResponse: () => ResponseState | undefined = () => undefined;

/** Called once by core/context.ts: how to find the current request's response. */
export function setResponseLookup(lookup: () => ResponseState | undefined): void {
  currentResponse = lookup;
}

/**
 * web.py's `HTTPError`: a response you can `throw` (or `return`) from anywhere in a handler.
 * Its status, headers and body replace the normal response; headers set earlier with
 * `web.header` are kept, as in web.py.
 */
export class HTTPError extends Error {
  /** Status line, e.g. `404 Not Found`. */
  readonly status: string;
  /** Headers this response adds, in order. */
  readonly headers: [string, string][];
  /** The body. */
  readonly data: string;

  constructor(status: string, headers: HeaderInput = {}, data = '') {
    super(data || status);
    this.name = new.target.name;
    this.status = status;
    this.headers = Array.isArray(headers) ? headers : Object.entries(headers);
    this.data = data;
    // As web.py's constructors do: inside a request, building the error already sets the status and
    // adds the headers, so a bare `web.seeother('/')` (neither thrown nor returned) still redirects.
    const context = currentResponse();
    if (context !== undefined) {
      context.status = status;
      applyHeaders(context.headers, this.headers);
      appliedTo.set(this, context);
    }
  }

  /** Numeric status code. */
  get code(): number {
    return Number.parseInt(this.status, 10);
  }
}

/** Which request each error already wrote its status and headers into (see the constructor). */
const appliedTo = new WeakMap<HTTPError, ResponseState>();

/** True when `error` was built inside `ctx`, so `ctx.headers` already hold its headers. */
export function appliedToContext(error: HTTPError, ctx: ResponseState): boolean {
  return appliedTo.get(error) === ctx;
}

/** An error's own headers replace earlier ones of the same name (Set-Cookie adds up), in place. */
function applyHeaders(target: [string, string][], own: [string, string][]): void {
  const replaced = new Set(own.map(([n]) => n.toLowerCase()).filter((n) => n !== 'set-cookie'));
  if (replaced.size > 0) {
    let kept = 0;
    for (const pair of target) if (!replaced.has(pair[0].toLowerCase())) target[kept++] = pair;
    target.length = kept;
  }
  for (const pair of own) target.push([pair[0], pair[1]]);
}

/** The Content-Type of web.py's error bodies. */
export const HTML = { 'Content-Type': 'text/html' };

/** Build an error class with web.py's status line and default body; the message replaces the body. */
/** The body of an error page: a string, or anything that prints as one (a rendered template). */
export type Message = string | { toString(): string };

function errorClass(status: string, body: string, headers: Record<string, string> = HTML) {
  return class extends HTTPError {
    constructor(message?: Message) {
      super(status, headers, message === undefined ? body : String(message));
    }
  };
}

export class OK extends errorClass('200 OK', '', {}) {}
export class Created extends errorClass('201 Created', 'Created', {}) {}
export class Accepted extends errorClass('202 Accepted', 'Accepted', {}) {}
export class NoContent extends errorClass('204 No Content', '', {}) {}
export class BadRequest extends errorClass('400 Bad Request', 'bad request') {}
export class Unauthorized extends errorClass('401 Unauthorized', 'unauthorized') {}
export class Forbidden extends errorClass('403 Forbidden', 'forbidden') {}
export class NotFound extends errorClass('404 Not Found', 'not found', {
  'Content-Type': 'text/html; charset=utf-8',
}) {}
export class NotAcceptable extends errorClass('406 Not Acceptable', 'not acceptable') {}
export class Conflict extends errorClass('409 Conflict', 'conflict') {}
export class Gone extends errorClass('410 Gone', 'gone') {}
export class PreconditionFailed extends errorClass('412 Precondition Failed', 'precondition failed') {}
export class PayloadTooLarge extends errorClass('413 Payload Too Large', 'payload too large') {}
export class URITooLong extends errorClass('414 URI Too Long', 'uri too long') {}
export class UnsupportedMediaType extends errorClass(
  '415 Unsupported Media Type',
  'unsupported media type',
) {}
export class UnavailableForLegalReasons extends errorClass(
  '451 Unavailable For Legal Reasons',
  'unavailable for legal reasons',
) {}
export class InternalError extends errorClass('500 Internal Server Error', 'internal server error') {}
export class ServiceUnavailable extends errorClass('503 Service Unavailable', 'service unavailable') {}
export class RequestTimeout extends errorClass('408 Request Timeout', 'request timeout') {}

/** What web.py's bare `nomethod()` allows, without a class to look at. */
const DEFAULT_ALLOW = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

/**
 * 405 with an `Allow` header: the methods `cls` has (web.py `nomethod(cls)`), or web.py's
 * `GET, HEAD, POST, PUT, DELETE` when called bare.
 */
export class NoMethod extends HTTPError {
  constructor(cls?: Function, message = 'method not allowed') {
    super(
      '405 Method Not Allowed',
      [
        ...Object.entries(HTML),
        ['Allow', (cls === undefined ? DEFAULT_ALLOW : allowedMethods(cls)).join(', ')],
      ],
      message,
    );
  }
}

/** 304 Not Modified: no body, no headers of its own. */
export class NotModified extends HTTPError {
  constructor() {
    super('304 Not Modified', {}, '');
  }
}

const STANDARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const allowCache = new WeakMap<Function, string[]>();

/** HTTP methods a handler class implements: its upper-case methods, plus HEAD when it has GET. */
function allowedMethods(cls: Function | undefined): string[] {
  if (cls === undefined) return [];
  const cached = allowCache.get(cls);
  if (cached) return cached;
  const found = new Set<string>();
  for (let proto = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (
        /^[A-Z]+$/.test(name) &&
        typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function'
      ) {
        found.add(name);
      }
    }
  }
  if (found.has('GET')) found.add('HEAD');
  const methods = [
    ...STANDARD_METHODS.filter((m) => found.has(m)),
    ...[...found].filter((m) => !STANDARD_METHODS.includes(m)).sort(),
  ];
  allowCache.set(cls, methods);
  return methods;
}
