import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApplicationImpl } from './application.js';
import { EXPECTS_CONTINUE, hasBody, readBody } from './body.js';
import { RequestContext, type RequestHeaders, type RequestInit, runWithContext } from './context.js';
import { isDevChild, supervise, takeConnections } from './dev.js';
import { HTTPError, InternalError, PayloadTooLarge, URITooLong } from './http-errors.js';
import { flushAccessLog, logAccess, logError } from './log.js';
import { isPromise } from './maybe-promise.js';
import { hostAllowed, type Origin, originOf } from './origin.js';
import { type Outcome, writeOutcome } from './response.js';
import { isStaticPath, serveStatic } from './static.js';
import { config } from './storage.js';

/** How `listen()` serves: static files from a folder, and an access log. */
export interface ServeOptions {
  /** Serve `/static/…` from this folder (default `./static`, relative to the working directory); false to turn off. */
  static?: string | false;
  /** Write web.py's access log line per request to stderr (default: on for `run()`, off for `listen()`). */
  log?: boolean;
}

const EMPTY = Buffer.alloc(0);

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The value of a hex digit's character code, or -1. */
function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/**
 * Decode a path the way web.py behind its server (cheroot) does: percent-escapes decoded once, an
 * encoded slash kept as `%2F` (it never splits a segment), an invalid escape (`%zz`) kept as
 * written, and the bytes read as UTF-8 — or, when they are not valid UTF-8, the whole path as
 * Latin-1 (web.py's fallback), never U+FFFD. Characters outside ASCII (only `app.request` can pass
 * them; Node refuses them on the wire) count as their UTF-8 bytes. Never throws.
 */
export function decodePath(raw: string): string {
  if (!raw.includes('%')) return raw;
  const bytes = Buffer.allocUnsafe(raw.length * 3);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x25) {
      const high = hexDigit(raw.charCodeAt(i + 1));
      const low = high === -1 ? -1 : hexDigit(raw.charCodeAt(i + 2));
      if (low === -1) bytes[n++] = code;
      else {
        const byte = high * 16 + low;
        if (byte === 0x2f) n += bytes.write('%2F', n, 'latin1');
        else bytes[n++] = byte;
        i += 2;
      }
    } else if (code < 0x80) bytes[n++] = code;
    else {
      const end = code >= 0xd800 && code <= 0xdbff ? i + 2 : i + 1;
      n += bytes.write(raw.slice(i, end), n, 'utf8');
      i = end - 1;
    }
  }
  const view = bytes.subarray(0, n);
  try {
    return UTF8.decode(view);
  } catch {
    return view.toString('latin1');
  }
}

