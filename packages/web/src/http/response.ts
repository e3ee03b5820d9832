/** Writing an app's Outcome to a Node response: the status line, headers, and the body or its chunks. */
import type { ServerResponse } from 'node:http';
import { type Chunks, HTML, hasHeader, type Outcome, splitStatus, toChunk } from '../core/outcome.js';

function noBody(code: number): boolean {
  return code === 204 || code === 304 || code < 200;
}

/** Flatten `[[k, v], …]` for `writeHead`, adding Content-Length for a body we know. */
function flatHeaders(headers: [string, string][], length: number | undefined): string[] {
  const flat: string[] = [];
  for (const [name, value] of headers) flat.push(name, value);
  if (length !== undefined && !hasHeader(headers, 'content-length'))
    flat.push('Content-Length', String(length));
  return flat;
}

/** Write an outcome to a Node response. Resolves when the body is written. */
export function writeOutcome(res: ServerResponse, outcome: Outcome): void | Promise<void> {
  const [code, reason] = splitStatus(outcome.status);
  const { body } = outcome;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const length = noBody(code)
      ? undefined
      : typeof body === 'string'
        ? Buffer.byteLength(body)
        : body.byteLength;
    res.writeHead(code, reason, flatHeaders(outcome.headers, length));
    res.end(noBody(code) ? undefined : body);
    return;
  }
  return writeChunks(res, code, reason, outcome.headers, body);
}

async function writeChunks(
  res: ServerResponse,
  code: number,
  reason: string,
  headers: [string, string][],
  body: Chunks,
): Promise<void> {
  let started = false;
  for await (const chunk of body as AsyncIterable<unknown>) {
    const bytes = toChunk(chunk);
    if (!started) {
      // The first chunk decides the default type, so a stream of text is HTML and a stream of bytes is not.
      if (typeof chunk === 'string' && !hasHeader(headers, 'content-type'))
        headers.push(['Content-Type', HTML]);
      res.writeHead(code, reason, flatHeaders(headers, undefined));
      started = true;
    }
    if (bytes.length > 0 && !res.write(bytes)) await waitForDrain(res);
    if (res.destroyed) return;
  }
  if (!started) res.writeHead(code, reason, flatHeaders(headers, 0));
  res.end();
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
