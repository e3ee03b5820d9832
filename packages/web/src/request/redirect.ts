/**
 * web.py's redirects (`web.seeother`, `web.found`, …): HTTP errors whose `Location` is built from the
 * current request, as web.py builds it, and checked against `web.config.redirect_schemes`.
 */
import { config } from '../core/config.js';
import { currentContext } from '../core/context.js';
import { HTML, HTTPError } from '../errors/http-errors.js';

/** A redirect: status line plus an absolute `Location` built the way web.py builds it. */
export class Redirect extends HTTPError {
  constructor(url: string, status = '301 Moved Permanently', absolute = false) {
    super(status, [...Object.entries(HTML), ['Location', absoluteLocation(url, absolute)]], '');
  }
}
export class Found extends Redirect {
  constructor(url: string, absolute = false) {
    super(url, '302 Found', absolute);
  }
}
export class SeeOther extends Redirect {
  constructor(url: string, absolute = false) {
    super(url, '303 See Other', absolute);
  }
}
export class TempRedirect extends Redirect {
  constructor(url: string, absolute = false) {
    super(url, '307 Temporary Redirect', absolute);
  }
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/**
 * A redirect to a URL whose scheme is not allowed (`javascript:`, `data:`, …): a programming error,
 * so a 500 in a handler, never a `Location` a browser could run.
 */
export class UnsafeRedirectError extends Error {
  readonly scheme: string;
  constructor(scheme: string, url: string) {
    super(
      `refusing to redirect to a '${scheme}:' URL (${JSON.stringify(url.slice(0, 80))}): only paths and ` +
        `${allowedSchemes().join(':, ')}: URLs are redirect targets. A target taken from the request must be ` +
        'checked first; add a scheme to web.config.redirect_schemes if the app really sends users there.',
    );
    this.name = 'UnsafeRedirectError';
    this.scheme = scheme;
  }
}

function allowedSchemes(): string[] {
  const setting = config.redirect_schemes as readonly string[] | undefined | null;
  return (Array.isArray(setting) ? setting : ['http', 'https']).map((s) => String(s).toLowerCase());
}

/**
 * The scheme a browser would read from `url`, if any: it drops leading and trailing spaces and control
 * characters and every tab and newline before parsing (WHATWG URL), so ` java\tscript:` is `javascript`.
 */
function schemeOf(url: string): string | undefined {
  const probe = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  const m = SCHEME.exec(probe);
  return m === null ? undefined : m[0].slice(0, -1).toLowerCase();
}

/**
 * Resolve `url` against the current path and prefix it with `ctx.home` (or `ctx.realhome` when
 * `absolute`), as web.py does. `http:`/`https:` URLs pass through; any other scheme (`javascript:`,
 * `data:`; see `web.config.redirect_schemes`) throws {@link UnsafeRedirectError}. Control characters
 * (CR, LF, …) are percent-encoded so they can never split the header, and so is non-ASCII text.
 */
function absoluteLocation(url: string, absolute = false): string {
  const scheme = schemeOf(url);
  if (scheme !== undefined && !allowedSchemes().includes(scheme)) throw new UnsafeRedirectError(scheme, url);
  // Non-ASCII is percent-encoded as UTF-8 as well: Node refuses such characters in a header, which
  // turned a redirect to `http://example.com/☃` into a 500.
  const safe = url.replace(/[\u0000-\u001f\u007f-\u{10ffff}]/gu, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''),
  );
  if (SCHEME.test(safe)) return safe;
  const context = currentContext();
  if (context === undefined) return safe;
  let resolved: string;
  if (safe.startsWith('//')) {
    // web.py keeps `//evil.com/x` on this site (it becomes a path), never a protocol-relative URL.
    resolved = safe;
  } else {
    try {
      const target = new URL(safe, `http://x${encodeURI(context.path)}`);
      resolved = target.pathname + target.search + target.hash;
    } catch {
      resolved = safe.startsWith('/') ? safe : `/${safe}`;
    }
  }
  return (absolute ? context.realhome : context.home) + resolved;
}
