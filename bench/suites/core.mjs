// Suite `core`: routing + hello world through a 50-route web.py-style regex table, against peers.

import { environment, interleave, request, startAll, stopAll, table } from '../lib/harness.mjs';
import { BASE_ROUTES, MISSING_PATH, makeRoutes, PLAIN, routeBody } from '../lib/routes.mjs';

const N = BASE_ROUTES.length;

/** The systems of this suite, in round order. */
export function systems() {
  return [
    { name: 'webts', file: 'servers/core/webts.mjs', args: ['--routes', String(N)], webts: true, routes: N },
    { name: 'raw node:http', file: 'servers/core/raw.mjs', args: ['--routes', String(N)], routes: N },
    { name: 'fastify 5', file: 'servers/core/fastify.mjs', args: ['--routes', String(N)], routes: N },
    { name: 'express 5', file: 'servers/core/express.mjs', args: ['--routes', String(N)], routes: N },
    {
      name: 'webts, 10 routes',
      file: 'servers/core/webts.mjs',
      args: ['--routes', '10'],
      webts: true,
      routes: 10,
    },
    {
      name: 'webts, 1000 routes',
      file: 'servers/core/webts.mjs',
      args: ['--routes', '1000'],
      webts: true,
      routes: 1000,
    },
  ];
}

/** Every route's sample URL with the body it must produce, the plain route, and a 404. */
function expectations(routeCount) {
  const out = makeRoutes(routeCount).map((r) => ({
    path: r.sample,
    status: 200,
    body: routeBody(r.name, r.args),
  }));
  out.push({ path: PLAIN.sample, status: 200, body: PLAIN.body });
  out.push({ path: `${PLAIN.sample}?a=1&b=2`, status: 200, body: PLAIN.body });
  out.push({ path: MISSING_PATH, status: 404 });
  return out;
}

/** Checks that a server routes every sample URL as web.py would; returns a list of discrepancies. */
async function checkRouting(server) {
  const wrong = [];
  for (const e of expectations(server.system.routes)) {
    const r = await request(server.port, e.path);
    if (r.status !== e.status || (e.body !== undefined && r.body !== e.body)) {
      wrong.push(
        `${e.path}: got ${r.status} ${JSON.stringify(r.body.slice(0, 60))}, want ${e.status} ${e.body ?? ''}`,
      );
    }
  }
  return wrong;
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
    const scenario = { name: 'GET /hello', path: PLAIN.sample, expect: () => (body) => body === PLAIN.body };
    const results = await interleave(started, scenario, opts);

    const peers = results.filter((r) =>
      ['webts', 'raw node:http', 'fastify 5', 'express 5'].includes(r.system),
    );
    const routing = results.filter((r) => r.system.startsWith('webts'));
    const get = (name) => results.find((r) => r.system === name);
    const goals = [];
    const ratioGoal = (label, a, b, want, cmp) => {
      if (!a || !b) return goals.push(`- ${label}: not measured`);
      const ratio = a.rps / b.rps;
      const ok = cmp === '>=' ? ratio >= want : ratio <= want;
      goals.push(`- ${label}: ${ratio.toFixed(2)} (goal ${cmp} ${want}) ${ok ? 'met' : 'NOT met'}`);
    };
    ratioGoal('webts / raw node:http', get('webts'), get('raw node:http'), 1, '>=');
    ratioGoal('webts / fastify 5', get('webts'), get('fastify 5'), 0.8, '>=');
    const w10 = get('webts, 10 routes');
    const w1000 = get('webts, 1000 routes');
    if (w10 && w1000) {
      const cost = 1 - w1000.rps / w10.rps;
      goals.push(
        `- throughput lost going from 10 to 1000 routes: ${(cost * 100).toFixed(1)}% (goal <= 30%) ${cost <= 0.3 ? 'met' : 'NOT met'}`,
      );
    } else goals.push('- routing cost 10 → 1000 routes: not measured');

    const markdown = [
      `### core: GET ${PLAIN.sample} behind ${N} regex routes`,
      '',
      table(peers, { reference: 'raw node:http' }),
      '',
      `### core: webts routing cost (GET ${PLAIN.sample} as the last route)`,
      '',
      table(routing, {
        reference: 'webts, 10 routes',
        extra: [{ title: 'routes', value: (r) => routeCountOf(r.system) }],
      }),
      '',
      'Goals:',
      ...goals,
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

function routeCountOf(name) {
  const m = /(\d+) routes/.exec(name);
  return m ? m[1] : String(N);
}

/** The options worth recording in a result file. */
export function publicOptions(opts) {
  const { rounds, duration, warmup, connections } = opts;
  return { rounds, duration, warmup, connections, pipelining: 1 };
}