/** Split a request target into path and query; absolute-form (`http://host/p`) is accepted. */
function splitTarget(url: string): [string, string] | undefined {
  let target = url;
  if (target[0] !== '/') {
    const m = /^https?:\/\/[^/?#]*(.*)$/i.exec(target);
    if (!m) return undefined;
    target = m[1] || '/';
  }
  const hash = target.indexOf('#');
  if (hash !== -1) target = target.slice(0, hash);
  const q = target.indexOf('?');
  return q === -1 ? [target, ''] : [target.slice(0, q), target.slice(q + 1)];
}

type NodeOptions = {
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
export function makeNodeHandler(app: ApplicationImpl, options: NodeOptions): NodeHandler {
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
  app: ApplicationImpl,
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

function logRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  ip: string | undefined,
  started: number,
): void {
  logAccess({
    ip,
    port: req.socket.remotePort,
    httpVersion: req.httpVersion,
    method: req.method ?? 'GET',
    path: decodePath(url.split('?')[0] ?? url),
    statusCode: res.statusCode,
    statusMessage: res.statusMessage ?? '',
    headers: req.headers,
    started,
  });
}

function begin(
  app: ApplicationImpl,
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

/**
 * A Node server for `app`. It answers `Expect: 100-continue` itself: the `100 Continue` is sent only
 * when the body is about to be read, so a request a processor refuses is answered before the client
 * sends its body at all (Node would send it at once).
 */
function createAppServer(app: ApplicationImpl, options: NodeOptions): Server {
  const handler = makeNodeHandler(app, options);
  const server = createServer(handler);
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    (req as { [EXPECTS_CONTINUE]?: boolean })[EXPECTS_CONTINUE] = true;
    handler(req, res);
  });
  return server;
}

/** Listen on `port`/`host`; resolves when the server is accepting connections. */
export function listen(
  app: ApplicationImpl,
  port: number,
  host: string,
  options: ServeOptions = {},
): Promise<Server> {
  const server = createAppServer(app, { static: options.static ?? 'static', log: options.log ?? false });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Where `app.run()` listens, from argv like web.py: `8081`, `127.0.0.1`, `127.0.0.1:9000`;
 * env `PORT` wins; default `0.0.0.0:8080`.
 */
export function parseAddress(
  arg: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { host: string; port: number } {
  if (env.PORT) return { host: '0.0.0.0', port: toPort(env.PORT) };
  if (!arg) return { host: '0.0.0.0', port: 8080 };
  if (/^\d+$/.test(arg)) return { host: '0.0.0.0', port: toPort(arg) };
  const colon = arg.lastIndexOf(':');
  if (colon === -1) return { host: arg, port: 8080 };
  return { host: arg.slice(0, colon).replace(/^\[|\]$/g, ''), port: toPort(arg.slice(colon + 1)) };
}

function toPort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`not a port number: ${JSON.stringify(text)}`);
  return port;
}

/**
 * The address cannot be had (taken by another server, or a port below 1024 without the right): one line
 * that says so and how to choose another, then exit 1, instead of a stack from deep inside Node.
 */
function exitOnPortTrouble(err: unknown, host: string, port: number): never {
  const code = (err as { code?: unknown } | null)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const other = port === 8080 ? 8081 : 8080;
  if (code === 'EADDRINUSE')
    process.stderr.write(
      `webts: ${where} is already in use by another program. Pick another port: node ${scriptName()} ${other} (or PORT=${other}).\n`,
    );
  else if (code === 'EACCES')
    process.stderr.write(
      `webts: no permission to listen on ${where} (ports below 1024 need privileges). Pick another port: node ${scriptName()} ${other}.\n`,
    );
  else if (code === 'EADDRNOTAVAIL')
    process.stderr.write(`webts: ${host} is not an address of this machine. Try 127.0.0.1 or 0.0.0.0.\n`);
  else throw err;
  process.exit(1);
}

function scriptName(): string {
  const script = process.argv[1] ?? 'app.js';
  return script.split(/[\\/]/).pop() ?? script;
}

/**
 * `app.run()`: listen where argv says, print the address, log requests, stop cleanly on SIGINT/SIGTERM.
 * With `web.config.debug` it runs under the dev reloader (dev.ts), as web.py's debug mode does: this process
 * supervises and never resolves, the app serves from a child process that is restarted on every change.
 */
export async function run(app: ApplicationImpl): Promise<Server> {
  const { host, port } = parseAddress(process.argv[2]);
  let server: Server;
  if (isDevChild()) {
    server = createAppServer(app, { static: 'static', log: true });
    takeConnections(server);
  } else if (config.debug && process.env.WEBTS_RELOAD !== '0' && process.argv[1] !== undefined) {
    const stopDev = await supervise({
      script: process.argv[1],
      args: process.argv.slice(2),
      execArgv: process.execArgv,
      host,
      port,
    }).catch((err: unknown) => exitOnPortTrouble(err, host, port));
    const quit = () => void stopDev().then(() => process.exit(0));
    process.once('SIGINT', quit);
    process.once('SIGTERM', quit);
    return new Promise<never>(() => {});
  } else {
    server = await listen(app, port, host, { log: true }).catch((err: unknown) =>
      exitOnPortTrouble(err, host, port),
    );
    const address = server.address();
    const shownPort = typeof address === 'object' && address ? address.port : port;
    process.stdout.write(`http://${host.includes(':') ? `[${host}]` : host}:${shownPort}/\n`);
  }
  const stop = (signal: string) => {
    process.stderr.write(`${signal}: shutting down\n`);
    server.close(() => {
      flushAccessLog();
      process.exit(0);
    });
    server.closeIdleConnections();
    // Requests still running get a few seconds to finish, then their connections are cut.
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, 5000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return server;
}
