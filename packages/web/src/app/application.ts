import type { Server } from 'node:http';
import { config } from '../core/config.js';
import { type AppLike, type RequestContext, requireContext } from '../core/context.js';
import { logError } from '../core/log.js';
import { type Outcome, primeStream, toOutcome } from '../core/outcome.js';
import { type Processor, runProcessors } from '../core/processors.js';
import { compilePattern, type Route, Router } from '../core/router.js';
import {
  HTTPError,
  InternalError,
  type Message,
  NoMethod,
  NotFound,
  ServiceUnavailable,
} from '../errors/http-errors.js';
import { AppBrowser } from '../http/browser.js';
import { injectRequest, type RequestOptions, type TestResponse } from '../http/inject.js';
import { makeNodeHandler, type NodeHandler, type Servable } from '../http/node-handler.js';
import { listen, run, type ServeOptions } from '../http/serve.js';
import { checkBeforeHandler } from '../request/csrf.js';
import { Redirect } from '../request/redirect.js';
import { isPromise, type MaybePromise } from '../util/maybe-promise.js';
import { pyclass } from '../util/pyclass.js';
import { debugerror } from './debugerror.js';

/** A handler class: a new instance per request, with methods named after HTTP methods. */
export type HandlerClass = new () => object;
/** What a pattern maps to: a name in the mapping, a class, a sub-application or a function. */
export type Target = string | Function | ApplicationImpl;
/** web.py's flat `urls` tuple: pattern, target, pattern, target, … */
export type Urls = readonly (string | Function | ApplicationImpl)[];
/** The classes the names in `urls` refer to (web.py passes `globals()`); nested objects allow dotted names. */
export type Mapping = { readonly [name: string]: unknown };

/**
 * What `web.webapi.internalerror = f` installs: the 500 page of every application that has no
 * `internalerror` of its own (web.py's old process-wide hook). Process-wide, like `web.config`.
 */
export const defaultInternalError: { current: ((error?: unknown) => HTTPError) | undefined } = {
  current: undefined,
};

let nextId = 0;

/**
 * web.py's `web.application(urls, mapping)`: the urls list compiled to a router, processors
 * around dispatch, and ways to serve it: `run()`, `listen()`, `handler` and `request()`.
 */
export class ApplicationImpl implements AppLike, Servable {
  readonly __webtsApp = true as const;
  readonly id = ++nextId;
  readonly #routes: Route<Target>[];
  #router: Router<Target>;
  /** Servers started by `run()`/`listen()`, for `stop()`. */
  readonly #servers = new Set<Server>();
  readonly #processors: Processor[] = [];
  #mappingSource: Mapping | (() => Mapping);
  #mapping: Mapping | undefined;

  constructor(urls: Urls = [], mapping: Mapping | (() => Mapping) = {}) {
    if (!Array.isArray(urls))
      throw new TypeError(
        'web.application(urls, mapping): urls must be a flat array of pattern, target pairs',
      );
    if (urls.length % 2 !== 0) {
      throw new TypeError(
        `web.application: urls has an odd number of entries (${urls.length}); the pattern ${JSON.stringify(urls[urls.length - 1])} has no target (a missing comma?)`,
      );
    }
    this.#mappingSource = mapping;
    this.#routes = [];
    for (let i = 0; i < urls.length; i += 2) {
      const pattern = urls[i];
      if (typeof pattern !== 'string')
        throw new TypeError(`web.application: urls[${i}] should be a pattern string, got ${typeof pattern}`);
      this.#routes.push(makeRoute(pattern, urls[i + 1] as Target));
    }
    this.#router = new Router(this.#routes);
    if (typeof mapping !== 'function') this.#checkTargets(mapping);
  }

