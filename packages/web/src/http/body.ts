import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPError, PayloadTooLarge, RequestTimeout } from '../errors/http-errors.js';

const EMPTY = Buffer.alloc(0);

/** Whether the request announces a body at all (most GETs do not, and pay nothing). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Bytes of request bodies held in memory now, by all requests together. It is process-wide on
 * purpose (like `web.config`): the budget it is checked against is the process's memory.
 */
let inFlight = 0;

/** How many bytes of request bodies are held right now (for tests and monitoring). */
export function bodyBytesInFlight(): number {
  return inFlight;
}

/** What a body read may use: per request, for all requests together, and how long it may take. */
export interface BodyLimits {
  /** `web.config.max_body_size`: one body. */
  limit: number;
  /** `web.config.max_body_memory`: all bodies in flight. */
  budget: number;
  /** `web.config.body_timeout`, in ms. */
  timeoutMs: number;
}

/** Seconds a client refused for a full budget is asked to wait. */
const RETRY_AFTER = '2';

function busy(): HTTPError {
  return new HTTPError(
    '503 Service Unavailable',
    { 'Content-Type': 'text/html', 'Retry-After': RETRY_AFTER },
    'service unavailable: the server holds too many request bodies right now; try again shortly',
  );
}

function cutOff(): HTTPError {
  return new HTTPError(
    '400 Bad Request',
    { 'Content-Type': 'text/html' },
    'bad request: the body was cut off',
  );
}

/** Marks a request whose `Expect: 100-continue` webts answers itself (see server.ts). */
export const EXPECTS_CONTINUE = Symbol('webts.expectsContinue');

/**
 * Read the whole request body, at most `limits.limit` bytes within `limits.timeoutMs`, and only
 * while all bodies in flight stay within `limits.budget`. A declared length over the limit is
 * refused before reading (413); a declared length that does not fit the budget now is refused
 * before reading too (503 with Retry-After); a chunked body is counted as it arrives. A client
 * that stops sending gets 408. The bytes count against the budget until the response is finished.
 *
 * web.py reads the body on demand; webts reads it just before the handler so `web.input()` and
 * `web.data()` stay synchronous there, and a processor can still refuse a request unread.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, limits: BodyLimits): Promise<Buffer> {
  const { limit, budget, timeoutMs } = limits;
  const declared = Number(req.headers['content-length']);
  if (declared > limit || declared > budget)
    return Promise.reject(
      new PayloadTooLarge(`payload too large: the body is over ${Math.min(limit, budget)} bytes`),
    );
  let reserved = 0;
  const reserve = (bytes: number): boolean => {
    if (inFlight + bytes > budget) return false;
    inFlight += bytes;
    reserved += bytes;
    return true;
  };
  const release = () => {
    inFlight -= reserved;
    reserved = 0;
  };
  // The client is gone already: its response will never close again, so nothing may be reserved.
  if (res.destroyed || req.destroyed) return Promise.reject(cutOff());
  if (declared > 0 && !reserve(declared)) return Promise.reject(busy());
  res.once('close', release);
  // The client waits for this before it sends the body (only when webts answers Expect itself).
  if ((req as { [EXPECTS_CONTINUE]?: boolean })[EXPECTS_CONTINUE] === true && !res.headersSent)
    res.writeContinue();
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: HTTPError) => {
      cleanup();
      chunks = [];
      release();
      // Stop reading; the connection is closed after the answer (see server.ts).
      req.pause();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new RequestTimeout(`request timeout: the body did not arrive within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(new PayloadTooLarge(`payload too large: the body is over ${limit} bytes`));
      else if (size > reserved && !reserve(size - reserved)) fail(busy());
      else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(
        chunks.length === 1
          ? (chunks[0] as Buffer)
          : chunks.length === 0
            ? EMPTY
            : Buffer.concat(chunks, size),
      );
    };
    const onError = () => fail(cutOff());
    const onAborted = () => fail(cutOff());
    function cleanup() {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
