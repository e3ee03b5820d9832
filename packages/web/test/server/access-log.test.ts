import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { type Running, rawRequest, withServer } from '../helpers/http.js';

/** Everything written to stderr while `fn` runs. */
async function captureStderr(fn: () => Promise<void>): Promise<string> {
  const written: string[] = [];
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stderr.write = original;
  }
  return written.join('');
}

/**
 * Send `request` and resolve once the server is past logging it: the access log is written when the
 * response finishes and flushed on the next turn (setImmediate), so this waits for this listener's own
 * 'finish' (registered after the server's) and then one setImmediate (queued after the flush).
 */
async function requestAndLog(running: Running, request: string): Promise<void> {
  const logged = new Promise<void>((resolve) => {
    running.server.once('request', (_req: IncomingMessage, res: ServerResponse) => {
      res.once('finish', () => setImmediate(resolve));
    });
  });
  await rawRequest(running.port, request);
  await logged;
}

describe('access log', () => {
  const app = web.application([
    '/(.*)',
    class {
      GET() {
        return 'ok';
      }
    },
  ]);

  it("writes one line per request in web.py's format, decoded path, no query", async () => {
    const text = await captureStderr(() =>
      withServer(
        app,
        (running) =>
          requestAndLog(running, 'GET /caf%C3%A9?secret=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        { static: false, log: true },
      ),
    );
    assert.match(
      text,
      /^127\.0\.0\.1:\d+ - - \[\d\d\/[A-Z][a-z]{2}\/\d{4} \d\d:\d\d:\d\d\] "HTTP\/1\.1 GET \/café" - 200 OK\n$/,
    );
  });

  it('escapes control characters so a %0A in the path cannot forge a log line', async () => {
    const text = await captureStderr(() =>
      withServer(
        app,
        (running) =>
          requestAndLog(
            running,
            'GET /x%0A127.0.0.1:1%20-%20-%20forged%0D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
          ),
        { static: false, log: true },
      ),
    );
    assert.equal(text.split('\n').length, 2, text);
    assert.match(text, /GET \/x\\x0a127\.0\.0\.1:1 - - forged\\x0d" - \d{3} [^\n]*\n$/);
  });

  it('is off for listen() unless asked for', async () => {
    const text = await captureStderr(() =>
      withServer(app, (running) =>
        requestAndLog(running, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      ),
    );
    assert.equal(text, '');
  });
});
