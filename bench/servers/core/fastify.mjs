// fastify 5 with the same table, regexes translated to find-my-way paths (see lib/routes.mjs for how).
import Fastify from 'fastify';
import { argvOptions, fail, serve } from '../../lib/child.mjs';
import { makeRoutes, PLAIN, plainFastify, routeBody } from '../../lib/routes.mjs';

const opts = argvOptions();
const app = Fastify({ logger: false });
for (const r of makeRoutes(Number(opts.routes ?? 50), opts.prefix ?? '')) {
  // find-my-way names the groups; the handler wants them positionally, in URL order.
  const handler = (req) => routeBody(r.name, Object.values(req.params));
  for (const path of r.fastify) app.get(path, handler);
}
app.get(plainFastify(opts.prefix), () => PLAIN.body);

app.listen({ port: 0, host: '127.0.0.1' }).then(() => serve(app.server), fail);