  /** web.py `app.add_mapping(pattern, target)`: one more route, after those already there. */
  add_mapping(pattern: string, target: Target): void {
    if (typeof pattern !== 'string')
      throw new TypeError(`app.add_mapping: the pattern should be a string, got ${typeof pattern}`);
    this.#routes.push(makeRoute(pattern, target));
    this.#router = new Router(this.#routes);
    if (typeof target === 'string' && typeof this.#mappingSource !== 'function')
      this.#checkTargets(this.#resolveMapping());
  }

  /** web.py `app.add_processor(p)`: `p(handler)` runs around every request; first added is outermost. */
  add_processor(processor: Processor): void {
    if (typeof processor !== 'function')
      throw new TypeError('app.add_processor expects a function (handler) => result');
    this.#processors.push(processor);
  }

  /** The response for a URL no pattern matched. Assign `app.notfound = () => web.notfound('…')` to change it. */
  notfound(): HTTPError {
    return new NotFound();
  }

  /**
   * The response for an uncaught error: what `web.webapi.internalerror` was set to, if it was;
   * else a debug page when `web.config.debug`, else a plain 500.
   */
  internalerror(error?: unknown): HTTPError {
    const installed = defaultInternalError.current;
    if (installed !== undefined) return installed(error);
    return config.debug ? debugerror(error) : new InternalError();
  }

  /** Run the processors, then dispatch (web.py `handle_with_processors`). */
  handle_with_processors(): unknown {
    return runProcessors(this.#processors, this.#handle, this.#toHTTPError);
  }

  // Made once per application rather than per request (they still call an overridden handle()).
  readonly #handle = (): unknown => this.handle();
  readonly #toHTTPError = (err: unknown): HTTPError => this.#asHTTPError(err);

  /** Match `ctx.path` against the urls and call the target (web.py `handle`). */
  handle(): unknown {
    const ctx = requireContext('app.handle()');
    const path = ctx.path;
    for (const route of this.#router.candidates(path)) {
      if (route.regexp === undefined) {
        if (path.startsWith(route.pattern))
          return this.#delegate(ctx, route.pattern, route.target as ApplicationImpl);
        continue;
      }
      const match = route.regexp.exec(path);
      if (match !== null) return this.#dispatch(ctx, route, match.slice(1));
    }
    throw notfoundFor(ctx);
  }

  /** Produce the response for the current request (runs inside its context). */
  process(ctx: RequestContext): MaybePromise<Outcome> {
    // The outermost application starts the stack (an array of one, not a grown empty one).
    if (ctx.app_stack.length === 0) ctx.app_stack = [this];
    else ctx.app_stack.push(this);
    let result: unknown;
    try {
      result = this.handle_with_processors();
    } catch (err) {
      return toOutcome(ctx, this.#asHTTPError(err));
    }
    if (isPromise(result)) {
      return result.then(
        (value) => this.#settle(ctx, value),
        (err) => toOutcome(ctx, this.#asHTTPError(err)),
      );
    }
    return this.#settle(ctx, result);
  }

  /**
   * A streamed result is pulled up to its first chunk before the status line is decided, as web.py
   * does: an HTTPError (a redirect, a 404) or a status set before the first `yield` still counts.
   */
  #settle(ctx: RequestContext, value: unknown): MaybePromise<Outcome> {
    let outcome: Outcome;
    try {
      outcome = toOutcome(ctx, value);
      // An HTTP error returned rather than thrown: its status and headers, and (as web.py's str() of the
      // exception) its status line as the body.
      if (value instanceof HTTPError) outcome.body = value.status;
    } catch (err) {
      // A result that cannot be turned into a body (a BigInt or a cycle in JSON, a throwing toString).
      return toOutcome(ctx, this.#asHTTPError(err));
    }
    if (typeof outcome.body === 'string' || outcome.body instanceof Uint8Array) return outcome;
    return primeStream(outcome.body, outcome.headers).then(
      (body) => ({ ...outcome, status: ctx.status, body }),
      (err) => toOutcome(ctx, this.#asHTTPError(err)),
    );
  }

  #dispatch(ctx: RequestContext, route: Route<Target>, args: (string | undefined)[]): unknown {
    return this._delegate(ctx, route.target, args, route.pattern);
  }

  /**
   * Call what a matched pattern maps to (web.py `_delegate`): a name in the mapping (`\\1`
   * substituted), `redirect url`, a handler class, a sub-application or a plain function.
   * @internal for the application variants (subdomain_application).
   */
  _delegate(ctx: RequestContext, what: Target, args: (string | undefined)[], pattern: string): unknown {
    let target = what;
    if (target instanceof ApplicationImpl) {
      ctx.app_stack.push(target);
      const pop = () => ctx.app_stack.pop();
      let result: unknown;
      try {
        result = target.handle_with_processors();
      } catch (err) {
        pop();
        throw err;
      }
      if (isPromise(result)) return result.finally(pop);
      pop();
      return result;
    }
    if (typeof target === 'string') {
      const name = target.includes('\\')
        ? target.replace(/\\(\d+)/g, (_, n) => args[Number(n) - 1] ?? '')
        : target;
      if (name.startsWith('redirect ')) {
        const url = name.slice('redirect '.length).trim();
        throw new Redirect(ctx.method === 'GET' ? url + ctx.query : url);
      }
      target = this.#lookup(name, pattern);
    }
    if (!isHandlerClass(target)) {
      if (typeof target === 'function') return callHandler(ctx, target, undefined, []);
      throw notfoundFor(ctx);
    }
    const method = ctx.method;
    const instance = new (target as HandlerClass)() as Record<string, unknown>;
    let fn = /^[A-Z]+$/.test(method) ? instance[method] : undefined;
    if (typeof fn !== 'function' && method === 'HEAD') fn = instance.GET;
    if (typeof fn !== 'function') throw new NoMethod(target as Function);
    return callHandler(ctx, fn, instance, args);
  }

  #delegate(ctx: RequestContext, prefix: string, app: ApplicationImpl): unknown {
    const { path, fullpath, homepath } = ctx;
    ctx.path = path.slice(prefix.length);
    ctx.fullpath = ctx.path + ctx.query;
    ctx.homepath = homepath + prefix;
    ctx.app_stack.push(app);
    const restore = () => {
      ctx.path = path;
      ctx.fullpath = fullpath;
      ctx.homepath = homepath;
      ctx.app_stack.pop();
    };
    let result: unknown;
    try {
      result = app.handle_with_processors();
    } catch (err) {
      restore();
      throw err;
    }
    if (isPromise(result)) return result.finally(restore);
    restore();
    return result;
  }

  #resolveMapping(): Mapping {
    if (this.#mapping === undefined) {
      const source = this.#mappingSource;
      const mapping = typeof source === 'function' ? source() : source;
      if (typeof mapping !== 'object' || mapping === null) {
        throw new TypeError(
          'web.application: the mapping function must return an object such as { Index, Login }',
        );
      }
      // Keep it only once every name checks out, so a later listen() reports the same error again.
      if (typeof source === 'function') this.#checkTargets(mapping);
      this.#mapping = mapping;
    }
    return this.#mapping;
  }

  #lookup(name: string, pattern: string, mapping = this.#resolveMapping()): Function {
    let found: unknown;
    // Looked up on every request (the mapping may change after the app is made, as globals() may in
    // web.py); a plain name, the common case, without splitting it.
    if (!name.includes('.')) found = Object.hasOwn(mapping, name) ? mapping[name] : undefined;
    else {
      found = mapping;
      for (const part of name.split('.')) {
        found =
          typeof found === 'object' && found !== null && Object.hasOwn(found, part)
            ? (found as Mapping)[part]
            : undefined;
      }
    }
    if (typeof found !== 'function') throw new MissingTarget(pattern, name, Object.keys(mapping));
    return found;
  }

  /** Every plain name in urls must be in the mapping: say so when the app is built, not on a request. */
  #checkTargets(mapping: Mapping): void {
    for (const route of this.#routes) {
      const { target } = route;
      if (typeof target === 'string' && !target.startsWith('redirect ') && !target.includes('\\')) {
        warnLowercaseMethods(this.#lookup(target, route.pattern, mapping));
      } else if (typeof target === 'function') warnLowercaseMethods(target);
    }
  }

  #asHTTPError(err: unknown): HTTPError {
    if (err instanceof HTTPError) return err;
    const ctx = requireContext('app');
    // For `web.debugerror()` called without the error, as web.py's reads sys.exc_info().
    ctx._error = err;
    if (err instanceof MissingTarget) {
      logError(err.message);
      return config.debug ? debugerror(err) : new InternalError();
    }
    logError(err, `${ctx.method} ${ctx.fullpath}`);
    // A dependency that is down (a database answering 503) is not the app's bug: say so.
    const status = (err as { status?: unknown } | null)?.status;
    if (status === 503) return new ServiceUnavailable();
    return internalerrorFor(ctx, err);
  }

