// Process management, load generation and reporting shared by every suite.

import { execFileSync, fork, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { wrkLoad } from './wrk.mjs';

/** The bench/ directory. */
export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * CPU pinning. With two cores, the scheduler otherwise sometimes puts a server and the load generator on
 * the same core and sometimes not, for the life of the process: one system then measures ±20% off its
 * neighbours for reasons that have nothing to do with its code. When `taskset` is there and there are at
 * least two CPUs, the harness runs on the first and every server on the last. Set BENCH_PIN=0 to disable.
 */
const CAN_PIN =
  process.env.BENCH_PIN !== '0' &&
  os.cpus().length >= 2 &&
  spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
const SERVER_CPU = CAN_PIN ? os.cpus().length - 1 : null;
/** The CPU the harness is pinned to once pinHarness() succeeded (wrk is then started on it too), else null. */
let HARNESS_CPU = null;

/** Pins every thread of process `pid` to `cpu`; returns whether it worked. */
function pin(pid, cpu) {
  return spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' }).status === 0;
}

/** Pins the harness (and so autocannon, and wrk) to the first CPU; returns a description for the report. */
export function pinHarness() {
  if (SERVER_CPU === null) return 'no CPU pinning';
  if (!pin(process.pid, 0)) return 'CPU pinning failed';
  HARNESS_CPU = 0;
  return `harness and load generators on CPU 0, servers on CPU ${SERVER_CPU}`;
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (Linux only; null elsewhere). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || null;
  } catch {
    return null;
  }
})();

/**
 * CPU seconds (user + system) used so far by process `pid` and every process below it (cluster workers),
 * from /proc; null where /proc cannot tell. Resolution: one clock tick (10 ms).
 */
export function cpuSeconds(pid) {
  if (CLOCK_TICKS === null) return null;
  try {
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    let ticks = Number(fields[11]) + Number(fields[12]);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children === '' ? [] : children.split(' ')) {
        const below = cpuSeconds(Number(child));
        if (below !== null) ticks += below * CLOCK_TICKS;
      }
    }
    return ticks / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** The load generators `load()` can drive. */
export const DRIVERS = ['autocannon', 'wrk'];

/**
 * A running server child. `system` = { name, file (relative to bench/), args? }.
 * The child's stdout/stderr go to /dev/null, so access logs cost every system the same (nothing is read);
 * startup failures come back over IPC instead.
 */
export class ServerProcess {
  constructor(system) {
    this.system = system;
    this.name = system.name;
    this.port = 0;
    this.nextId = 1;
    this.pending = new Map();
    this.exited = false;
  }

  /** Forks the child and resolves once it reports its port. */
  start(timeoutMs = 30000) {
    const file = path.join(BENCH_DIR, this.system.file);
    this.child = fork(file, this.system.args ?? [], {
      cwd: BENCH_DIR,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      // Preloading child.mjs installs its error handlers before the server module links, so even a failed
      // import (e.g. webts not built) comes back as a message.
      execArgv: ['--import', path.join(BENCH_DIR, 'lib', 'child.mjs'), ...(this.system.execArgv ?? [])],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no ready message in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.child.on('message', (msg) => {
        if (msg?.type === 'ready') {
          clearTimeout(timer);
          this.port = msg.port;
          if (SERVER_CPU !== null) pin(this.child.pid, SERVER_CPU);
          resolve(this);
        } else if (msg?.type === 'fatal') {
          clearTimeout(timer);
          this.fatal = msg.message;
          const err = new Error(`${this.name} failed: ${msg.message.split('\n')[0]}`);
          err.detail = msg.message;
          reject(err);
        } else if (msg?.id !== undefined && this.pending.has(msg.id)) {
          const { resolve: done, reject: fail } = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.type === 'error') fail(new Error(msg.message));
          else done(msg.value);
        }
      });
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        clearTimeout(timer);
        reject(new Error(`${this.name} exited before it was ready (code ${code}, signal ${signal})`));
        for (const { reject: fail } of this.pending.values()) fail(new Error(`${this.name} exited`));
        this.pending.clear();
      });
    });
  }

  /** Asks the child something (`count`, `clear`) and resolves with its answer. */
  ask(type, timeoutMs = 120000) {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${type}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ type, id });
    });
  }

  /** Stops the child (SIGTERM, then SIGKILL after 3 s). */
  async stop() {
    if (!this.child || this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
}

/** One plain HTTP request to a child (no keep-alive); resolves to { status, headers, body }. */
export function request(port, pathAndQuery, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathAndQuery, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(10000, () => req.destroy(new Error(`timeout on ${pathAndQuery}`)));
    req.on('error', reject);
  });
}

