/**
 * Where webts writes what it has to say: uncaught errors (with their stacks) and, under `app.run()`,
 * the access log. One setting, `web.config.log`, decides how:
 *   'webpy' (default)  web.py's lines on stderr
 *   'json'             one JSON object per line on stderr (for log shippers)
 *   false              nothing
 *   a function         called with each entry (a LogEntry), to send them anywhere
 */

import { config } from './config.js';
import { currentContext, requestId } from './context.js';

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

declare module './config.js' {
  interface Config {
    /** How the access log and uncaught errors are written: 'webpy' (default), 'json', false, or a function. */
    log: LogSetting;
  }
}

/** The current `web.config.log` setting. */
export function logSetting(): LogSetting {
  return current;
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
export function deliver(fn: (entry: LogEntry) => void, entry: LogEntry): void {
  try {
    fn(entry);
  } catch (err) {
    process.stderr.write(
      `web.config.log threw: ${err instanceof Error ? (err.stack ?? err) : String(err)}\n`,
    );
  }
}

// --- Errors -----------------------------------------------------------------------------------------

/** Control characters, escaped wherever a log line quotes request text. */
export const CONTROL = /[\u0000-\u001f\u007f]/g;

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

/** `\x0a` for a control character, so a decoded path or a place cannot forge a log line. */
export function escapeControl(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}
