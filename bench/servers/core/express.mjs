// express 5 with the same table, each route registered as its RegExp (express 5 strings no longer take regexes).
import express from 'express';
import { argvOptions, fail, serve } from '../../lib/child.mjs';
import { makeRoutes, PLAIN, plainPattern, routeBody } from '../../lib/routes.mjs';

const opts = argvOptions();
const app = express();
for (const r of makeRoutes(Number(opts.routes ?? 50), opts.prefix ?? '')) {
  app.get(new RegExp(`^${r.re}$`), (req, res) => {
    // Express puts unnamed RegExp groups in req.params[0], [1], …
    const args = [];
    for (let i = 0; req.params[i] !== undefined; i++) args.push(req.params[i]);
    res.send(routeBody(r.name, args));
  });
}
app.get(new RegExp(`^${plainPattern(opts.prefix)}$`), (_req, res) => res.send(PLAIN.body));

const server = app.listen(0, '127.0.0.1');
server.once('listening', () => serve(server));
server.once('error', fail);
