/**
 * The `(req, res, next?)` handler every request goes through, from a socket (`listen`, `run`,
 * `app.handler`) or from memory (`app.request`): the mount point, the limits, static files, the
 * request context, then the app's answer written to the response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../core/config.js';
import { RequestContext, type RequestHeaders, type RequestInit, runWithContext } from '../core/context.js';
import { logError } from '../core/log.js';
import type { Outcome } from '../core/outcome.js';
import { HTTPError, InternalError, PayloadTooLarge, URITooLong } from '../errors/http-errors.js';
import { isPromise, type MaybePromise } from '../util/maybe-promise.js';
import { logRequest } from './access-log.js';
import { hasBody, readBody } from './body.js';
import { hostAllowed, type Origin, originOf } from './origin.js';
import { decodePath, splitTarget } from './request-target.js';
import { writeOutcome } from './response.js';
import { isStaticPath, serveStatic } from './static.js';

/**
 * What the node handler serves: an application, seen only through what a request needs of it
 * (core/application.ts implements it; the HTTP layer never imports the application).
 */
export interface Servable {
  /** The response for the request in `ctx` (run inside its context). */
  process(ctx: RequestContext): MaybePromise<Outcome>;
  /** Whether a route takes `path`, for the `next()` fall-through under express or connect. */
  _takes(path: string): boolean;
}

const EMPTY = Buffer.alloc(0);

/** How a node handler serves (see `app.handler`, `listen()`). */
export type NodeOptions = {
  static: string | false;
  log: boolean;
  /** `app.handlerAt(mount)`: the prefix this handler strips from the URL itself. */
  mount?: string;
};

/** `app.request(path, { env })`'s WSGI variables that are not headers, for `ctx.env` (see inject.ts). */
export const INJECTED_ENV = Symbol('webts.injectedEnv');

/** A connect/express `next`: pass the request on (or an error). */
export type Next = (err?: unknown) => void;

/** The `(req, res, next?)` function behind `app.handler`, `listen()` and `run()`. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: Next) => void;

/** The `(req, res, next?)` function behind `app.handler`, `listen()` and `run()`. */
export function makeNodeHandler(app: Servable, options: NodeOptions): NodeHandler {
  return (req, res, next) =>
    handleNode(app, options, req, res, typeof next === 'function' ? next : undefined);
}

/**
 * Where the app is mounted and the URL below it: express's `req.baseUrl` (it has already taken the
 * mount path off `req.url`), then `mount` taken off here. Undefined when the URL is outside `mount`.
 */
function mountPoint(
  req: IncomingMessage,
  url: string,
  mount: string | undefined,
): [string, string] | undefined {
  const base = (req as { baseUrl?: unknown }).baseUrl;
  const homepath = typeof base === 'string' ? base : '';
  if (mount === undefined || mount === '') return [homepath, url];
  if (!url.startsWith(mount)) return undefined;
  const rest = url.slice(mount.length);
  if (rest === '' || rest[0] === '?') return [homepath + mount, `/${rest}`];
  return rest[0] === '/' ? [homepath + mount, rest] : undefined;
}

// The per-request path below is written as plain functions taking what they need, rather than
// closures made for every request: this is the hottest code in webts.

