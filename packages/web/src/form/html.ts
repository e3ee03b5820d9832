/**
 * Escaping and attribute rendering shared by every form control. Kept apart from the controls so
 * the one place that decides what reaches the page raw can be read (and audited) on its own.
 */
import { websafe as escapeHtml } from '../util/escape.js';

/** Text of a value as web.py's `safestr` would print it; objects that are not arrays print nothing. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return value.map(text).join(',');
  return '';
}

/** web.py `net.websafe` on a form value: its `text()` with `& < > " '` turned into entities. */
export function websafe(value: unknown): string {
  return escapeHtml(text(value));
}

/** Attribute names a browser reads as one name; anything else could open a new attribute or tag. */
const ATTR_NAME = /^[^\s"'<>/=\p{Cc}]+$/u;

/** Throws when `name` cannot be written as an HTML attribute name. */
export function checkAttrName(name: string): void {
  if (!ATTR_NAME.test(name)) {
    throw new TypeError(`form: ${JSON.stringify(name)} is not a usable HTML attribute name`);
  }
}

/**
 * web.py `AttributeList.__str__`: `k="v"` pairs sorted by name, values escaped. `undefined` and
 * `false` leave the attribute out, `true` repeats its name (`required="required"`), null gives `""`.
 */
export function renderAttrs(attrs: Readonly<Record<string, unknown>>): string {
  const out: string[] = [];
  for (const name of Object.keys(attrs).sort()) {
    const value = attrs[name];
    if (value === undefined || value === false) continue;
    out.push(`${name}="${websafe(value === true ? name : value)}"`);
  }
  return out.join(' ');
}

/** Python's `bool(value)`: empty strings, arrays and objects, 0, null and false are false. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'boolean') return value;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.keys(value).length > 0;
  }
  return true;
}

/** A copy of arrays and plain objects all the way down; anything else is shared (as deepcopy of strings). */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: deepCopy(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out as T;
  }
  return value;
}
