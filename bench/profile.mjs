#!/usr/bin/env node
// Where a request's time goes: the core suite's plain route (GET /hello behind 50 regex routes) on raw
// node:http, raw node:http + AsyncLocalStorage, webts, webts + Session (DiskStore) and fastify, each
// profiled under the same load. Usage (from the repo root):
//   node bench/profile.mjs [--duration 10] [--only webts,raw] [--driver wrk|autocannon] [--no-build]
// For each system, two children in turn:
//   1. a CPU profile (node --cpu-prof, sampled every 250 µs) under `duration` seconds of load; its samples
//      are put in kinds (the socket write system call, Node's HTTP and stream code, async_hooks, the
//      server's own code, garbage collection, the rest) and shown as µs per answered request;
//   2. a count (lib/probe.mjs): the async resources created and the bytes allocated per request, over 2 s
//      of the same load. Kept apart from 1 because an async_hooks hook changes what every resource costs.
// Profiling slows every system (the req/s shown are under the profiler); compare the kinds across
// systems, within one run. Output: markdown on stdout, progress on stderr.

import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, fmtInt, load, pinHarness, ServerProcess } from './lib/harness.mjs';
import { PLAIN } from './lib/routes.mjs';
import { buildWebts } from './lib/webts.mjs';
import { wrkMissing } from './lib/wrk.mjs';

const ROUTES = ['--routes', '50'];
const SYSTEMS = [
  { name: 'raw node:http', file: 'servers/core/raw.mjs', args: ROUTES, own: /bench\/servers\// },
  {
    name: 'raw node:http + AsyncLocalStorage',
    file: 'servers/core/raw.mjs',
    args: [...ROUTES, '--als'],
    own: /bench\/servers\//,
  },
  { name: 'webts', file: 'servers/core/webts.mjs', args: ROUTES, own: /packages\/web\/|bench\/servers\// },
  {
    name: 'webts + Session (DiskStore)',
    file: 'servers/core/webts.mjs',
    args: [...ROUTES, '--session', 'disk'],
    own: /packages\/web\/|bench\/servers\//,
  },
  {
    name: 'fastify 5',
    file: 'servers/core/fastify.mjs',
    args: ROUTES,
    own: /node_modules\/(\.pnpm\/)?(@fastify|fastify|find-my-way|avvio|light-my-request|fast-)|bench\/servers\//,
  },
];

/** The kinds a sample is put in, in the order the table shows them. */
const KINDS = [
  'socket write (system call)',
  'Node HTTP, streams, timers',
  'async_hooks (AsyncLocalStorage)',
  "the server's own code",
  'garbage collection',
  'other (V8, idle excluded)',
];

function kindOf(frame, own) {
  const name = frame.functionName;
  const url = frame.url;
  if (name === '(garbage collector)') return KINDS[4];
  if (url === '' && /^(writev|writeBuffer|writeUtf8String|writeLatin1String|writeAsciiString)$/.test(name))
    return KINDS[0];
  if (/async_hooks|async_context|promise_hooks/.test(url) || name === 'executionAsyncResource')
    return KINDS[2];
  if (own.test(url)) return KINDS[3];
  if (url.startsWith('node:')) return KINDS[1];
  return KINDS[5];
}

/** µs of CPU per kind in a .cpuprofile (idle left out). */
function kinds(profile, own) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]).callFrame;
    if (frame.functionName === '(idle)') continue;
    out[kindOf(frame, own)] += profile.timeDeltas[i] ?? 0;
  }
  return out;
}

const LOAD = { path: PLAIN.sample, connections: 50, expect: (body) => body === PLAIN.body };

async function cpuProfile(system, driver, duration, log) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'webts-bench-profile-'));
  const server = new ServerProcess({
    ...system,
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '250'],
  });
  try {
    await server.start();
    await load(server.port, { ...LOAD, duration: 2 }, driver);
    const r = await load(server.port, { ...LOAD, duration }, driver);
    await server.stop();
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`${system.name}: no CPU profile was written`);
    const us = kinds(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), system.own);
    log(`  ${system.name}: profiled ${fmtInt(r.total)} requests`);
    return { rps: r.rps, perRequest: Object.fromEntries(KINDS.map((k) => [k, us[k] / r.total])) };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function counts(system, driver) {
  const server = new ServerProcess({
    ...system,
    execArgv: ['--import', path.join(BENCH_DIR, 'lib', 'probe.mjs')],
  });
  try {
    await server.start();
    await load(server.port, { ...LOAD, duration: 1 }, driver);
    await server.ask('probe-start');
    const r = await load(server.port, { ...LOAD, duration: 2 }, driver);
    const seen = await server.ask('probe-stop');
    const resources = Object.entries(seen.resources)
      .map(([type, n]) => [type, n / r.total])
      .filter(([, n]) => n >= 0.05)
      .sort((a, b) => b[1] - a[1]);
    return { resources, bytes: seen.bytes / r.total };
  } finally {
    await server.stop();
  }
}

function parseArgs(argv) {
  const opts = { duration: 10, only: null, driver: wrkMissing() ? 'autocannon' : 'wrk', build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--duration') opts.duration = Math.max(1, Number(argv[++i]) || 10);
    else if (a === '--only') opts.only = String(argv[++i] ?? '').split(',');
    else if (a === '--driver') opts.driver = String(argv[++i]);
    else if (a === '--no-build') opts.build = false;
    else throw new Error(`unknown option ${a} (see the comment at the top of bench/profile.mjs)`);
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const log = (line) => process.stderr.write(`${line}\n`);
if (opts.build) buildWebts(log);
log(pinHarness());
const systems = SYSTEMS.filter((s) => !opts.only || opts.only.some((w) => s.name.includes(w)));
const rows = [];
for (const system of systems) {
  const cpu = await cpuProfile(system, opts.driver, opts.duration, log);
  rows.push({ system: system.name, ...cpu, ...(await counts(system, opts.driver)) });
}

const us = (n) => n.toFixed(2);
const total = (r) => KINDS.reduce((sum, k) => sum + r.perRequest[k], 0);
console.log(
  [
    `### Where a request's time goes (µs of CPU per request under the profiler; load: ${opts.driver}, ${opts.duration} s)`,
    '',
    `| kind | ${rows.map((r) => r.system).join(' | ')} |`,
    `| --- |${rows.map(() => ' ---: |').join('')}`,
    ...KINDS.map((k) => `| ${k} | ${rows.map((r) => us(r.perRequest[k])).join(' | ')} |`),
    `| **all but the socket write** | ${rows.map((r) => `**${us(total(r) - r.perRequest[KINDS[0]])}**`).join(' | ')} |`,
    `| all | ${rows.map((r) => us(total(r))).join(' | ')} |`,
    `| req/s under the profiler | ${rows.map((r) => fmtInt(r.rps)).join(' | ')} |`,
    `| KB allocated per request | ${rows.map((r) => (r.bytes / 1024).toFixed(1)).join(' | ')} |`,
    `| async resources per request | ${rows.map((r) => r.resources.map(([t, n]) => `${n.toFixed(1)} ${t}`).join(', ') || 'none').join(' | ')} |`,
    '',
  ].join('\n'),
);
