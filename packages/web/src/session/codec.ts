/**
 * Session data is stored as JSON, never as code: strings, numbers, booleans, null, arrays and plain
 * objects as they are, plus Date, Map, Set, BigInt, undefined and non-finite numbers as small tagged
 * objects `{"$": tag, "v": value}`. A plain object that itself has a `$` key is wrapped, so no
 * stored value can pose as a tag. Decoding builds objects with own properties only: a `__proto__`
 * key stays an ordinary key.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MAX_DEPTH = 200;

/** Encode a session value as JSON text; throws a TypeError naming the first value that is not data. */
export function encode(value: unknown): string {
  return JSON.stringify(toJson(value, '', 0));
}

/** Decode JSON text made by `encode`; throws on anything malformed. */
export function decode(text: string): unknown {
  return fromJson(JSON.parse(text) as Json, 0);
}

function toJson(value: unknown, path: string, depth: number): Json {
  if (depth > MAX_DEPTH) throw new TypeError('session data is nested too deeply (or has a cycle)');
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : { $: 'n', v: String(value) };
    case 'bigint':
      return { $: 'b', v: value.toString() };
    case 'undefined':
      return { $: 'u' };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((item, i) => toJson(item, `${path}[${i}]`, depth + 1));
      if (value instanceof Date) return { $: 'd', v: value.getTime() };
      if (value instanceof Map) {
        return {
          $: 'm',
          v: [...value].map(([k, v], i) => [
            toJson(k, `${path}<key ${i}>`, depth + 1),
            toJson(v, `${path}<${i}>`, depth + 1),
          ]),
        };
      }
      if (value instanceof Set)
        return { $: 's', v: [...value].map((v, i) => toJson(v, `${path}<${i}>`, depth + 1)) };
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) break;
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(value)) {
        Object.defineProperty(out, key, {
          value: toJson((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return Object.hasOwn(out, '$') ? { $: 'o', v: out } : out;
    }
    default:
      break;
  }
  const kind = typeof value === 'object' ? (value as object).constructor?.name : typeof value;
  throw new TypeError(
    `session values must be data (strings, numbers, booleans, null, arrays, plain objects, Date, Map, Set, BigInt); ${path || 'the value'} is a ${kind}`,
  );
}

function fromJson(value: Json, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new TypeError('stored session is nested too deeply');
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => fromJson(item, depth + 1));
  if (Object.hasOwn(value, '$')) {
    const v = value.v;
    switch (value.$) {
      case 'n':
        return Number(v);
      case 'b':
        if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new TypeError('bad BigInt in stored session');
        return BigInt(v);
      case 'u':
        return undefined;
      case 'd':
        if (typeof v !== 'number') throw new TypeError('bad Date in stored session');
        return new Date(v);
      case 'm':
        if (!Array.isArray(v)) throw new TypeError('bad Map in stored session');
        return new Map(
          v.map((pair) => {
            if (!Array.isArray(pair) || pair.length !== 2)
              throw new TypeError('bad Map entry in stored session');
            return [fromJson(pair[0] as Json, depth + 1), fromJson(pair[1] as Json, depth + 1)];
          }),
        );
      case 's':
        if (!Array.isArray(v)) throw new TypeError('bad Set in stored session');
        return new Set(v.map((item) => fromJson(item, depth + 1)));
      case 'o':
        if (v === null || typeof v !== 'object' || Array.isArray(v))
          throw new TypeError('bad object in stored session');
        return plainObject(v, depth);
      default:
        throw new TypeError(`unknown tag ${JSON.stringify(value.$)} in stored session`);
    }
  }
  return plainObject(value, depth);
}

function plainObject(value: { [key: string]: Json }, depth: number): Record<string, unknown> {
  // Object.fromEntries defines own properties, so `__proto__` is a key like any other.
  return Object.fromEntries(Object.keys(value).map((key) => [key, fromJson(value[key] as Json, depth + 1)]));
}
