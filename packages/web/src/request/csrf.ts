/**
 * CSRF protection, built in: the web.py cookbook's `csrf_token()` / `csrf_protected` recipe, with a
 * per-session token that lasts (not one per form), a constant-time comparison, an `X-CSRF-Token`
 * header for fetch/XHR, a 403 and an app-wide switch (`web.config.csrf = true`).
 *
 * The token lives in the session under `_csrf_token`. The session is the one passed in, or
 * `web.config._session` (where web.py apps already keep it).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { config } from '../core/config.js';
import { type RequestContext, requireContext } from '../core/context.js';
import { HTTPError } from '../errors/http-errors.js';
import { websafe } from '../util/escape.js';
import { input } from './input.js';

/** What CSRF needs of a session: a key to read and write (any `web.session.Session` has it). */
export interface CsrfSession {
  [key: string]: unknown;
}

declare module '../core/config.js' {
  interface Config {
    /** true: every POST, PUT, PATCH and DELETE must carry the session's CSRF token (403 otherwise). */
    csrf?: boolean;
    /** Where web.py apps keep their session (`web.config._session = session`); the CSRF token lives in it. */
    _session?: unknown;
  }
}

/** The session key that holds the token. */
export const CSRF_SESSION_KEY = '_csrf_token';
/** The form field the token is sent in. */
export const CSRF_FIELD = 'csrf_token';
/** The request header the token may be sent in instead (for fetch/XHR). */
export const CSRF_HEADER = 'X-CSRF-Token';

/** Methods that change state, so they must carry the token. GET, HEAD, OPTIONS and TRACE never do. */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A token is 32 random bytes, base64url: 43 characters. Anything longer is refused without comparing. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Requests whose token was checked already (a handler may call csrf_check again). */
const checked = new WeakSet<RequestContext>();
const EXEMPT = Symbol.for('webts.csrf.exempt');
const PROTECTED = Symbol.for('webts.csrf.protected');

/** The 403 a request without a valid token gets. Its body says what is wrong and what to do. */
export class CsrfError extends HTTPError {
  /** Why the check failed: `missing` (no token sent) or `invalid` (a token that is not this session's). */
  readonly reason: 'missing' | 'invalid';
  constructor(reason: 'missing' | 'invalid') {
    super(
      '403 Forbidden',
      { 'Content-Type': 'text/plain; charset=utf-8' },
      reason === 'missing'
        ? `CSRF check failed: this request has no ${CSRF_FIELD} form field and no ${CSRF_HEADER} header. ` +
            'Forms must include web.csrf_input(); reload the page and send it again.\n'
        : `CSRF check failed: the ${CSRF_FIELD} sent does not belong to this session ` +
            '(a form from another site, or a stale page from an older session). Reload the page and send it again.\n',
    );
    this.reason = reason;
  }
}

function sessionFor(session: CsrfSession | undefined, what: string): CsrfSession {
  const found = session ?? (config._session as CsrfSession | undefined);
  if (found === undefined || found === null || typeof found !== 'object') {
    throw new TypeError(
      `${what}: no session to keep the CSRF token in. Create one and set web.config._session = session ` +
        '(or pass the session as the argument).',
    );
  }
  return found;
}

/**
 * The current session's CSRF token, created (32 random bytes) on first use and kept in the session.
 * web.py cookbook: `csrf_token()`.
 */
export function csrf_token(session?: CsrfSession): string {
  const s = sessionFor(session, 'web.csrf_token()');
  const existing = s[CSRF_SESSION_KEY];
  if (typeof existing === 'string' && TOKEN_PATTERN.test(existing)) return existing;
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  s[CSRF_SESSION_KEY] = token;
  return token;
}

/**
 * `<input type="hidden" name="csrf_token" value="…"/>` for the current session: put it in every form
 * that POSTs (`$:csrf_input()` in a template, after adding it to the render globals).
 */
export function csrf_input(session?: CsrfSession): string {
  return `<input type="hidden" name="${CSRF_FIELD}" value="${websafe(csrf_token(session))}"/>`;
}

/** The token the request sent: the `X-CSRF-Token` header, else the `csrf_token` field of the body (never the query string). */
function sentToken(ctx: RequestContext): string | undefined {
  const fromHeader = ctx.requestHeaders['x-csrf-token'];
  if (typeof fromHeader === 'string' && fromHeader !== '') return fromHeader;
  // Sent twice: neither copy is trusted.
  if (Array.isArray(fromHeader)) return fromHeader.length > 0 ? '\0' : undefined;
  const fromBody = input({ _method: 'post' })[CSRF_FIELD];
  return typeof fromBody === 'string' ? fromBody : undefined;
}

function sameToken(sent: string, expected: string): boolean {
  if (!TOKEN_PATTERN.test(sent)) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Refuse the current request with a 403 ({@link CsrfError}) unless it is a safe method (GET, HEAD,
 * OPTIONS, TRACE) or sends this session's token in the `csrf_token` body field or the `X-CSRF-Token`
 * header. A session without a token yet has nothing to match, so every token is refused there.
 */
export function csrf_check(session?: CsrfSession): void {
  const ctx = requireContext('web.csrf_check()');
  if (!UNSAFE.has(ctx.method) || checked.has(ctx)) return;
  const s = sessionFor(session, 'web.csrf_check()');
  const sent = sentToken(ctx);
  if (sent === undefined || sent === '') throw new CsrfError('missing');
  const expected = s[CSRF_SESSION_KEY];
  if (typeof expected !== 'string' || !sameToken(sent, expected)) throw new CsrfError('invalid');
  checked.add(ctx);
}

type Method = (this: unknown, ...args: never[]) => unknown;

/**
 * Wrap a handler method so that a POST/PUT/PATCH/DELETE without this session's token is a 403 before
 * the method runs (web.py cookbook: `@csrf_protected`). Use it as a call, `POST = web.csrf_protected(function () {…})`,
 * or as a decorator on a method: `@web.csrf_protected POST() {…}`.
 */
export function csrf_protected<F extends Method>(method: F, _decorator?: unknown): F {
  if (typeof method !== 'function') throw new TypeError('web.csrf_protected expects a handler method');
  const wrapped = function (this: unknown, ...args: never[]) {
    csrf_check();
    return method.apply(this, args);
  };
  Object.defineProperty(wrapped, PROTECTED, { value: true });
  Object.defineProperty(wrapped, 'name', { value: method.name });
  return wrapped as unknown as F;
}

/**
 * Mark a handler method as exempt from the app-wide check of `web.config.csrf = true` (a webhook
 * that other sites call, a login form that must work before a session exists). Call or decorator form.
 */
export function csrf_exempt<F extends Method>(method: F, _decorator?: unknown): F {
  if (typeof method !== 'function') throw new TypeError('web.csrf_exempt expects a handler method');
  Object.defineProperty(method, EXEMPT, { value: true });
  return method;
}

/**
 * The dispatch-time check of `web.config.csrf`: called with the handler about to run, after the
 * processors (so the session is loaded) and just before the handler reads its input.
 */
export function checkBeforeHandler(handler: unknown): void {
  if (config.csrf !== true) return;
  const ctx = requireContext('web.config.csrf');
  if (!UNSAFE.has(ctx.method)) return;
  const marks = handler as { [EXEMPT]?: boolean } | null;
  if (marks?.[EXEMPT] === true) return;
  csrf_check();
}