  /**
   * A `(req, res, next?)` function for any Node HTTP server or connect/express app (no static files,
   * no access log). Under express (`expressApp.use('/py', app.handler)`) the mount path
   * (`req.baseUrl`) is `web.ctx.homepath`, so redirects and cookie paths stay under it; with a
   * `next`, a path no route takes is passed on instead of answered 404.
   */
  get handler(): NodeHandler {
    return makeNodeHandler(this, { static: false, log: false });
  }

  /**
   * `app.handler` for an app living at `prefix` of a server that does not strip it (a plain
   * `http.createServer`): `/py/x` reaches the app as `/x` with `web.ctx.homepath` `/py`; a URL outside
   * the prefix is 404 (or passed to `next`).
   */
  handlerAt(prefix: string): NodeHandler {
    if (typeof prefix !== 'string' || (prefix !== '' && (!prefix.startsWith('/') || prefix.endsWith('/'))))
      throw new TypeError(
        `app.handlerAt(prefix): a path such as '/py' (no trailing slash), not ${JSON.stringify(prefix)}`,
      );
    return makeNodeHandler(this, { static: false, log: false, mount: prefix });
  }

  /**
   * @internal Whether a route of this app takes `path` (what `handle()` would dispatch, not a 404),
   * for the next()-style fall-through of `app.handler`. Variants that route their own way say yes.
   */
  _takes(path: string): boolean {
    if (this.handle !== ApplicationImpl.prototype.handle) return true;
    for (const route of this.#router.candidates(path)) {
      if (route.regexp === undefined) {
        if (path.startsWith(route.pattern))
          return (route.target as ApplicationImpl)._takes(path.slice(route.pattern.length));
        continue;
      }
      if (route.regexp.test(path)) return true;
    }
    return false;
  }

