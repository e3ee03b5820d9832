/**
 * Where webts writes what it has to say: uncaught errors (with their stacks) and, under `app.run()`,
 * the access log. One setting, `web.config.log`, decides how:
 *   'webpy' (default)  web.py's lines on stderr
 *   'json'             one JSON object per line on stderr (for log shippers)
 *   false              nothing
 *   a function         called with each entry (a LogEntry), to send them anywhere
 */
import { currentContext, type RequestHeaders, requestId } from './context.js';
import { config } from './storage.js';

/** One thing worth logging: a request answered, or an error nobody caught. */
export type LogEntry = AccessEntry | ErrorEntry;

export interface AccessEntry {
  type: 'access';
  /** When the answer was finished, ISO 8601. */
  time: string;
  ip: string | undefined;
  port: number | undefined;
  method: string;
  /** The decoded path, without the query. */
  path: string;
  /** HTTP version, e.g. `1.1`. */
  http: string;
  /** Status code, e.g. 200, and the status line, e.g. `200 OK`. */
  status: number;
  status_line: string;
  /** Milliseconds from the request's arrival to the last byte of the answer. */
  ms: number;
  request_id: string;
}

export interface ErrorEntry {
  type: 'error';
  time: string;
  /** Where it happened, e.g. `GET /page` or `app.internalerror`; '' when not known. */
  where: string;
  message: string;
  stack: string | undefined;
  /** The request it happened in, when there was one. */
  request_id: string | undefined;
}

/** What `web.config.log` may be. */
export type LogSetting = 'webpy' | 'json' | false | ((entry: LogEntry) => void);

declare module './storage.js' {
  interface Config {
    /** How the access log and uncaught errors are written: 'webpy' (default), 'json', false, or a function. */
    log: LogSetting;
  }
}

// An accessor, so a wrong value is refused where it is assigned, not at the next request.
let current: LogSetting = 'webpy';
Object.defineProperty(config, 'log', {
  enumerable: true,
  get: (): LogSetting => current,
  set(value: unknown) {
    if (value === 'webpy' || value === 'json' || value === false || typeof value === 'function') {
      current = value as LogSetting;
    } else if (value === true || value === undefined || value === null) {
      current = 'webpy';
    } else {
      throw new TypeError(
        `web.config.log must be 'webpy', 'json', false or a function (entry) => void, not ${JSON.stringify(value)}`,
      );
    }
  },
});

/** Hand an entry to a user's log function; a logger that throws must not take the request with it. */
function deliver(fn: (entry: LogEntry) => void, entry: LogEntry): void {
  try {
    fn(entry);
  } catch (err) {
    process.stderr.write(
      `web.config.log threw: ${err instanceof Error ? (err.stack ?? err) : String(err)}\n`,
    );
  }
}

// --- Errors -----------------------------------------------------------------------------------------

const CONTROL = /[\u0000-\u001f\u007f]/g;
const HAS_CONTROL = /[\u0000-\u001f\u007f]/;

/** Log an uncaught error with its stack, and what request it came from. */
export function logError(error: unknown, where?: string): void {
  const how = current;
  if (how === false) return;
  const place = where ? where.replace(CONTROL, escapeControl) : '';
  if (how === 'webpy') {
    const text = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    process.stderr.write(`${place ? `${place}: ` : ''}${text}\n`);
    return;
  }
  const ctx = currentContext();
  const entry: ErrorEntry = {
    type: 'error',
    time: new Date().toISOString(),
    where: place,
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
    request_id: ctx ? requestId(ctx.requestHeaders) : undefined,
  };
  if (how === 'json') process.stderr.write(`${JSON.stringify(entry)}\n`);
  else deliver(how, entry);
}

/** web.py `web.debug(*args)`: print to stderr, return ''. (Not the log: it is the app's own output.) */
export function debug(...args: unknown[]): string {
  process.stderr.write(`${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
  return '';
}

// --- The access log ---------------------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
let stampSecond = -1;
let stamp = '';
let pending: string[] = [];
let flushScheduled = false;

/** `dd/Mon/YYYY HH:MM:SS` in local time, computed once per second. */
function timestamp(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== stampSecond) {
    const d = new Date(now);
    const two = (n: number) => String(n).padStart(2, '0');
    stamp = `${two(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    stampSecond = second;
  }
  return stamp;
}

/** What the server knows about a request it answered. */
export interface Answered {
  ip: string | undefined;
  port: number | undefined;
  httpVersion: string;
  method: string;
  /** Decoded path, no query. */
  path: string;
  statusCode: number;
  statusMessage: string;
  headers: RequestHeaders;
  /** `performance.now()` when the request arrived. */
  started: number;
}

/**
 * One access-log entry. In web.py's format:
 * `127.0.0.1:46932 - - [27/Nov/2026 00:56:23] "HTTP/1.1 GET /" - 200 OK`.
 * Lines are batched and written once per event-loop turn, so logging costs one write, not one per request.
 */
export function logAccess(a: Answered): void {
  const how = current;
  if (how === false) return;
  // The path is decoded, so `%0A` would start a forged log line: control characters are escaped.
  const path = HAS_CONTROL.test(a.path) ? a.path.replace(CONTROL, escapeControl) : a.path;
  const status = `${a.statusCode} ${a.statusMessage}`;
  if (how === 'webpy') {
    queue(
      `${a.ip ?? '-'}:${a.port ?? '-'} - - [${timestamp()}] "HTTP/${a.httpVersion} ${a.method} ${path}" - ${status}\n`,
    );
    return;
  }
  const entry: AccessEntry = {
    type: 'access',
    time: new Date().toISOString(),
    ip: a.ip,
    port: a.port,
    method: a.method,
    path,
    http: a.httpVersion,
    status: a.statusCode,
    status_line: status,
    ms: Math.round((performance.now() - a.started) * 1000) / 1000,
    request_id: requestId(a.headers),
  };
  if (how === 'json') queue(`${JSON.stringify(entry)}\n`);
  else deliver(how, entry);
}

function queue(line: string): void {
  pending.push(line);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushAccessLog);
  }
}

function escapeControl(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** Write out batched access-log lines now. */
export function flushAccessLog(): void {
  flushScheduled = false;
  if (pending.length === 0) return;
  const text = pending.join('');
  pending = [];
  process.stderr.write(text);
}
