/**
 * The access log: one line per answered request, in web.py's format or as JSON, as `web.config.log`
 * says (errors/log.ts holds the setting).
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHeaders } from '../core/context.js';
import { requestId } from '../core/context.js';
import { type AccessEntry, CONTROL, deliver, escapeControl, logSetting } from '../core/log.js';
import { decodePath } from './request-target.js';

const HAS_CONTROL = /[\u0000-\u001f\u007f]/;
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
  const how = logSetting();
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

/** Write out batched access-log lines now. */
export function flushAccessLog(): void {
  flushScheduled = false;
  if (pending.length === 0) return;
  const text = pending.join('');
  pending = [];
  process.stderr.write(text);
}

/** Log a request `res` answered: `url` as sent, `ip` as the app saw it, `started` by `performance.now()`. */
export function logRequest(
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
