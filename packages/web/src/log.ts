/**
 * Where webts writes what it has to say: uncaught errors (with their stacks) and, under
 * `app.run()`, the access log. Both go to stderr, as web.py's do.
 */

/** Log an uncaught error with its stack, and what request it came from. */
export function logError(error: unknown, where?: string): void {
  const text = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  const place = where ? `${where.replace(/[\u0000-\u001f\u007f]/g, escapeControl)}: ` : '';
  process.stderr.write(`${place}${text}\n`);
}

/** web.py `web.debug(*args)`: print to stderr, return ''. */
export function debug(...args: unknown[]): string {
  process.stderr.write(`${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
  return '';
}

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

/**
 * One access-log line in web.py's format:
 * `127.0.0.1:46932 - - [27/Nov/2026 00:56:23] "HTTP/1.1 GET /" - 200 OK`.
 * Lines are batched and written once per event-loop turn, so logging costs one write, not one per request.
 */
export function logAccess(
  ip: string | undefined,
  port: number | undefined,
  httpVersion: string,
  method: string,
  path: string,
  status: string,
): void {
  // The path is decoded, so `%0A` would start a forged log line: control characters are escaped.
  const shown = /[\u0000-\u001f\u007f]/.test(path)
    ? path.replace(/[\u0000-\u001f\u007f]/g, escapeControl)
    : path;
  pending.push(
    `${ip ?? '-'}:${port ?? '-'} - - [${timestamp()}] "HTTP/${httpVersion} ${method} ${shown}" - ${status}\n`,
  );
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
