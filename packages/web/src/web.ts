/**
 * Every public name of webts, in one module: index.ts exports them as named exports and as the
 * default export, so `import web from 'webts'` and `import * as web from 'webts'` give the same API.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { application, defaultInternalError, internalerrorFor, notfoundFor } from './app/application.js';
import { debugerror, djangoerror } from './app/debugerror.js';
import { auto_application, autodelegate, subdir_application, subdomain_application } from './app/variants.js';
import { config } from './core/config.js';
import { ctx, currentContext, requireContext } from './core/context.js';
import { debug } from './core/log.js';
import { loadhook, unloadhook } from './core/processors.js';
import * as errors from './errors/http-errors.js';
import { AppBrowser, Browser, BrowserError } from './http/browser.js';
import { cookies, setcookie } from './request/cookies.js';
import { header } from './request/headers.js';
import { data, input, rawinput } from './request/input.js';
import * as redirects from './request/redirect.js';
import { websafe } from './util/escape.js';
import { pyclass } from './util/pyclass.js';
import { runsimple } from './webpy/httpserver.js';
import { storage } from './webpy/utils/storage.js';

export type { Application, HandlerClass, Mapping, Urls } from './app/application.js';
export type {
  AutoApplicationImpl as AutoApplication,
  SubdomainApplicationImpl as SubdomainApplication,
} from './app/variants.js';
export type { Config } from './core/config.js';
export type { Context, RequestContext } from './core/context.js';
// Errors of the HTTP layer: a redirect to a refused scheme, a body asked for before it is read.
export { BodyNotReadError } from './core/context.js';
export type { AccessEntry, ErrorEntry, LogEntry, LogSetting } from './core/log.js';
export type { Processor } from './core/processors.js';
// Database (area: db): `web.db` is web.py's `web.db` module; the names below are its top-level aliases.
export type { Row, SqliteConnection } from './db/web-database.js';
export * as db from './db/web-database.js';
export {
  DatabaseUnavailableError,
  DB,
  database,
  reparam,
  SQLLiteral,
  SQLParam,
  SQLQuery,
  sqllist,
  sqlliteral,
  sqlors,
  sqlparam,
  sqlquote,
  TransactionError,
  UnknownDB,
  UnknownParamstyle,
} from './db/web-database.js';
export * as form from './form/index.js';
export type { Control, Form, Link, LinkFilter } from './http/browser.js';
export type { RequestOptions, TestResponse } from './http/inject.js';
export type { CookieOptions, SameSite } from './request/cookies.js';
// CSRF protection (issue 8 item 6, docs/csrf.md).
export {
  CSRF_FIELD,
  CSRF_HEADER,
  CsrfError,
  type CsrfSession,
  csrf_check,
  csrf_exempt,
  csrf_input,
  csrf_protected,
  csrf_token,
} from './request/csrf.js';
export type { Input, StorageGet } from './request/input.js';
export type { FileUpload, UploadFile } from './request/multipart.js';
export { UnsafeRedirectError } from './request/redirect.js';
export * as session from './session/index.js';
export { template } from './template/web-template.js';
export { datestr } from './util/datestr.js';
// web.utils, web.net, web.http and sendmail (issue 9, docs/utils.md): the namespaces, and the
// top-level names web.py's `from .utils import *` (and .net, .http, debugerror's) give it.
export * as http from './webpy/http.js';
export { changequery, expires, lastmodified, modified, prefixurl, profiler, url } from './webpy/http.js';
export type { RequestFunction } from './webpy/httpserver.js';
export * as net from './webpy/net.js';
export {
  htmlquote,
  htmlunquote,
  httpdate,
  parsehttpdate,
  urlquote,
  validaddr,
  validip,
  validip6addr,
  validipaddr,
  validipport,
} from './webpy/net.js';
export {
  type Attachment,
  emailerrors,
  type SendmailOptions,
  type SentMail,
  sendmail,
} from './webpy/sendmail.js';
export * as utils from './webpy/utils/index.js';
export {
  autoassign,
  CaptureStdout,
  Counter,
  capturestdout,
  commify,
  cond,
  counter,
  dateify,
  denumify,
  dictadd,
  dictfind,
  dictfindall,
  dictincr,
  dictreverse,
  group,
  IterBetter,
  intget,
  iterbetter,
  iters,
  iterview,
  listget,
  lstrips,
  Memoize,
  memoize,
  nthstr,
  numify,
  Profile,
  profile,
  re_compile,
  re_subm,
  requeue,
  restack,
  rstrips,
  safeiter,
  safestr,
  safeunicode,
  safewrite,
  storify,
  strips,
  ThreadedDict,
  threadeddict,
  timelimit,
  to36,
  tryall,
  uniq,
} from './webpy/utils/index.js';
export {
  application,
  auto_application,
  autodelegate,
  config,
  cookies,
  ctx,
  data,
  debug,
  debugerror,
  djangoerror,
  header,
  input,
  loadhook,
  runsimple,
  setcookie,
  storage,
  subdir_application,
  subdomain_application,
  unloadhook,
  websafe,
};

/** `web.Storage`, web.py's other spelling of `web.storage`. */
export const Storage = storage;

/**
 * web.py `web.HTTPError(status, headers, data)`: any status, with or without `new`. Built inside a
 * request it sets `ctx.status` and adds its headers at once, as web.py's does; throw or return it.
 */
export const HTTPError = pyclass(errors.HTTPError);
export type HTTPError = errors.HTTPError;

