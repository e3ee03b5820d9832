/** What a request produced (status, headers, body), before it is written anywhere. */

import { appliedToContext, HTTPError } from '../errors/http-errors.js';
import type { RequestContext } from './context.js';

/** A chunked body: anything iterable (a generator, an async generator, a stream) but text and bytes. */
export type Chunks = Iterable<unknown> | AsyncIterable<unknown>;

/** The response a request produced, before it is written anywhere. */
export interface Outcome {
  status: string;
  headers: [string, string][];
  body: string | Uint8Array | Chunks;
}

/** The type of a text body that says none. */
export const HTML = 'text/html; charset=utf-8';

/**
 * Turn what a handler returned (or threw, for HTTPError) into status, headers and body:
 * text as HTML unless a Content-Type was set, bytes as they are, iterables streamed,
 * plain objects and arrays as JSON, null/undefined as an empty body.
 */
export function toOutcome(ctx: RequestContext, result: unknown): Outcome {
  if (result instanceof HTTPError) {
    // Built during this request, it has already put its headers into ctx.headers (as web.py's do).
    const headers = appliedToContext(result, ctx) ? ctx.headers : mergeHeaders(ctx.headers, result.headers);
    return { status: result.status, headers, body: result.data };
  }
  const { headers } = ctx;
  if (typeof result === 'string')
    return { status: ctx.status, headers: withType(headers, HTML), body: result };
  if (result === null || result === undefined) return { status: ctx.status, headers, body: '' };
  if (result instanceof Uint8Array) return { status: ctx.status, headers, body: result };
  if (typeof result !== 'object')
    return { status: ctx.status, headers: withType(headers, HTML), body: String(result) };
  if (Array.isArray(result) || isPlainObject(result)) {
    return {
      status: ctx.status,
      headers: withType(headers, 'application/json; charset=utf-8'),
      body: JSON.stringify(result),
    };
  }
  if (Symbol.asyncIterator in result || Symbol.iterator in result) {
    return { status: ctx.status, headers, body: result as Chunks };
  }
  // Objects that render themselves (a template result, a form): their text, with their content type.
  const type = (result as { contentType?: unknown }).contentType;
  return {
    status: ctx.status,
    headers: withType(headers, typeof type === 'string' ? type : HTML),
    body: String(result),
  };
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `headers` has one named `lower` (any case). */
export function hasHeader(headers: [string, string][], lower: string): boolean {
  for (const [name] of headers) if (name.length === lower.length && name.toLowerCase() === lower) return true;
  return false;
}

function withType(headers: [string, string][], type: string): [string, string][] {
  if (!hasHeader(headers, 'content-type')) headers.push(['Content-Type', type]);
  return headers;
}

/** An error's own headers replace same-named ones set before it (but Set-Cookie adds up). */
function mergeHeaders(before: [string, string][], own: [string, string][]): [string, string][] {
  const replaced = new Set(own.map(([n]) => n.toLowerCase()).filter((n) => n !== 'set-cookie'));
  return [...before.filter(([n]) => !replaced.has(n.toLowerCase())), ...own];
}

/** `'404 Not Found'` → `[404, 'Not Found']`; a malformed status line is an error. */
export function splitStatus(status: string): [number, string] {
  const known = STATUS_CACHE.get(status);
  if (known !== undefined) return known;
  const code = Number.parseInt(status, 10);
  if (!(code >= 100 && code <= 999) || /[\r\n]/.test(status)) {
    throw new Error(
      `invalid response status ${JSON.stringify(status)}: use a status line such as '201 Created'`,
    );
  }
  const space = status.indexOf(' ');
  const split: [number, string] = [code, space === -1 ? '' : status.slice(space + 1)];
  if (STATUS_CACHE.size < 200) STATUS_CACHE.set(status, split);
  return split;
}

/** Status lines seen so far (a handful in any app): parsed once. */
const STATUS_CACHE = new Map<string, [number, string]>();

/**
 * Pull the first chunk of a stream now (so errors before it surface before any byte is sent) and
 * give back a stream of that chunk followed by the rest. Closing the result closes the original.
 */
export async function primeStream(body: Chunks, headers: [string, string][]): Promise<Chunks> {
  const iterator: Iterator<unknown> | AsyncIterator<unknown> =
    Symbol.asyncIterator in body
      ? (body as AsyncIterable<unknown>)[Symbol.asyncIterator]()
      : (body as Iterable<unknown>)[Symbol.iterator]();
  const first = await iterator.next();
  if (first.done) return [];
  // The first chunk decides the default type, so a stream of text is HTML and a stream of bytes is not.
  if (typeof first.value === 'string') withType(headers, HTML);
  return (async function* () {
    try {
      yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  })();
}

/** A stream chunk as bytes: strings UTF-8, other values by their text, as web.py does. */
export function toChunk(chunk: unknown): Uint8Array | string {
  if (typeof chunk === 'string' || chunk instanceof Uint8Array) return chunk;
  return chunk === null || chunk === undefined ? '' : String(chunk);
}
