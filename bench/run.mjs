#!/usr/bin/env node
// webts benchmark harness. Usage (from the repo root):
//   node bench/run.mjs [core] [sessions] [templates] [--duration 5] [--rounds 5] [--warmup 2]
//                      [--connections 50] [--only webts,fastify] [--no-build] [--driver autocannon|wrk|both]
// With no suite named, runs all three. --driver picks the load generator (default autocannon); `both` measures
// every system with autocannon and then wrk within each round, and prints a table per driver.
// Every system of a suite runs in its own child process; rounds interleave the systems (A,B,C,A,B,C,…) and
// the table reports the median round. Results JSON goes to bench/results/ (gitignored).

import os from 'node:os';
import { DRIVERS, fmtInt, pinHarness, writeResults } from './lib/harness.mjs';
import { buildWebts } from './lib/webts.mjs';
import { wrkMissing } from './lib/wrk.mjs';

const SUITES = {
  core: () => import('./suites/core.mjs'),
  sessions: () => import('./suites/sessions.mjs'),
  templates: () => import('./suites/templates.mjs'),
  locking: () => import('./suites/locking.mjs'),
};
const DEFAULT_SUITES = ['core', 'sessions', 'templates'];

function parseArgs(argv) {
  const opts = {
    suites: [],
    duration: 5,
    rounds: 5,
    warmup: undefined,
    connections: 50,
    only: null,
    build: true,
    drivers: ['autocannon'],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (name) => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a non-negative number`);
      return v;
    };
    if (a === '--duration' || a === '-d') opts.duration = Math.max(1, num('duration'));
    else if (a === '--rounds' || a === '-r') opts.rounds = Math.max(1, Math.round(num('rounds')));
    else if (a === '--warmup' || a === '-w') opts.warmup = num('warmup');
    else if (a === '--connections' || a === '-c')
      opts.connections = Math.max(1, Math.round(num('connections')));
    else if (a === '--only')
      opts.only = String(argv[++i] ?? '')
        .split(',')
        .filter(Boolean);
    else if (a === '--no-build') opts.build = false;
    else if (a === '--driver') {
      const d = String(argv[++i] ?? '');
      if (d === 'both') opts.drivers = [...DRIVERS];
      else if (DRIVERS.includes(d)) opts.drivers = [d];
      else throw new Error(`--driver needs ${DRIVERS.join(', ')} or both`);
    } else if (a === '--help' || a === '-h') {
      console.log(
        'usage: node bench/run.mjs [core|sessions|templates|locking …] [--duration s] [--rounds n] [--warmup s]\n' +
          '                          [--connections n] [--only name,name] [--no-build] [--driver autocannon|wrk|both]',
      );
      process.exit(0);
    } else if (a in SUITES) opts.suites.push(a);
    else throw new Error(`unknown argument ${a} (suites: ${Object.keys(SUITES).join(', ')})`);
  }
  if (opts.suites.length === 0) opts.suites = DEFAULT_SUITES;
  if (opts.warmup === undefined) opts.warmup = Math.min(2, opts.duration);
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (line) => console.error(line);
  opts.log = log;
  if (opts.drivers.includes('wrk')) {
    const missing = wrkMissing();
    if (missing) throw new Error(`--driver ${opts.drivers.length > 1 ? 'both' : 'wrk'}: ${missing}`);
  }

  let webts = { ok: true };
  if (opts.build) webts = buildWebts(log);
  opts.filter = (systems) =>
    systems.filter((s) => {
      if (opts.only && !opts.only.some((o) => s.name.toLowerCase().includes(o.toLowerCase()))) return false;
      if (s.webts && !webts.ok) {
        log(`  (!) ${s.name} not measured: ${webts.reason}`);
        return false;
      }
      return true;
    });

  opts.pinning = pinHarness();
  log(
    `duration ${opts.duration}s × ${opts.rounds} rounds per system, warmup ${opts.warmup}s, ` +
      `${opts.connections} connections, pipelining 1, ${drivers(opts)}, ${opts.pinning}, load avg ${loadavg()}`,
  );
  const loadAtStart = loadavg();
  const outputs = [];
  for (const name of opts.suites) {
    log(`\n== suite ${name} ==`);
    const suite = await SUITES[name]();
    const started = Date.now();
    const before = loadavg();
    const { markdown, data } = await suite.run(opts);
    data.loadavgBefore = before;
    data.loadavgAfter = loadavg();
    log(`  load avg before ${before}, after ${data.loadavgAfter}`);
    data.command = `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim();
    const file = writeResults(name, data);
    log(`  ${name} took ${fmtInt((Date.now() - started) / 1000)} s; results in ${file}`);
    outputs.push(markdown);
  }
  console.log(`\n${outputs.join('\n\n')}\n`);
  console.log(
    `_node ${process.version}, ${drivers(opts)}, ${opts.connections} connections, pipelining 1, ${opts.rounds} rounds × ` +
      `${opts.duration}s, ${opts.pinning}, load avg (1/5/15 min) at start ${loadAtStart}, at end ${loadavg()}_`,
  );
}

function drivers(opts) {
  return opts.drivers.length > 1
    ? `load by ${opts.drivers.join(' and ')} (each system by each, in turn, every round)`
    : `load by ${opts.drivers[0]}`;
}

function loadavg() {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

main().catch((err) => {
  console.error(err?.stack ?? err);
  process.exit(1);
});
