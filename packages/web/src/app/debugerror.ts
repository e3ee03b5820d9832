import { currentContext } from '../core/context.js';
import { HTTPError } from '../errors/http-errors.js';
import { websafe } from '../util/escape.js';

/**
 * web.py `web.debugerror()`: a 500 page with the error, its stack and the request (method, path,
 * input, headers). Only for development: it shows what a visitor should never see, which is why
 * `web.config.debug` is off by default in webts. Without an argument it shows the error the
 * application is handling, so `app.internalerror = web.debugerror` works as in web.py.
 */
export function debugerror(error?: unknown): HTTPError {
  return new HTTPError(
    '500 Internal Server Error',
    { 'Content-Type': 'text/html; charset=utf-8' },
    djangoerror(error),
  );
}

/** web.py `web.djangoerror()`: the debug page's HTML by itself (the body `debugerror()` sends). */
export function djangoerror(error?: unknown): string {
  const ctx = currentContext();
  // Called bare (`app.internalerror = web.debugerror`, web.py style): the error being handled.
  const cause = error ?? ctx?._error;
  const err = cause instanceof Error ? cause : new Error(String(cause ?? 'unknown error'));
  const rows = (pairs: [string, unknown][]) =>
    pairs
      .map(
        ([k, v]) =>
          `<tr><th>${websafe(k)}</th><td><pre>${websafe(typeof v === 'string' ? v : JSON.stringify(v))}</pre></td></tr>`,
      )
      .join('\n');
  const request = ctx
    ? rows([
        ['method', ctx.method],
        ['path', ctx.fullpath],
        ['home', ctx.home],
        ['ip', ctx.ip ?? ''],
        ['body', ctx.bodyRead ? ctx.body.subarray(0, 4096).toString('utf8') : '(not read)'],
      ])
    : '';
  const headers = ctx ? rows(Object.entries(ctx.requestHeaders) as [string, unknown][]) : '';
  const title = `${err.name} at ${ctx?.path ?? '?'}`;
  const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${websafe(title)}</title>
<style>body{font-family:sans-serif;margin:2em}pre{white-space:pre-wrap;margin:0}th{text-align:left;vertical-align:top;padding-right:1em}h1{color:#a00}</style>
</head><body>
<h1>${websafe(title)}</h1>
<h2>${websafe(err.message)}</h2>
<h3>Traceback</h3><pre>${websafe(err.stack ?? '')}</pre>
<h3>Request</h3><table>${request}</table>
<h3>Request headers</h3><table>${headers}</table>
<p>You see this page because <code>web.config.debug</code> is true. Set it to false in production.</p>
</body></html>`;
  return page;
}
