// Suite `core`: routing + hello world through a 50-route web.py-style regex table, against peers.

import { byDriver, environment, interleave, request, startAll, stopAll, table } from '../lib/harness.mjs';
import {
  BASE_ROUTES,
  MISSING_PATH,
  makeRoutes,
  PLAIN,
  PREFIXES,
  plainPath,
  routeBody,
} from '../lib/routes.mjs';

const N = BASE_ROUTES.length;

function webtsVariant(routes, prefix = '') {
  const args = ['--routes', String(routes)];
  if (prefix) args.push('--prefix', prefix);
  const name = `webts, ${routes} routes${prefix ? ` under ${PREFIXES[prefix].re}` : ''}`;
  return { name, file: 'servers/core/webts.mjs', args, webts: true, routes, prefix };
}

/** The systems of this suite, in round order. */
export function systems() {
  const peer = (name, file) => ({ name, file, args: ['--routes', String(N)], routes: N, prefix: '' });
  return [
    { ...peer('webts', 'servers/core/webts.mjs'), webts: true },
    // What a web.py app looks like: a Session attached to the whole application, which this route never
    // reads (and the client sends no cookie).
    {
      ...peer('webts + Session (DiskStore)', 'servers/core/webts.mjs'),
      args: ['--routes', String(N), '--session', 'disk'],
      webts: true,
    },
    peer('raw node:http', 'servers/core/raw.mjs'),
    // The same server with one AsyncLocalStorage.run per request: what keeping request state there costs.
    {
      ...peer('raw node:http + AsyncLocalStorage', 'servers/core/raw.mjs'),
      args: ['--routes', String(N), '--als'],
    },
    peer('fastify 5', 'servers/core/fastify.mjs'),
    peer('express 5', 'servers/core/express.mjs'),
    // Routing cost. webts indexes routes by their literal leading path segments, so the plain route behind
    // 1000 routes with distinct or shared literal prefixes skips most of them; behind a regex first segment
    // (a language code) no literal index applies.
    webtsVariant(10),
    webtsVariant(1000),
    webtsVariant(10, 'app'),
    webtsVariant(1000, 'app'),
    webtsVariant(10, 'lang'),
    webtsVariant(1000, 'lang'),
  ];
}

/** Every route's sample URL with the body it must produce, the plain route, and a 404. */
function expectations({ routes, prefix }) {
  const out = makeRoutes(routes, prefix).map((r) => ({
    path: r.sample,
    status: 200,
    body: routeBody(r.name, r.args),
  }));
  out.push({ path: plainPath(prefix), status: 200, body: PLAIN.body });
  out.push({ path: `${plainPath(prefix)}?a=1&b=2`, status: 200, body: PLAIN.body });
  out.push({ path: PREFIXES[prefix].sample + MISSING_PATH, status: 404 });
  return out;
}

/** Checks that a server routes every sample URL as web.py would; returns a list of discrepancies. */
async function checkRouting(server) {
  const wrong = [];
  for (const e of expectations(server.system)) {
    const r = await request(server.port, e.path);
    if (r.status !== e.status || (e.body !== undefined && r.body !== e.body)) {
      wrong.push(
        `${e.path}: got ${r.status} ${JSON.stringify(r.body.slice(0, 60))}, want ${e.status} ${e.body ?? ''}`,
      );
    }
  }
  return wrong;
}

/** The same ratio as requests per server CPU-second (see harness table()), where /proc told. */
function perCpu(a, b) {
  return a.cpuUs && b.cpuUs ? ` (requests per CPU-second: ${(b.cpuUs / a.cpuUs).toFixed(2)})` : '';
}

