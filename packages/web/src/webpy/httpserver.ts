/**
 * web.py's `web.httpserver`: `runsimple(func, server_address)` serves a request function with
 * ./static/ and the access log, as web.py's does around a WSGI function.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { logError } from '../core/log.js';
import { logRequest } from '../http/access-log.js';
import { decodePath } from '../http/request-target.js';
import { isStaticPath, serveStatic } from '../http/static.js';

/** A Node request function: what `app.wsgifunc()` / `app.handler` return. */
export type RequestFunction = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * web.py `web.httpserver.runsimple(func, server_address=("0.0.0.0", 8080))`: listen on
 * `[host, port]`, serve `/static/…` from ./static, log each request to stderr in web.py's format,
 * print the address and resolve to the listening server (web.py blocks; here `server.close()`
 * or `app.stop()`-style shutdown is up to the caller).
 */
export function runsimple(
  func: RequestFunction,
  server_address: readonly [string, number] = ['0.0.0.0', 8080],
  options: { static?: string | false; log?: boolean; quiet?: boolean } = {},
): Promise<Server> {
  if (typeof func !== 'function')
    throw new TypeError(
      'web.httpserver.runsimple(func): func must be a (req, res) function, e.g. app.wsgifunc()',
    );
  const [host, port] = server_address;
  const root = options.static ?? 'static';
  const log = options.log ?? true;
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (log) {
      const started = performance.now();
      res.once('finish', () => logRequest(req, res, url, req.socket.remoteAddress, started));
    }
    const path = decodePath(url.split('?')[0] ?? '/');
    if (root !== false && isStaticPath(path)) {
      serveStatic(req, res, path, root).catch((err) => {
        logError(err, `${req.method} ${url}`);
        res.destroy();
      });
      return;
    }
    func(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const shown = typeof address === 'object' && address ? address.port : port;
      if (!options.quiet)
        process.stdout.write(`http://${host.includes(':') ? `[${host}]` : host}:${shown}/\n`);
      resolve(server);
    });
  });
}
