/**
 * `app.request()`: one request through the same node handler a socket reaches, on in-memory
 * request and response objects (light-my-request, fastify's `inject`). What it answers is what the
 * wire would carry: the same limits, the same status line and headers, no body for HEAD, 204 or 304.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import inject from 'light-my-request';
import type { RequestHeaders } from '../core/context.js';
import { INJECTED_ENV, type NodeHandler } from './node-handler.js';

/** Response of the in-process test client (web.py's `app.request`). */
export interface TestResponse {
  /** Status line, e.g. `200 OK`. */
  status: string;
  statusCode: number;
  /** Headers by name, any case (`headers['Location']` or `headers.location`); repeated ones joined by ', '. */
  headers: Record<string, string>;
  /** Headers as sent, in order (repeated Set-Cookie stay separate). */
  header_items: [string, string][];
  /** The body as text (UTF-8). */
  data: string;
  /** The body as bytes. */
  body: Buffer;
}

/** Options of `app.request(path, options)`. */
export interface RequestOptions {
  method?: string;
  /** A body: text, bytes, or an object sent as a urlencoded form (for GET, as the query string). */
  data?:
    | string
    | Uint8Array
    | Record<string, string | number | boolean | readonly (string | number | boolean)[]>;
  headers?: Record<string, string | string[]>;
  /** Host header; default `0.0.0.0:8080` as in web.py. */
  host?: string;
  https?: boolean;
  /** Client address seen as `ctx.ip`. */
  ip?: string;
  /**
   * web.py's `env=`: WSGI-style variables for this request. `HTTP_*` become request headers,
   * `REMOTE_ADDR` is `ctx.ip`, `HTTPS: 'on'` makes it https, `SCRIPT_NAME` is `ctx.homepath`;
   * every entry is also in `ctx.env`.
   */
  env?: Record<string, string>;
}

/** What the in-memory request is built from, once `options` are worked out. */
interface Prepared {
  method: string;
  url: string;
  headers: RequestHeaders;
  body: Buffer | undefined;
  ip: string | undefined;
  https: boolean;
  /** `SCRIPT_NAME`: where the app is mounted, as express's `req.baseUrl` says it. */
  mount: string | undefined;
  /** `env` entries that are not headers, for `ctx.env`. */
  environ: Record<string, string> | undefined;
}

/** Run one request through `handler` (an app's node handler) without a socket. */
export async function injectRequest(
  handler: NodeHandler,
  target: string,
  options: RequestOptions,
): Promise<TestResponse> {
  const prepared = prepare(target, options);
  const dispatch = (req: IncomingMessage, res: ServerResponse) => {
    // light-my-request normalises the URL (dot segments, backslashes) and upper-cases the method; a
    // test of app.request sends what it wrote, as a raw client would.
    req.url = prepared.url;
    req.method = prepared.method;
    req.headers = prepared.headers as IncomingMessage['headers'];
    const socket = req.socket as { remoteAddress?: string | undefined; encrypted?: boolean };
    socket.remoteAddress = prepared.ip;
    if (prepared.https) socket.encrypted = true;
    if (prepared.mount !== undefined) (req as { baseUrl?: string }).baseUrl = prepared.mount;
    if (prepared.environ !== undefined)
      (req as { [INJECTED_ENV]?: Record<string, string> })[INJECTED_ENV] = prepared.environ;
    // Node's parser sets `complete` when the body has arrived; the in-memory request does not.
    req.once('end', () => {
      (req as { complete: boolean }).complete = true;
    });
    // The header lines as the handler writes them. (The in-memory response stores headers by name,
    // which would fold a repeated header, two Set-Cookie lines, into one.)
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      const lines = args.find((arg) => Array.isArray(arg));
      if (Array.isArray(lines))
        for (let i = 0; i + 1 < lines.length; i += 2) written.push([String(lines[i]), String(lines[i + 1])]);
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['writeHead'];
    handler(req, res);
  };
  const written: [string, string][] = [];
  let response: inject.Response;
  try {
    response = await inject(dispatch, {
      url: '/',
      method: prepared.method as inject.InjectOptions['method'],
      validate: false,
      ...(prepared.body === undefined ? {} : { payload: prepared.body }),
    });
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === 'LIGHT_ECONNRESET')
      throw new Error(
        `app.request(${JSON.stringify(target)}): the response was cut off after its status line, as a ` +
          'socket would be (the handler failed while streaming the body; the error is logged above)',
      );
    throw err;
  }
  return toTestResponse(response, written, prepared.method);
}

function prepare(target: string, options: RequestOptions): Prepared {
  const env = options.env ?? {};
  const method = options.method ?? 'GET';
  const headers: RequestHeaders = Object.create(null);
  const environ: Record<string, string> = {};
  let hasEnviron = false;
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('HTTP_')) headers[key.slice(5).replace(/_/g, '-').toLowerCase()] = value;
    else if (key === 'CONTENT_TYPE' || key === 'CONTENT_LENGTH')
      headers[key.replace('_', '-').toLowerCase()] = value;
    else {
      environ[key] = value;
      hasEnviron = true;
    }
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  headers.host = options.host ?? headers.host ?? '0.0.0.0:8080';
  let url = target;
  let body: Buffer | undefined;
  const { data } = options;
  if (typeof data === 'string') body = Buffer.from(data);
  else if (data instanceof Uint8Array) body = Buffer.from(data);
  else if (data !== undefined) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(data)) {
      for (const item of Array.isArray(v) ? v : [v]) form.append(k, String(item));
    }
    if (method === 'GET' || method === 'HEAD') {
      const hash = url.indexOf('#');
      const [before, after] = hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
      url = `${before}${before.includes('?') ? (before.endsWith('?') ? '' : '&') : '?'}${form}${after}`;
    } else {
      body = Buffer.from(String(form));
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
  }
  if (body !== undefined && body.length === 0) body = undefined;
  if (body !== undefined) headers['content-length'] ??= String(body.length);
  const https = options.https ?? (env.HTTPS !== undefined ? /^(on|1|true)$/i.test(env.HTTPS) : false);
  const scriptName = env.SCRIPT_NAME;
  return {
    method,
    url,
    headers,
    body,
    ip: options.ip ?? env.REMOTE_ADDR,
    https,
    mount: scriptName === undefined || scriptName === '' ? undefined : scriptName,
    environ: hasEnviron ? environ : undefined,
  };
}

/** Node sends no body for these, whatever the handler wrote. */
function bodiless(method: string, code: number): boolean {
  return method === 'HEAD' || code === 204 || code === 304 || code < 200;
}

function toTestResponse(
  response: inject.Response,
  header_items: [string, string][],
  method: string,
): TestResponse {
  const byName: Record<string, string> = Object.create(null);
  for (const [name, value] of header_items) {
    const key = name.toLowerCase();
    byName[key] = byName[key] === undefined ? value : `${byName[key]}, ${value}`;
  }
  // Case-insensitive lookups, so ported tests can write headers['Content-Type'].
  const headers = new Proxy(byName, {
    get: (target, key) => (typeof key === 'string' ? target[key.toLowerCase()] : undefined),
    has: (target, key) => typeof key === 'string' && key.toLowerCase() in target,
  });
  const { statusCode, statusMessage } = response;
  const body = bodiless(method, statusCode) ? Buffer.alloc(0) : response.rawPayload;
  return {
    status: statusMessage === '' ? String(statusCode) : `${statusCode} ${statusMessage}`,
    statusCode,
    headers,
    header_items,
    data: body.toString('utf8'),
    body,
  };
}
