import type { Server } from 'node:http';
import { request as httpRequestRaw } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

/** Something that can listen like a webts application. */
interface Listener {
  listen(port: number, host: string, options?: { static?: string | false; log?: boolean }): Promise<Server>;
}

/** A running test server on 127.0.0.1 and an ephemeral port. */
export interface Running {
  server: Server;
  port: number;
  /** `http://127.0.0.1:PORT` */
  base: string;
  close(): Promise<void>;
}

/** Start `app` on 127.0.0.1, port 0; `close()` when done (idle keep-alive sockets are dropped). */
export async function serve(
  app: Listener,
  options: { static?: string | false; log?: boolean } = { static: false },
): Promise<Running> {
  const server = await app.listen(0, '127.0.0.1', options);
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Start a server, run `fn` with it, always close it. */
export async function withServer<T>(
  app: Listener,
  fn: (running: Running) => Promise<T>,
  options?: { static?: string | false; log?: boolean },
): Promise<T> {
  const running = await serve(app, options);
  try {
    return await fn(running);
  } finally {
    await running.close();
  }
}

/** The parsed head and body of a raw HTTP response. */
export interface RawResponse {
  /** Everything the server sent, as latin-1 text (byte-exact). */
  raw: string;
  statusLine: string;
  statusCode: number;
  /** Header lines as sent. */
  headerLines: string[];
  body: string;
  /** Who ended the exchange: the server closed the connection, or `idleMs` passed without data. */
  endedBy: 'server' | 'idle';
}

/**
 * Send `request` bytes as they are over a node:net socket and collect the reply until the server
 * closes or `idleMs` pass without data. For requests no HTTP client would send.
 */
export function rawRequest(
  port: number,
  request: string | Buffer,
  options: { idleMs?: number; endAfterWrite?: boolean } = {},
): Promise<RawResponse> {
  const idleMs = options.idleMs ?? 1500;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = (endedBy: RawResponse['endedBy']) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseRaw(Buffer.concat(chunks).toString('latin1')), endedBy });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish('idle'), idleMs);
    };
    socket.on('connect', () => {
      socket.write(request);
      if (options.endAfterWrite) socket.end();
      arm();
    });
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      arm();
    });
    socket.on('end', () => finish('server'));
    socket.on('close', () => finish('server'));
    socket.on('error', (err) => {
      clearTimeout(timer);
      if (chunks.length > 0) finish('server');
      else reject(err);
    });
  });
}

function parseRaw(raw: string): Omit<RawResponse, 'endedBy'> {
  const headEnd = raw.indexOf('\r\n\r\n');
  const head = headEnd === -1 ? raw : raw.slice(0, headEnd);
  const lines = head.split('\r\n');
  const statusLine = lines[0] ?? '';
  return {
    raw,
    statusLine,
    statusCode: Number.parseInt(statusLine.split(' ')[1] ?? '0', 10),
    headerLines: lines.slice(1),
    body: headEnd === -1 ? '' : raw.slice(headEnd + 4),
  };
}

/** One response, the same shape whether it came from `app.request` or a real socket. */
export interface Simple {
  via: 'app.request' | 'server';
  statusCode: number;
  /** Status line without the HTTP version, e.g. `404 Not Found`. */
  status: string;
  /** Header by name, any case; repeated headers joined with ', '. */
  header(name: string): string | undefined;
  /** Header pairs in order (Set-Cookie kept apart). */
  headerList: [string, string][];
  body: string;
}

/** What `both()` sends. */
export interface SimpleRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  ip?: string;
}

interface Requestable extends Listener {
  request(
    path: string,
    options: { method?: string; data?: string | Uint8Array; headers?: Record<string, string>; ip?: string },
  ): Promise<{ status: string; statusCode: number; header_items: [string, string][]; data: string }>;
}

/** Send one request over HTTP/1.1 with node:http (no redirects followed, any Host header allowed). */
export function httpRequest(port: number, path: string, options: SimpleRequest = {}): Promise<Simple> {
  return new Promise((resolve, reject) => {
    const req = httpRequestRaw(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const list: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            list.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
          resolve(
            simple('server', res.statusCode ?? 0, `${res.statusCode} ${res.statusMessage}`, list, chunks),
          );
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function simple(
  via: Simple['via'],
  statusCode: number,
  status: string,
  headerList: [string, string][],
  chunks: Buffer[] | string,
): Simple {
  return {
    via,
    statusCode,
    status,
    headerList,
    header(name) {
      const values = headerList.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
      return values.length === 0 ? undefined : values.join(', ');
    },
    body: typeof chunks === 'string' ? chunks : Buffer.concat(chunks).toString('utf8'),
  };
}

/**
 * The same request through `app.request` and through a real server on an ephemeral port,
 * so one assertion checks both paths. The Host header defaults to `0.0.0.0:8080` on both.
 */
export async function both(app: Requestable, path: string, options: SimpleRequest = {}): Promise<Simple[]> {
  const headers = { host: '0.0.0.0:8080', ...(options.headers ?? {}) };
  const inproc = await app.request(path, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined ? {} : { data: options.body }),
    ...(options.ip === undefined ? {} : { ip: options.ip }),
  });
  const viaApp = simple('app.request', inproc.statusCode, inproc.status, inproc.header_items, inproc.data);
  const viaServer = await withServer(app, ({ port }) => httpRequest(port, path, { ...options, headers }));
  return [viaApp, viaServer];
}