  /**
   * web.py `app.wsgifunc()`: what a server calls per request. Node has no WSGI; its equivalent is the
   * `(req, res)` function, so this returns `app.handler` (middleware: wrap that function yourself).
   */
  wsgifunc(): NodeHandler {
    return this.handler;
  }

  /** Run one request through the whole stack without a socket (web.py `app.request`). */
  request(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    return injectRequest(this.handler, path, options);
  }

  /** web.py `app.browser()`: a test browser (cookies, links, forms) over `app.request`. */
  browser(): AppBrowser {
    return new AppBrowser(this);
  }

  /** Listen on `port` (0 = any free port) and `host`; resolves to the listening server. Serves ./static/. */
  async listen(port = 8080, host = '0.0.0.0', options: ServeOptions = {}): Promise<Server> {
    this.#resolveMapping();
    return this.#track(await listen(this, port, host, options));
  }

  /** web.py `app.run()`: address from argv (`node app.js 8081`), banner, access log, ./static/, clean shutdown. */
  async run(): Promise<Server> {
    this.#resolveMapping();
    return this.#track(await run(this));
  }

  /**
   * web.py `app.stop()`: stop the servers `run()` and `listen()` started (idle connections are
   * closed at once; requests in flight finish). Resolves when they are closed.
   */
  async stop(): Promise<void> {
    const servers = [...this.#servers];
    this.#servers.clear();
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (!server.listening) return resolve();
            server.close(() => resolve());
            server.closeIdleConnections();
          }),
      ),
    );
  }

  #track(server: Server): Server {
    this.#servers.add(server);
    server.once('close', () => this.#servers.delete(server));
    return server;
  }
}

/**
 * Call the handler once the body is read: here, after routing and every processor, so that a 404, a
 * 405 or a processor's refusal (a login redirect) is answered without reading the body at all.
 */
function callHandler(ctx: RequestContext, fn: Function, self: unknown, args: unknown[]): unknown {
  if (ctx.bodyRead) {
    checkBeforeHandler(fn);
    return fn.apply(self, args);
  }
  return ctx.readBody().then(() => {
    checkBeforeHandler(fn);
    return fn.apply(self, args);
  });
}

function makeRoute(pattern: string, target: Target): Route<Target> {
  // A sub-application is mounted at a literal prefix, as in web.py.
  if (target instanceof ApplicationImpl) return { pattern, target, regexp: undefined, segments: [] };
  const compiled = compilePattern(pattern);
  return { pattern, target, regexp: compiled.regexp, segments: compiled.segments };
}

