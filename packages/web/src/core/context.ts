import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { setResponseLookup } from '../errors/http-errors.js';

/** Anything the application stack needs from an app, without importing application.ts. */
export interface AppLike {
  readonly __webtsApp: true;
}

/** Request headers as Node gives them: lower-case names. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** What the server adapter (or `app.request`) knows about an incoming request. */
export interface RequestInit {
  method: string;
  /** Path as sent, before percent-decoding, without the query. */
  rawPath: string;
  /** Query string without the `?`, '' when none. */
  rawQuery: string;
  headers: RequestHeaders;
  /** The host to use instead of the Host header (X-Forwarded-Host from a trusted proxy). */
  host?: string;
  /** Where the application is mounted (express's `req.baseUrl`, `app.handlerAt(prefix)`); default ''. */
  homepath?: string;
  ip: string | undefined;
  port: number | undefined;
  https: boolean;
  httpVersion: string;
  /**
   * The body: bytes already at hand and read (a request without one: an empty Buffer), or a function
   * that reads it when `ctx.readBody()` is first called (just before the handler, or by a processor).
   */
  body: Buffer | (() => Promise<Buffer>);
  /** More `ctx.env` entries (`app.request(path, { env })`'s that are not headers). */
  environ?: Record<string, string>;
}

/** What `web.input()` / `web.data()` throw when a processor asks for a body not read yet. */
export class BodyNotReadError extends Error {
  constructor(what: string) {
    super(
      `${what} needs the request body, which is not read yet: webts reads it just before the handler ` +
        'runs, so that a processor or loadhook can refuse a request without reading its body. ' +
        'In a processor or loadhook, call `await web.ctx.readBody()` first.',
    );
    this.name = 'BodyNotReadError';
  }
}

/** An `X-Request-Id` a proxy set is kept if it is plain printable text of a sane length. */
const GOOD_ID = /^[\w.:/+=@-]{1,200}$/;
const ids = new WeakMap<RequestHeaders, string>();

/**
 * The request's id: its `X-Request-Id` header when it has a usable one (a proxy or load balancer set it),
 * otherwise a random UUID made on first use. The same for `web.ctx.request_id` and the log lines of that
 * request (both are keyed by the request's headers object).
 */
export function requestId(headers: RequestHeaders): string {
  let id = ids.get(headers);
  if (id === undefined) {
    const sent = headers['x-request-id'];
    id = typeof sent === 'string' && GOOD_ID.test(sent) ? sent : randomUUID();
    ids.set(headers, id);
  }
  return id;
}

/**
 * Your own `web.ctx` fields, declared once so that `web.ctx.user = …` type-checks (a typo does not):
 * `declare module 'webts' { interface Context { user: string | undefined } }`. Empty in webts itself.
 */
// biome-ignore lint/suspicious/noEmptyInterface: the extension point users augment.
export interface Context {}

// The class and this interface merge: a request context has every field declared on Context.
export interface RequestContext extends Context {}