function handleNode(
  app: Servable,
  options: NodeOptions,
  req: IncomingMessage,
  res: ServerResponse,
  next: Next | undefined,
): void {
  const mounted = mountPoint(req, req.url ?? '/', options.mount);
  if (mounted === undefined) {
    if (next !== undefined) next();
    else
      void respond(req, res, {
        status: '404 Not Found',
        headers: [['Content-Type', 'text/html']],
        body: 'not found',
      });
    return;
  }
  const [homepath, url] = mounted;
  let origin: Origin;
  try {
    origin = originOf(
      req.socket.remoteAddress,
      req.headers,
      (req.socket as { encrypted?: boolean }).encrypted === true,
    );
  } catch (err) {
    // An invalid web.config.trust_proxy: say so, and answer every request 500 until it is fixed.
    logError(err, 'web.config.trust_proxy');
    refuse(req, res, new InternalError());
    return;
  }
  if (options.log) {
    const started = performance.now();
    const ip = origin.ip;
    res.once('finish', () => logRequest(req, res, url, ip, started));
  }
  if (!hostAllowed(origin.host ?? hostHeader(req.headers))) {
    refuse(req, res, hostRefused());
    return;
  }
  if (url.length > config.max_url_length) {
    refuse(req, res, new URITooLong());
    return;
  }
  const target = splitTarget(url);
  if (target === undefined) {
    refuse(req, res, new HTTPError('400 Bad Request', { 'Content-Type': 'text/html' }, 'bad request'));
    return;
  }
  const [rawPath, rawQuery] = target;
  const path = decodePath(rawPath);
  if (options.static !== false && isStaticPath(path)) {
    serveStatic(req, res, path, options.static).catch((err) => {
      logError(err, `${req.method} ${url}`);
      res.destroy();
    });
    return;
  }
  // A path no route takes, with a `next` to give it to (express, connect): pass it on unanswered.
  if (next !== undefined && !app._takes(path)) {
    next();
    return;
  }
  const where: Where = { homepath, rawPath, rawQuery, path };
  if (!hasBody(req)) {
    begin(app, req, res, origin, where, EMPTY);
    return;
  }
  // Another middleware (express.json(), …) has read the body already: take what it left, or say why not.
  if (req.readableEnded || req.readableDidRead) {
    begin(app, req, res, origin, where, () => bodyReadElsewhere(req));
    return;
  }
  // Refused before anything runs: a declared length that can never be read.
  const declared = Number(req.headers['content-length']);
  if (declared > config.max_body_size || declared > config.max_body_memory) {
    refuse(
      req,
      res,
      new PayloadTooLarge(
        `payload too large: the body is over ${Math.min(config.max_body_size, config.max_body_memory)} bytes`,
      ),
    );
    return;
  }
  // Otherwise the body is read when the handler is about to run (or a processor asks for it).
  begin(app, req, res, origin, where, () =>
    readBody(req, res, {
      limit: config.max_body_size,
      budget: config.max_body_memory,
      timeoutMs: config.body_timeout,
    }),
  );
}

/** Where the request goes: the mount point, and the path below it, raw and decoded. */
interface Where {
  homepath: string;
  rawPath: string;
  rawQuery: string;
  path: string;
}

/**
 * The body another middleware read: a Buffer or string `req.body` (express.raw(), express.text())
 * as it is; a JSON object as JSON; a flat urlencoded object as a form again. Anything else cannot be
 * got back, and is a 500 at once (never a wait for bytes that will not come).
 */
function bodyReadElsewhere(req: IncomingMessage): Promise<Buffer> {
  const parsed = (req as { body?: unknown }).body;
  if (Buffer.isBuffer(parsed)) return Promise.resolve(parsed);
  if (typeof parsed === 'string') return Promise.resolve(Buffer.from(parsed));
  const rawType = req.headers['content-type'];
  const type = typeof rawType === 'string' ? rawType.toLowerCase() : '';
  if (typeof parsed === 'object' && parsed !== null) {
    if (/[/+]json\s*(;|$)/.test(type)) return Promise.resolve(Buffer.from(JSON.stringify(parsed)));
    if (type.startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams();
      let flat = true;
      for (const [name, value] of Object.entries(parsed)) {
        for (const item of Array.isArray(value) ? value : [value]) {
          if (typeof item === 'string') form.append(name, item);
          else flat = false;
        }
      }
      if (flat) return Promise.resolve(Buffer.from(form.toString()));
    }
  }
  logError(
    'app.handler: the request body was already read by another middleware (express.json(), express.urlencoded(), …) ' +
      `and webts cannot get it back (req.body is ${parsed === undefined ? 'undefined' : 'a nested object'}). Mount ` +
      "the webts app before the body parsers (app.use('/py', web.handler) first), or use express.raw(); a Buffer or " +
      'string req.body, a JSON object and a flat urlencoded object are taken as the body.',
    `${req.method} ${req.url}`,
  );
  return Promise.reject(new InternalError());
}

