// Hand-written node:http server: loops over the route RegExps in order, first match wins (web.py semantics).
// --als: the same server with one AsyncLocalStorage.run per request and nothing else, the floor for any
// framework keeping request state in AsyncLocalStorage (webts does): on Node 20 a running AsyncLocalStorage
// turns on async_hooks for every resource and promise.
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { argvOptions, fail, listen, serve } from '../../lib/child.mjs';
import { makeRoutes, PLAIN, plainPattern, routeBody } from '../../lib/routes.mjs';

const opts = argvOptions();
const table = makeRoutes(Number(opts.routes ?? 50), opts.prefix ?? '').map((r) => ({
  re: new RegExp(`^${r.re}$`),
  handle: (args) => routeBody(r.name, args),
}));
table.push({ re: new RegExp(`^${plainPattern(opts.prefix)}$`), handle: () => PLAIN.body });

function send(res, status, text) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function answer(req, res) {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  for (const route of table) {
    const m = route.re.exec(path);
    if (m !== null) return send(res, 200, route.handle(m.slice(1)));
  }
  send(res, 404, 'not found');
}

const requests = new AsyncLocalStorage();
const server = http.createServer(
  opts.als === 'true' ? (req, res) => requests.run(req, answer, req, res) : answer,
);

listen(server).then(serve, fail);