/**
 * `web.ctx`: everything about the request being handled and the response being built.
 * One instance per request, reached through AsyncLocalStorage, never a module-level variable.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merge with Context is the point; it adds no runtime members.
export class RequestContext {
  /** Request method, e.g. `GET`. */
  method: string;
  /** Percent-decoded path, relative to the (sub-)application handling it. */
  path: string;
  /** `''` or `'?'` + the raw query string. */
  query: string;
  /** `path + query`. */
  fullpath: string;
  /** The Host header (with port), or `localhost` when the client sent none; X-Forwarded-Host from a trusted proxy. */
  host: string;
  /** `http` or `https`. */
  protocol: string;
  /** `protocol://host`. */
  homedomain: string;
  /** Mount point of the current (sub-)application, '' at the top. */
  homepath: string;
  /** `homedomain + homepath` of the outermost application. */
  realhome: string;
  /** Client address: the socket's peer as in web.py, or X-Forwarded-For's from a `web.config.trust_proxy` peer. */
  ip: string | undefined;
  /** Response status line, e.g. `200 OK`; assign `'201 Created'` to change it. */
  status = '200 OK';
  /** web.py's `ctx.output`, for ported code that reads or sets it (the handler's return value is the body). */
  output: unknown = '';
  /** Response headers, in the order they will be sent (web.py's `ctx.headers`). */
  headers: [string, string][] = [];
  /** Request headers, lower-case names (web.py users read these through `ctx.env`). */
  requestHeaders: RequestHeaders;
  /** Applications the request passed through, outermost first. */
  app_stack: AppLike[] = [];
  /** Remote port, HTTP version and raw path, for the access log and `env`. */
  readonly port: number | undefined;
  readonly httpVersion: string;
  readonly rawPath: string;
  /** The parsed cookies (filled on first use). */
  _cookies: Record<string, string | undefined> | undefined;
  /** True while an app's notfound/internalerror override runs (stops it recursing). */
  _overriding = false;
  /** The uncaught error being answered, for `web.debugerror()` called without one (web.py reads sys.exc_info()). */
  _error: unknown;
  #env: Record<string, string> | undefined;
  #body: Buffer | undefined;
  #reader: (() => Promise<Buffer>) | undefined;
  #reading: Promise<Buffer> | undefined;
  readonly #environ: Record<string, string> | undefined;

  constructor(init: RequestInit, path: string) {
    this.method = init.method;
    this.rawPath = init.rawPath;
    this.path = path;
    this.query = init.rawQuery === '' ? '' : `?${init.rawQuery}`;
    this.fullpath = path + this.query;
    const host = init.host ?? init.headers.host;
    this.host = typeof host === 'string' && host !== '' ? host : 'localhost';
    this.protocol = init.https ? 'https' : 'http';
    this.homedomain = `${this.protocol}://${this.host}`;
    this.homepath = init.homepath ?? '';
    this.realhome = this.homedomain + this.homepath;
    this.ip = init.ip;
    this.port = init.port;
    this.httpVersion = init.httpVersion;
    this.requestHeaders = init.headers;
    if (typeof init.body === 'function') this.#reader = init.body;
    else this.#body = init.body;
    this.#environ = init.environ;
  }

  /**
   * The raw request body. It is read just before the handler runs; before that (in a processor or
   * loadhook) reading it throws {@link BodyNotReadError}: `await web.ctx.readBody()` first.
   */
  get body(): Buffer {
    if (this.#body === undefined) throw new BodyNotReadError('web.ctx.body');
    return this.#body;
  }
  set body(value: Buffer) {
    this.#body = value;
    this.#reader = undefined;
  }

  /** Whether the body has been read (always, for a request that has none). */
  get bodyRead(): boolean {
    return this.#body !== undefined;
  }

  /**
   * Read the request body (once; later calls give the same bytes). The application calls it before
   * the handler; a processor that needs `web.input()` or `web.data()` awaits it itself. Rejects with
   * the HTTPError to answer: 413 (too large), 408 (too slow), 503 (too many bodies in flight), 400.
   */
  readBody(): Promise<Buffer> {
    if (this.#body !== undefined) return Promise.resolve(this.#body);
    if (this.#reading === undefined) {
      const reader = this.#reader as () => Promise<Buffer>;
      this.#reading = reader().then((body) => {
        this.#body = body;
        return body;
      });
    }
    return this.#reading;
  }

  /** `homedomain + homepath`: the URL the current application is mounted at. */
  get home(): string {
    return this.homedomain + this.homepath;
  }

  /** A WSGI-style environ (`REQUEST_METHOD`, `PATH_INFO`, `HTTP_REFERER`, …) for ported code. */
  get env(): Record<string, string> {
    if (this.#env === undefined) {
      this.#env = makeEnviron(this);
      if (this.#environ !== undefined) Object.assign(this.#env, this.#environ);
    }
    return this.#env;
  }

  /** webts: the request's id, `X-Request-Id` as a proxy sent it or a random UUID (also in JSON log lines). */
  get request_id(): string {
    return requestId(this.requestHeaders);
  }

  /** web.py's other name for `env`. */
  get environ(): Record<string, string> {
    return this.env;
  }
}

function makeEnviron(ctx: RequestContext): Record<string, string> {
  const env: Record<string, string> = Object.create(null);
  env.REQUEST_METHOD = ctx.method;
  env.PATH_INFO = ctx.path;
  env.QUERY_STRING = ctx.query.slice(1);
  env.SERVER_PROTOCOL = `HTTP/${ctx.httpVersion}`;
  env.HTTPS = ctx.protocol === 'https' ? 'on' : 'off';
  env['wsgi.url_scheme'] = ctx.protocol;
  if (ctx.ip !== undefined) env.REMOTE_ADDR = ctx.ip;
  if (ctx.port !== undefined) env.REMOTE_PORT = String(ctx.port);
  for (const [name, value] of Object.entries(ctx.requestHeaders)) {
    if (value === undefined) continue;
    const key = name.toUpperCase().replace(/-/g, '_');
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (key === 'CONTENT_TYPE' || key === 'CONTENT_LENGTH') env[key] = text;
    else env[`HTTP_${key}`] = text;
  }
  return env;
}

const storage = new AsyncLocalStorage<RequestContext>();

// An HTTP error built during a request writes its status and headers into that request's response.
setResponseLookup(() => storage.getStore());

/** Run `fn` with `context` as the current request. */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current request's context, or undefined outside a request. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The current request's context; throws a clear error outside a request. */
export function requireContext(what: string): RequestContext {
  const context = storage.getStore();
  if (context === undefined) {
    throw new Error(
      `${what} can only be used while a request is being handled (inside a handler, processor or hook)`,
    );
  }
  return context;
}

/**
 * `web.ctx`: a live view of the current request's context. Reading outside a request gives
 * undefined; writing outside a request throws, since there is nothing to write to.
 */
export const ctx: RequestContext = new Proxy(Object.create(null) as RequestContext, {
  get(_target, key) {
    const context = storage.getStore();
    if (context === undefined) return undefined;
    const value = Reflect.get(context, key, context);
    return typeof value === 'function' ? value.bind(context) : value;
  },
  set(_target, key, value) {
    return Reflect.set(requireContext('web.ctx'), key, value);
  },
  has(_target, key) {
    const context = storage.getStore();
    return context !== undefined && key in context;
  },
  deleteProperty(_target, key) {
    return Reflect.deleteProperty(requireContext('web.ctx'), key);
  },
  ownKeys() {
    const context = storage.getStore();
    return context === undefined ? [] : Reflect.ownKeys(context);
  },
  getOwnPropertyDescriptor(_target, key) {
    const context = storage.getStore();
    if (context === undefined) return undefined;
    const descriptor = Reflect.getOwnPropertyDescriptor(context, key);
    return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
  },
});
