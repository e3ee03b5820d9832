// webts: the table as a web.py urls list, one handler class per route.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import web from 'webts';
import { argvOptions, fail, serve } from '../../lib/child.mjs';
import { makeRoutes, PLAIN, plainPattern, routeBody } from '../../lib/routes.mjs';

const opts = argvOptions();
const urls = [];
const classes = {};
for (const r of makeRoutes(Number(opts.routes ?? 50), opts.prefix ?? '')) {
  urls.push(r.re, r.name);
  classes[r.name] = class {
    GET(...args) {
      return routeBody(r.name, args);
    }
  };
}
urls.push(plainPattern(opts.prefix), 'Plain');
classes.Plain = class {
  GET() {
    return PLAIN.body;
  }
};

web.config.debug = false;
const app = web.application(urls, classes);
if (opts.session === 'disk') {
  // As web.py apps do: one Session for the whole application.
  const dir = mkdtempSync(join(tmpdir(), 'webts-bench-core-sessions-'));
  web.session.Session(app, web.session.DiskStore(dir));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}
app.listen(0, '127.0.0.1').then(serve, fail);