/** A urls target name that the mapping does not have. */
class MissingTarget extends Error {
  constructor(pattern: string, name: string, known: string[]) {
    const near = closest(name, known);
    super(
      `web.application: urls maps ${JSON.stringify(pattern)} to '${name}', but the mapping has no class named '${name}'` +
        (near === undefined ? '' : `. Did you mean '${near}'?`) +
        ` (it has: ${known.length ? known.join(', ') : 'nothing'}). Pass it in the mapping, e.g. web.application(urls, { ${name.split('.')[0]} }).`,
    );
    this.name = 'MissingTarget';
  }
}

/** The known name nearest to `name` (same letters in another case, or a typo or two away), if one is near. */
function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + cost);
    }
    row = next;
  }
  return row[b.length] as number;
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const warnedClasses = new WeakSet<Function>();

/**
 * A handler class with `get()` but no `GET()` is never called for GET (as in web.py): say so once, when
 * the application is built, instead of leaving the author to wonder at a 405.
 */
function warnLowercaseMethods(target: Function): void {
  if (warnedClasses.has(target)) return;
  warnedClasses.add(target);
  const proto: unknown = target.prototype;
  if (typeof proto !== 'object' || proto === null) return;
  const has = (m: string) => typeof (proto as Record<string, unknown>)[m] === 'function';
  for (const method of HTTP_METHODS) {
    const lower = method.toLowerCase();
    if (has(lower) && !has(method)) {
      process.emitWarning(
        `web.application: ${target.name || 'a handler class'} has a method ${lower}() but no ${method}(); ` +
          `handler methods are named after the HTTP method in capitals, as in web.py: ${method}()`,
        { code: 'WEBTS_LOWERCASE_METHOD' },
      );
    }
  }
}

const handlerClassCache = new WeakMap<Function, boolean>();

/** A class with HTTP-method methods, as opposed to a plain function target. */
function isHandlerClass(target: unknown): boolean {
  if (typeof target !== 'function') return false;
  let answer = handlerClassCache.get(target);
  if (answer === undefined) {
    answer =
      Function.prototype.toString.call(target).startsWith('class') ||
      Object.getOwnPropertyNames(target.prototype ?? {}).some((n) => /^[A-Z]+$/.test(n));
    handlerClassCache.set(target, answer);
  }
  return answer;
}

/** The app whose own override of `name` applies: the innermost application that set one. */
function overrideFor(ctx: RequestContext, name: 'notfound' | 'internalerror'): ApplicationImpl | undefined {
  for (let i = ctx.app_stack.length - 1; i >= 0; i--) {
    const app = ctx.app_stack[i] as ApplicationImpl;
    if (Object.hasOwn(app, name)) return app;
  }
  return undefined;
}

/** `web.notfound()` without a message: the app's override if it has one (web.py does the same). */
export function notfoundFor(ctx: RequestContext, message?: Message): HTTPError {
  if (message !== undefined) return new NotFound(message);
  const app = overrideFor(ctx, 'notfound');
  if (app === undefined || ctx._overriding) return new NotFound();
  ctx._overriding = true;
  try {
    return app.notfound();
  } finally {
    ctx._overriding = false;
  }
}

/** `web.internalerror()`: the app's override, or the default page for `error`. */
export function internalerrorFor(ctx: RequestContext, error?: unknown, message?: Message): HTTPError {
  if (message !== undefined) return new InternalError(message);
  const app = overrideFor(ctx, 'internalerror') ?? (ctx.app_stack[0] as ApplicationImpl | undefined);
  if (app === undefined || ctx._overriding) return config.debug ? debugerror(error) : new InternalError();
  ctx._overriding = true;
  try {
    return app.internalerror(error);
  } catch (err) {
    // A broken override must not take the server down with it: log it and send the plain 500.
    logError(err, 'app.internalerror');
    return new InternalError();
  } finally {
    ctx._overriding = false;
  }
}

/** `web.application(urls, mapping)`, callable with or without `new`. */
export const application = pyclass(ApplicationImpl);
export type Application = ApplicationImpl;
