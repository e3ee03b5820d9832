/**
 * `web.net`: web.py's network helpers — address checks, URL quoting, HTTP dates, HTML quoting.
 * Python's `(address, port)` tuples are `[address, port]` arrays; its naive UTC datetimes are `Date`s.
 */
import { isIPv6 } from 'node:net';
import { pystr } from '../template/python.js';
import { websafe } from '../util/escape.js';

export { websafe };

/** Python's `int(text)`: optional spaces and sign, digits with single `_` between them. */
function pyInt(text: string): number | undefined {
  return /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(text) ? Number(text.replace(/_/g, '')) : undefined;
}

/** web.py `validipaddr(address)`: true for a dotted IPv4 address (`'192.168.1.1'`). */
export function validipaddr(address: string): boolean {
  const octets = String(address).split('.');
  if (octets.length !== 4) return false;
  for (const x of octets) {
    if (x.includes(' ')) return false;
    const n = pyInt(x);
    if (n === undefined || n < 0 || n > 255) return false;
  }
  return true;
}

/** web.py `validip6addr(address)`: true for an IPv6 address (`'::1'`, `'::ffff:1.2.3.4'`; no `%zone`). */
export function validip6addr(address: string): boolean {
  return typeof address === 'string' && !address.includes('%') && isIPv6(address);
}

/** web.py `validipport(port)`: true for a port number 0 to 65535 (a number or its text). */
export function validipport(port: string | number): boolean {
  const n = typeof port === 'number' ? (Number.isInteger(port) ? port : undefined) : pyInt(String(port));
  return n !== undefined && n >= 0 && n <= 65535;
}

/**
 * web.py `validip(ip, defaultaddr='0.0.0.0', defaultport=8080)`: `[address, port]` from `'1.2.3.4'`,
 * `'80'`, `'1.2.3.4:80'`, `'::1'` or `'[::1]:80'`, with the defaults for what is left out. Anything
 * else throws `TypeError('… is not a valid IP address/port')` (Python's ValueError). The defaults can
 * also be given as `{ defaultaddr, defaultport }`.
 */
export function validip(
  ip: string,
  defaultaddr: string | { defaultaddr?: string; defaultport?: number } = '0.0.0.0',
  defaultport = 8080,
): [string, number] {
  const opts = typeof defaultaddr === 'object' ? defaultaddr : { defaultaddr, defaultport };
  const addr = opts.defaultaddr ?? '0.0.0.0';
  const port = opts.defaultport ?? 8080;
  const invalid = () => new TypeError(`${ip} is not a valid IP address/port`);
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(ip);
  if (bracketed) {
    const [, host = '', p] = bracketed;
    if (validip6addr(host)) {
      if (p === undefined) return [host, port];
      if (validipport(p)) return [host, Number(p)];
    }
  } else if (validip6addr(ip)) return [ip, port];

  const colon = ip.indexOf(':');
  if (colon < 0) {
    if (ip === '') return [addr, port];
    if (validipaddr(ip)) return [ip, port];
    if (validipport(ip)) return [addr, pyInt(ip) as number];
    throw invalid();
  }
  const host = ip.slice(0, colon);
  const p = ip.slice(colon + 1);
  if (!validipaddr(host) || !validipport(p)) throw invalid();
  return [host, pyInt(p) as number];
}

/** web.py `validaddr(string_)`: a Unix socket path (anything with a `/`) as it is, else `validip(string_)`. */
export function validaddr(string_: string): string | [string, number] {
  return string_.includes('/') ? string_ : validip(string_);
}

/** Python's `urllib.parse.quote`: everything but letters, digits, `_.-~` and the `safe` characters is %XX (UTF-8). */
export function quote(text: string, safe = '/'): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.\-~]/.test(c) || (byte < 128 && safe.includes(c))) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** web.py `urlquote(val)`: `val`'s text quoted for a URL path (`/` stays); null and undefined give ''. */
export function urlquote(val: unknown): string {
  if (val === null || val === undefined) return '';
  return quote(typeof val === 'string' ? val : pystr(val));
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** web.py `httpdate(date_obj)`: a `Date` as an HTTP header date, `'Thu, 01 Jan 1970 01:01:01 GMT'` (UTC). */
export function httpdate(date_obj: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const d = date_obj;
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCFullYear()).padStart(4, '0')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

// Python's strptime('%a, %d %b %Y %H:%M:%S %Z'): names in any case, one or two digit fields, any
// run of spaces where the format has one, GMT or UTC as the zone.
const HTTP_DATE =
  /^(?:sun|mon|tue|wed|thu|fri|sat),\s+(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s+(\d{4})\s+(2[0-3]|[01]\d|\d):([0-5]\d|\d):([0-5]\d|\d)\s+(?:gmt|utc)$/i;

/**
 * web.py `parsehttpdate(string_)`: the `Date` of an HTTP date (`'Thu, 01 Jan 1970 01:01:01 GMT'`),
 * or undefined when it is not one (a day the month lacks, a wrong format, another zone).
 */
export function parsehttpdate(string_: string): Date | undefined {
  const m = HTTP_DATE.exec(string_);
  if (m === null) return undefined;
  const [, day, mon, year, h, min, s] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const month = MONTHS.findIndex((x) => x.toLowerCase() === mon.toLowerCase());
  const y = Number(year);
  if (y < 1) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(y, month, Number(day));
  d.setUTCHours(Number(h), Number(min), Number(s), 0);
  if (d.getUTCDate() !== Number(day)) return undefined;
  return d;
}

/** web.py `htmlquote(text)`: `& < > ' "` as HTML entities (`&#39;` for the quote). */
export function htmlquote(text: string): string {
  return websafe(text);
}

/** web.py `htmlunquote(text)`: the entities `htmlquote` writes turned back (`&amp;` last). */
export function htmlunquote(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&gt;', '>')
    .replaceAll('&lt;', '<')
    .replaceAll('&amp;', '&');
}