// Redirects: `throw web.seeother('/')` (or `return`, or a bare call), with or without `new`.
export const Redirect = pyclass(redirects.Redirect);
export const Found = pyclass(redirects.Found);
export const SeeOther = pyclass(redirects.SeeOther);
export const TempRedirect = pyclass(redirects.TempRedirect);
export const redirect = Redirect;
export const found = Found;
export const seeother = SeeOther;
export const tempredirect = TempRedirect;
export const NotModified = pyclass(errors.NotModified);
export const notmodified = NotModified;

// The error family, web.py names in both spellings.
export const OK = pyclass(errors.OK);
export const Created = pyclass(errors.Created);
export const Accepted = pyclass(errors.Accepted);
export const NoContent = pyclass(errors.NoContent);
export const BadRequest = pyclass(errors.BadRequest);
export const Unauthorized = pyclass(errors.Unauthorized);
export const Forbidden = pyclass(errors.Forbidden);
export const NotFound = pyclass(errors.NotFound);
export const NoMethod = pyclass(errors.NoMethod);
export const NotAcceptable = pyclass(errors.NotAcceptable);
export const Conflict = pyclass(errors.Conflict);
export const Gone = pyclass(errors.Gone);
export const PreconditionFailed = pyclass(errors.PreconditionFailed);
export const UnsupportedMediaType = pyclass(errors.UnsupportedMediaType);
export const UnavailableForLegalReasons = pyclass(errors.UnavailableForLegalReasons);
export const InternalError = pyclass(errors.InternalError);
export const ok = OK;
export const created = Created;
export const accepted = Accepted;
export const nocontent = NoContent;
export const badrequest = BadRequest;
export const unauthorized = Unauthorized;
export const forbidden = Forbidden;
export const nomethod = NoMethod;
export const notacceptable = NotAcceptable;
export const conflict = Conflict;
export const gone = Gone;
export const preconditionfailed = PreconditionFailed;
export const unsupportedmediatype = UnsupportedMediaType;
export const unavailableforlegalreasons = UnavailableForLegalReasons;

/** web.py `web.notfound(message)`: 404; without a message, the app's `notfound` override if it has one. */
export function notfound(message?: errors.Message): errors.HTTPError {
  const context = currentContext();
  return context ? notfoundFor(context, message) : new errors.NotFound(message);
}

/** web.py `web.internalerror(message)`: 500; without a message, the app's `internalerror` override. */
export function internalerror(message?: errors.Message): errors.HTTPError {
  const context = currentContext();
  return context ? internalerrorFor(context, undefined, message) : new errors.InternalError(message);
}

/**
 * True when the module whose `import.meta` is given is the script node was started with — the
 * `if __name__ == '__main__':` of webts: `if (web.isMain(import.meta)) app.run();`
 */
export function isMain(meta: { url: string }): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const self = real(fileURLToPath(meta.url));
  const main = real(script);
  return (
    self === main ||
    self === `${main}.js` ||
    self === `${main}.ts` ||
    self.replace(/\.[cm]?[jt]s$/, '') === main
  );
}

/** `web.ctx.status` as a setter function, for code that prefers a call. */
export function status(line: string): void {
  requireContext('web.status()').status = line;
}

// --- Namespaces (area: webapi) -------------------------------------------------------------------

/**
 * `web.webapi`: the names web.py's `webapi` module exports (its `__all__`, plus `rawinput`), as one
 * object. `web.webapi.internalerror = web.debugerror` (or any `(error?) => HTTPError`) is honoured:
 * it becomes the 500 page of every application without an `internalerror` of its own.
 */
export const webapi = {
  config,
  header,
  debug,
  input,
  data,
  setcookie,
  cookies,
  ctx,
  rawinput,
  HTTPError,
  OK,
  Created,
  Accepted,
  NoContent,
  ok,
  created,
  accepted,
  nocontent,
  Redirect,
  Found,
  SeeOther,
  NotModified,
  TempRedirect,
  redirect,
  found,
  seeother,
  notmodified,
  tempredirect,
  BadRequest,
  Unauthorized,
  Forbidden,
  NotFound,
  NoMethod,
  NotAcceptable,
  Conflict,
  Gone,
  PreconditionFailed,
  UnsupportedMediaType,
  UnavailableForLegalReasons,
  badrequest,
  unauthorized,
  forbidden,
  notfound,
  nomethod,
  notacceptable,
  conflict,
  gone,
  preconditionfailed,
  unsupportedmediatype,
  unavailableforlegalreasons,
  InternalError,
  /** web.py `web.webapi.internalerror`: assign a function to change the default 500 page. */
  get internalerror(): (message?: errors.Message) => errors.HTTPError {
    return (
      (defaultInternalError.current as ((message?: errors.Message) => errors.HTTPError) | undefined) ??
      internalerror
    );
  },
  set internalerror(fn: ((error?: unknown) => errors.HTTPError) | ((message?: string) => errors.HTTPError)) {
    if (typeof fn !== 'function')
      throw new TypeError('web.webapi.internalerror must be a function, such as web.debugerror');
    defaultInternalError.current =
      fn === internalerror ? undefined : (fn as (error?: unknown) => errors.HTTPError);
  },
};

/** `web.httpserver`: `runsimple(func, [host, port])`. */
export const httpserver = { runsimple };

/** `web.browser`: the test browser (`AppBrowser`, also as `app.browser()`). */
export const browser = { AppBrowser, Browser, BrowserError };