/** Runs the suite and returns { markdown, data }. */
export async function run(opts) {
  const { log } = opts;
  const { started, skipped } = await startAll(opts.filter(systems()), log);
  try {
    const checks = {};
    for (const s of started) {
      const wrong = await checkRouting(s);
      checks[s.name] = wrong;
      if (wrong.length) log(`  (!) ${s.name} routes ${wrong.length} sample URLs wrongly, e.g. ${wrong[0]}`);
      else log(`  ${s.name}: all ${s.system.routes + 3} sample URLs route correctly`);
    }
    const scenario = {
      name: 'GET /hello',
      path: (s) => plainPath(s.system.prefix),
      expect: () => (body) => body === PLAIN.body,
    };
    const results = await interleave(started, scenario, opts);
    for (const r of results) {
      const sys = started.find((s) => s.name === r.system).system;
      r.routes = sys.routes;
      r.prefix = sys.prefix;
      r.path = plainPath(sys.prefix);
    }

    const goals = [];
    const sections = [];
    for (const [driver, rows] of byDriver(results)) {
      const peers = rows.filter((r) =>
        [
          'webts',
          'webts + Session (DiskStore)',
          'raw node:http',
          'raw node:http + AsyncLocalStorage',
          'fastify 5',
          'express 5',
        ].includes(r.system),
      );
      const byRoutes = (a, b) => a.routes - b.routes;
      const variant = (prefix) =>
        rows.filter((r) => r.system.startsWith('webts') && r.prefix === prefix).sort(byRoutes);
      const get = (name) => rows.find((r) => r.system === name);
      goals.push(`Goals (${driver}):`);
      const ratioGoal = (label, a, b, want) => {
        if (!a || !b) return goals.push(`- ${label}: not measured`);
        const ratio = a.rps / b.rps;
        goals.push(
          `- ${label}: ${ratio.toFixed(2)} (goal >= ${want}) ${ratio >= want ? 'met' : 'NOT met'}${perCpu(a, b)}`,
        );
      };
      ratioGoal('webts / raw node:http', get('webts'), get('raw node:http'), 1);
      ratioGoal('webts / fastify 5', get('webts'), get('fastify 5'), 0.8);
      ratioGoal(
        'webts + Session / raw node:http',
        get('webts + Session (DiskStore)'),
        get('raw node:http'),
        1,
      );
      ratioGoal('webts + Session / fastify 5', get('webts + Session (DiskStore)'), get('fastify 5'), 0.9);
      // No goal: where the AsyncLocalStorage floor lies, and how far above it webts runs.
      const floor = get('raw node:http + AsyncLocalStorage');
      const raw = get('raw node:http');
      if (floor && raw)
        goals.push(
          `- raw node:http + AsyncLocalStorage / raw node:http: ${(floor.rps / raw.rps).toFixed(2)}${perCpu(floor, raw)}`,
        );
      for (const name of ['webts', 'webts + Session (DiskStore)']) {
        const a = get(name);
        if (a && floor)
          goals.push(
            `- ${name} / raw node:http + AsyncLocalStorage: ${(a.rps / floor.rps).toFixed(2)}${perCpu(a, floor)}`,
          );
      }
      const cost = (label, few, many, goal) => {
        if (!few || !many) return goals.push(`- ${label}: not measured`);
        const lost = 1 - many.rps / few.rps;
        const verdict =
          goal === undefined ? '' : ` (goal <= ${goal * 100}%) ${lost <= goal ? 'met' : 'NOT met'}`;
        goals.push(`- ${label}: ${(lost * 100).toFixed(1)}% of the throughput lost${verdict}`);
      };
      cost(
        '10 → 1000 routes, distinct first segments',
        get('webts, 10 routes'),
        get('webts, 1000 routes'),
        0.3,
      );
      for (const key of ['app', 'lang']) {
        const under = PREFIXES[key].re;
        cost(
          `10 → 1000 routes, all under ${under}`,
          get(`webts, 10 routes under ${under}`),
          get(`webts, 1000 routes under ${under}`),
        );
      }

      const routingTable = (rs) =>
        table(rs, { reference: rs[0]?.system, extra: [{ title: 'requested', value: (r) => r.path }] });
      sections.push(
        `### core: GET ${PLAIN.sample} behind ${N} regex routes (load: ${driver})`,
        '',
        table(peers, { reference: 'raw node:http' }),
        '',
        `### core: webts routing cost (the requested route is the last one; load: ${driver})`,
        '',
        routingTable(variant('')),
        '',
        routingTable(variant('app')),
        '',
        routingTable(variant('lang')),
        '',
        ...goals.slice(goals.indexOf(`Goals (${driver}):`)),
        '',
      );
    }
    const markdown = [
      ...sections,
      ...skipped.map((s) => `- not measured: ${s.system} (${s.reason.split('\n')[0]})`),
    ].join('\n');
    return {
      markdown,
      data: {
        suite: 'core',
        options: publicOptions(opts),
        environment: environment(),
        results,
        skipped,
        checks,
        goals,
      },
    };
  } finally {
    await stopAll(started);
  }
}

/** The options worth recording in a result file. */
export function publicOptions(opts) {
  const { rounds, duration, warmup, connections, pinning, drivers } = opts;
  return { rounds, duration, warmup, connections, pipelining: 1, pinning, drivers };
}
