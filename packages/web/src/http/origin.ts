/**
 * Where a request came from: the client address, scheme and host, from the socket (web.py's way)
 * or, when the peer is a proxy listed in `web.config.trust_proxy`, from its X-Forwarded-* headers;
 * and whether that host is one `web.config.allowed_hosts` accepts.
 */
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { type Config, config } from '../core/config.js';
import type { RequestHeaders } from '../core/context.js';

/** The client as the application sees it. `host` is undefined when the Host header stands. */
export interface Origin {
  ip: string | undefined;
  https: boolean;
  host: string | undefined;
}

let compiledFrom: string | undefined;
let compiled: ((address: string, hop: number) => boolean) | undefined;

/** The trust function for the current setting, or undefined when no proxy is trusted (the default). */
function trustFunction(): ((address: string, hop: number) => boolean) | undefined {
  const setting = config.trust_proxy as Config['trust_proxy'] | null;
  if (setting === undefined || setting === null || setting === false || setting === '') return undefined;
  if (typeof setting === 'function') return setting;
  if (typeof setting !== 'string' && !Array.isArray(setting)) {
    throw new TypeError(
      `web.config.trust_proxy must be a list of addresses, CIDR ranges or 'loopback'/'linklocal'/'uniquelocal' ` +
        `(e.g. ['loopback', '10.0.0.0/8']), not ${JSON.stringify(setting)}`,
    );
  }
  const list = typeof setting === 'string' ? setting.split(',').map((s) => s.trim()) : [...setting];
  if (list.length === 0) return undefined;
  // Compiled once per setting (compared by value, so an array edited in place is seen too).
  const key = list.join(',');
  if (key !== compiledFrom) {
    compiled = proxyaddr.compile(list);
    compiledFrom = key;
  }
  return compiled;
}

/** The first value of a header that proxies append to (`https, http` → `https`). */
function firstValue(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined) return undefined;
  const comma = text.indexOf(',');
  const value = (comma === -1 ? text : text.slice(0, comma)).trim();
  return value === '' ? undefined : value;
}

/**
 * The request's origin. Only when the socket's peer is trusted: the client address is the nearest
 * untrusted one in X-Forwarded-For (proxy-addr's rule), the scheme X-Forwarded-Proto (`http` or
 * `https`, anything else ignored), the host X-Forwarded-Host. Throws for an invalid trust_proxy.
 */
export function originOf(peer: string | undefined, headers: RequestHeaders, encrypted: boolean): Origin {
  const trust = trustFunction();
  if (trust === undefined || peer === undefined || !trust(peer, 0))
    return { ip: peer, https: encrypted, host: undefined };
  const proto = firstValue(headers['x-forwarded-proto'])?.toLowerCase();
  // proxy-addr reads only these two fields of the request.
  const req = { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
  return {
    ip: proxyaddr(req, trust),
    https: proto === 'https' ? true : proto === 'http' ? false : encrypted,
    host: firstValue(headers['x-forwarded-host']),
  };
}

/** `host[:port]` with host a name or a bracketed IPv6 address, as Django's validation reads it. */
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i;

/**
 * Whether `host` (a Host header value, port allowed) is accepted by `web.config.allowed_hosts`:
 * always when the setting is unset (web.py); else it must be well-formed and match an entry —
 * `example.com` exactly, `.example.com` that domain and every subdomain, `*` anything well-formed.
 */
export function hostAllowed(host: string): boolean {
  const allowed = config.allowed_hosts as readonly string[] | string | undefined | null;
  if (allowed === undefined || allowed === null) return true;
  const list = typeof allowed === 'string' ? [allowed] : allowed;
  const m = HOST.exec(host);
  if (m === null) return false;
  let name = (m[1] as string).toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  for (const entry of list) {
    const pattern = entry.toLowerCase();
    if (pattern === '*') return true;
    if (pattern.startsWith('.') ? name === pattern.slice(1) || name.endsWith(pattern) : name === pattern)
      return true;
  }
  return false;
}