/** The Host header as `ctx.host` reads it: `localhost` when the client sent none. */
function hostHeader(headers: RequestHeaders): string {
  const host = headers.host;
  return typeof host === 'string' && host !== '' ? host : 'localhost';
}

/** What a Host that `web.config.allowed_hosts` does not list gets: 400, and no Location is built from it. */
function hostRefused(): HTTPError {
  return new HTTPError(
    '400 Bad Request',
    { 'Content-Type': 'text/html' },
    'bad request: this server does not answer for that Host (see web.config.allowed_hosts)',
  );
}

function begin(
  app: Servable,
  req: IncomingMessage,
  res: ServerResponse,
  origin: Origin,
  where: Where,
  body: RequestInit['body'],
): void {
  const init: RequestInit = {
    method: req.method ?? 'GET',
    rawPath: where.rawPath,
    rawQuery: where.rawQuery,
    headers: req.headers,
    ip: origin.ip,
    port: req.socket.remotePort,
    https: origin.https,
    httpVersion: req.httpVersion,
    body,
  };
  if (origin.host !== undefined) init.host = origin.host;
  if (where.homepath !== '') init.homepath = where.homepath;
  const environ = (req as { [INJECTED_ENV]?: Record<string, string> })[INJECTED_ENV];
  if (environ !== undefined) init.environ = environ;
  const ctx = new RequestContext(init, where.path);
  runWithContext(ctx, () => {
    const outcome = app.process(ctx);
    const written = isPromise(outcome)
      ? outcome.then((o) => respond(req, res, o))
      : respond(req, res, outcome);
    if (isPromise(written))
      written.catch((err) => streamFailed(err, res, req.method ?? 'GET', req.url ?? '/'));
  });
}

function respond(req: IncomingMessage, res: ServerResponse, outcome: Outcome): void | Promise<void> {
  if (!req.complete && hasBody(req)) {
    // Answered before the whole body arrived (refused by a processor, or a failed read): close the
    // connection after the answer rather than read the rest of the body to find the next request.
    res.shouldKeepAlive = false;
    if (!outcome.headers.some(([name]) => name.toLowerCase() === 'connection'))
      outcome.headers.push(['Connection', 'close']);
  }
  try {
    return writeOutcome(res, outcome);
  } catch (err) {
    // A header the handler set that Node refuses (bad characters), or a malformed status line.
    logError(err, `${req.method} ${req.url ?? '/'}`);
    if (!res.headersSent) {
      writeOutcome(res, {
        status: '500 Internal Server Error',
        headers: [['Content-Type', 'text/html']],
        body: 'internal server error',
      });
    } else res.destroy();
  }
}

/** Answer before the body was read: close the connection rather than parse leftovers as a request. */
function refuse(req: IncomingMessage, res: ServerResponse, error: HTTPError): void {
  res.shouldKeepAlive = false;
  void respond(req, res, {
    status: error.status,
    headers: [...error.headers, ['Connection', 'close']],
    body: error.data,
  });
}

function streamFailed(err: unknown, res: ServerResponse, method: string, url: string): void {
  // The status line is gone already: all that is left is to close the connection without the final
  // chunk, so the client sees a cut-off body. Bytes already written are flushed first.
  logError(err, `${method} ${url} (while streaming the body)`);
  if (!res.headersSent) {
    // It failed before the first byte (a chunk that cannot be turned into text): a plain 500 still fits.
    res.shouldKeepAlive = false;
    writeOutcome(res, {
      status: '500 Internal Server Error',
      headers: [['Content-Type', 'text/html']],
      body: 'internal server error',
    });
  } else if (res.socket && !res.socket.destroyed && typeof res.socket.destroySoon === 'function')
    res.socket.destroySoon();
  else res.destroy();
}