/**
 * Runs one load generator, `driver` ('autocannon' or 'wrk', see lib/wrk.mjs), against one child and
 * summarises it. `expect(body)` (optional) checks every response body with autocannon; failures count as
 * mismatches (wrk does not check bodies: its mismatches are always 0).
 */
export async function load(port, options, driver = 'autocannon') {
  if (driver === 'wrk') return { driver, ...(await wrkLoad(port, { ...options, cpu: HARNESS_CPU })) };
  if (driver !== 'autocannon') throw new Error(`unknown driver ${driver}`);
  return { driver, ...(await autocannonLoad(port, options)) };
}

async function autocannonLoad(
  port,
  { path: urlPath, headers = {}, perConnection, duration, connections, expect },
) {
  const opts = {
    url: `http://127.0.0.1:${port}${urlPath}`,
    connections,
    pipelining: 1,
    duration,
    headers,
  };
  if (expect) opts.verifyBody = expect;
  if (perConnection?.length) {
    // Connection i sends perConnection[i % n] as extra headers on every request (e.g. its own session cookie).
    let next = 0;
    opts.setupClient = (client) => {
      client.setHeaders({ ...headers, ...perConnection[next++ % perConnection.length] });
    };
  }
  const r = await autocannon(opts);
  return {
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    mismatches: r.mismatches ?? 0,
    seconds: r.duration,
  };
}

/** Median of a list of numbers (mean of the middle two for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs one scenario over every server, interleaved: a warmup pass, then rounds A,B,C… A,B,C… . With several
 * `drivers` (default ['autocannon']), every server is measured by each driver in turn within each round:
 * A/autocannon, A/wrk, B/autocannon, B/wrk, … (the warmup uses the first driver).
 * `scenario` = { name, path (or path(server)), headers(server)?, perConnection(server)? (a header set per
 * connection), expect(server)?, afterRun(server, result, warmup)? (result.driver names the driver) }.
 * Returns one entry per driver and server (driver by driver, servers in order; `driver` names it) with
 * every round and the medians; see byDriver().
 */
export async function interleave(
  servers,
  scenario,
  { rounds, duration, warmup, connections, log, drivers = ['autocannon'] },
) {
  const key = (driver, s) => `${driver}\u0000${s.name}`;
  const runs = new Map(drivers.flatMap((d) => servers.map((s) => [key(d, s), []])));
  const named = drivers.length > 1 || drivers[0] !== 'autocannon';
  const opts = (s, seconds) => ({
    path: typeof scenario.path === 'function' ? scenario.path(s) : scenario.path,
    headers: scenario.headers ? scenario.headers(s) : {},
    perConnection: scenario.perConnection ? scenario.perConnection(s) : undefined,
    expect: scenario.expect ? scenario.expect(s) : undefined,
    duration: seconds,
    connections,
  });
  if (warmup > 0) {
    for (const s of servers) {
      log(`  warmup ${s.name} (${warmup}s${named ? `, ${drivers[0]}` : ''})`);
      const w = await load(s.port, opts(s, warmup), drivers[0]);
      if (scenario.afterRun) await scenario.afterRun(s, w, true);
    }
  }
  for (let round = 1; round <= rounds; round++) {
    for (const s of servers) {
      for (const driver of drivers) {
        const before = cpuSeconds(s.child.pid);
        const r = await load(s.port, opts(s, duration), driver);
        const after = cpuSeconds(s.child.pid);
        // The server's own CPU time per answered request. Unlike req/s it leaves out the time the server
        // waited for a CPU it did not get; it is no cure for a noisy host, which makes the same work cost
        // more CPU too.
        r.cpuUs =
          before === null || after === null || r.total === 0 ? null : ((after - before) * 1e6) / r.total;
        if (scenario.afterRun) await scenario.afterRun(s, r, false);
        runs.get(key(driver, s)).push(r);
        log(
          `  round ${round}/${rounds} ${s.name.padEnd(22)}${named ? ` ${driver.padEnd(10)}` : ''} ` +
            `${fmtInt(r.rps).padStart(8)} req/s  p99 ${r.p99} ms${r.cpuUs == null ? '' : `  ${r.cpuUs.toFixed(1)} µs CPU/req`}${problems(r)}`,
        );
      }
    }
  }
  return drivers.flatMap((driver) => servers.map((s) => summarise(driver, s, runs.get(key(driver, s)))));
}

