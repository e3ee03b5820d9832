/** The request target as web.py's server reads it: split into path and query, the path decoded. */

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
export function splitTarget(url: string): [string, string] | undefined {
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
