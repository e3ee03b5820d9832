/**
 * web.py's `web.form.AttributeList` and `attrget`: the attribute bag an input renders, and the lookup
 * `Form.validates` uses to read a field from a dict-like or an object.
 */
import { checkAttrName, renderAttrs } from './html.js';

/** web.py `AttributeList`: attributes as own properties; `String(attrs)` is `k="v"` pairs sorted by name. */
export class AttributeList {
  [name: string]: unknown;

  constructor(attrs: Readonly<Record<string, unknown>> = {}) {
    for (const [name, value] of Object.entries(attrs)) this[name] = value;
  }

  /** A shallow copy, as web.py's `attrs.copy()`. */
  copy(): AttributeList {
    return new AttributeList({ ...this });
  }

  toString(): string {
    for (const name of Object.keys(this)) checkAttrName(name);
    return renderAttrs({ ...this });
  }
}

/**
 * web.py `attrget(obj, attr, value=None)`: `obj[attr]` when a Map or object holds it (own properties, or a
 * class's getters and methods; never Object.prototype's), else `value`.
 */
export function attrget(obj: unknown, attr: string, value?: unknown): unknown {
  if (obj instanceof Map) return obj.has(attr) ? obj.get(attr) : value;
  if (obj === null || typeof obj !== 'object') return value;
  if (Object.hasOwn(obj, attr)) return (obj as Record<string, unknown>)[attr];
  if (attr in obj && !(attr in Object.prototype)) return (obj as Record<string, unknown>)[attr];
  return value;
}
