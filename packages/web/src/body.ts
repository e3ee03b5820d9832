import type { IncomingMessage } from 'node:http';
import { HTTPError, PayloadTooLarge, RequestTimeout } from './http-errors.js';

const EMPTY = Buffer.alloc(0);

/** Whether the request announces a body at all (most GETs do not, and pay nothing). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Read the whole request body, at most `limit` bytes within `timeoutMs`. A declared length over
 * the limit is refused before reading (413); a chunked body that grows past it is cut off (413);
 * a client that stops sending gets 408. web.py reads the body on demand; webts reads it before
 * the handler so `web.input()` and `web.data()` stay synchronous.
 */
export function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit)
    return Promise.reject(new PayloadTooLarge(`payload too large: the body is over ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: HTTPError) => {
      cleanup();
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
    const onError = () =>
      fail(
        new HTTPError(
          '400 Bad Request',
          { 'Content-Type': 'text/html' },
          'bad request: the body was cut off',
        ),
      );
    const onAborted = () =>
      fail(
        new HTTPError(
          '400 Bad Request',
          { 'Content-Type': 'text/html' },
          'bad request: the body was cut off',
        ),
      );
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
