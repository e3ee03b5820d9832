/** web.py `web.header`: response headers, refused when they could split the response. */
import { requireContext } from '../core/context.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[\r\n\0]/;

/**
 * web.py `web.header(name, value, unique=False)`: add a response header. With `unique`, a header
 * of that name already set wins. CR, LF or NUL in a name or value throws (response splitting).
 */
export function header(name: string, value: unknown, unique = false): void {
  const ctx = requireContext('web.header()');
  const text = String(value);
  if (!TOKEN.test(name) || BAD_VALUE.test(text)) {
    throw new Error(
      `web.header: invalid characters in header ${JSON.stringify(name)}: ${JSON.stringify(text)}`,
    );
  }
  if (unique) {
    const lower = name.toLowerCase();
    if (ctx.headers.some(([n]) => n.toLowerCase() === lower)) return;
  }
  ctx.headers.push([name, text]);
}