/** Groups interleave() results by driver: [[driver, rows], …] in the order the drivers ran. */
export function byDriver(results) {
  const groups = new Map();
  for (const r of results) {
    if (!groups.has(r.driver)) groups.set(r.driver, []);
    groups.get(r.driver).push(r);
  }
  return [...groups];
}

function summarise(driver, s, rs) {
  return {
    system: s.name,
    driver,
    rps: median(rs.map((r) => r.rps)),
    p99: median(rs.map((r) => r.p99)),
    cpuUs: rs.every((r) => r.cpuUs != null) ? median(rs.map((r) => r.cpuUs)) : null,
    rpsMin: Math.min(...rs.map((r) => r.rps)),
    rpsMax: Math.max(...rs.map((r) => r.rps)),
    bad: rs.reduce((n, r) => n + r.errors + r.non2xx + r.mismatches, 0),
    requests: rs.reduce((n, r) => n + r.total, 0),
    rounds: rs,
  };
}

function problems(r) {
  const parts = [];
  if (r.errors) parts.push(`${r.errors} errors`);
  if (r.non2xx) parts.push(`${r.non2xx} non-2xx`);
  if (r.mismatches) parts.push(`${r.mismatches} wrong bodies`);
  return parts.length ? `  (!) ${parts.join(', ')}` : '';
}

/** Formats an integer with thousands separators. */
export function fmtInt(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

/**
 * A markdown table of interleave() results: median req/s, median p99, ratio to `reference`, the spread of
 * the rounds, the server's CPU per request (where /proc tells) and the number of failed requests.
 * `extra` adds columns: [{ title, value(row) }].
 */
export function table(results, { reference, extra = [] } = {}) {
  if (results.length === 0) return '_not measured_';
  const ref = results.find((r) => r.system === reference);
  const head = [
    'system',
    'req/s (median)',
    'p99 ms (median)',
    `vs ${reference ?? 'ref'}`,
    'rounds min–max req/s',
  ];
  // Where /proc tells: the server's CPU per request, and requests per CPU-second against the reference.
  const cpu = results.every((r) => r.cpuUs != null);
  if (cpu) head.push('server CPU µs/req (median)', `req per CPU-s vs ${reference ?? 'ref'}`);
  head.push(...extra.map((e) => e.title), 'failed requests');
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const r of results) {
    const ratio = ref && ref.rps > 0 ? `${(r.rps / ref.rps).toFixed(2)}×` : 'n/a';
    const cells = [
      r.system,
      fmtInt(r.rps),
      Number.isFinite(r.p99) ? String(r.p99) : 'n/a',
      ratio,
      `${fmtInt(r.rpsMin)}–${fmtInt(r.rpsMax)}`,
      ...(cpu ? [r.cpuUs.toFixed(1), ref?.cpuUs ? `${(ref.cpuUs / r.cpuUs).toFixed(2)}×` : 'n/a'] : []),
      ...extra.map((e) => e.value(r)),
      String(r.bad),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * Markdown lines for interleave() results measured by one or more drivers: per driver, `heading` naming the
 * driver, then `render(rows)` (default table(rows, tableOpts)).
 */
export function driverTables(results, heading, tableOpts = {}, render = (rows) => table(rows, tableOpts)) {
  if (results.length === 0) return [heading, '', '_not measured_', ''];
  return byDriver(results).flatMap(([driver, rows]) => [
    `${heading} (load: ${driver})`,
    '',
    render(rows),
    '',
  ]);
}

/** Facts about the machine and the run, stored with every result file. */
export function environment() {
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().map((c) => c.model),
    loadavg: os.loadavg(),
    date: new Date().toISOString(),
  };
}

/** Writes `data` to bench/results/<suite>-<timestamp>.json and returns the path. */
export function writeResults(suite, data) {
  const dir = path.join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${suite}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** Starts every system; a system that fails to start is reported and left out, not fatal to the suite. */
export async function startAll(systems, log) {
  const started = [];
  const skipped = [];
  for (const sys of systems) {
    const s = new ServerProcess(sys);
    try {
      await s.start();
      started.push(s);
    } catch (err) {
      log(`  (!) ${sys.name} not measured: ${err.message}`);
      skipped.push({ system: sys.name, reason: err.message, detail: err.detail });
      await s.stop();
    }
  }
  return { started, skipped };
}

/** Stops every started child. */
export async function stopAll(servers) {
  await Promise.all(servers.map((s) => s.stop()));
}
