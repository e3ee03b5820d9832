// The wrk driver: runs `wrk` (https://github.com/wg/wrk, a C load generator) against one child and returns
// the same summary as autocannon's load() in harness.mjs. The Lua side is lib/wrk.lua.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LUA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wrk.lua');
const WRK = process.env.BENCH_WRK ?? 'wrk';

/**
 * How a header set per connection (`perConnection`) reaches wrk. wrk's request() runs per thread and is not
 * told which connection it writes on, so with -t1 a header set cannot be bound to a connection.
 * `rotate` (default): wrk -t1, request() hands the sets out in turn, one per request; every set is used
 * equally and, with as many sets as connections, a set's previous request was sent 50 requests earlier and
 * has nearly always been answered, but a connection does not keep one set (as it does with autocannon).
 * `thread` (BENCH_WRK_PER_CONNECTION=thread): one connection per wrk thread (-t = -c), each thread's Lua
 * state holds its own set, so every connection keeps its set; but 50 threads on one CPU double wrk's CPU
 * per request and measured raw node:http 25% slower than -t1, so it is not the default.
 */
const PER_CONNECTION_MODE = process.env.BENCH_WRK_PER_CONNECTION === 'thread' ? 'thread' : 'rotate';

/** Whether wrk can be run; returns null or the reason it cannot. */
export function wrkMissing() {
  const r = spawnSync(WRK, ['--version'], { encoding: 'utf8' });
  if (r.error) return `${WRK} not found (${r.error.code}); apt-get install wrk`;
  return null;
}

/** A Lua string literal for any JS string (bytes outside printable ASCII as \ddd, which Lua 5.1 reads). */
function luaString(s) {
  let out = '"';
  for (const byte of Buffer.from(String(s), 'utf8')) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte}`;
  }
  return `${out}"`;
}

function luaHeaders(headers) {
  return `{ ${Object.entries(headers)
    .map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`)
    .join(', ')} }`;
}

/**
 * Runs wrk against one child. Options as harness load(); `cpu` (a CPU number or null) pins wrk with
 * `taskset -c`. wrk does not check bodies, so `expect` is ignored and `mismatches` is always 0.
 */
export async function wrkLoad(
  port,
  { path: urlPath, headers = {}, perConnection, duration, connections, cpu },
) {
  const sets = perConnection?.length ? perConnection : null;
  const mode = sets ? PER_CONNECTION_MODE : 'static';
  const threads = mode === 'thread' ? connections : 1;
  const config = [
    `CONFIG = { headers = ${luaHeaders(headers)}, mode = ${luaString(mode)}`,
    sets ? `, sets = { ${sets.map(luaHeaders).join(', ')} }` : '',
    ' }\n',
  ].join('');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'webts-bench-wrk-'));
  const script = path.join(dir, 'bench.lua');
  writeFileSync(script, config + readFileSync(LUA, 'utf8'));
  const seconds = Math.max(1, Math.round(duration));
  const wrkArgs = [
    `-t${threads}`,
    `-c${connections}`,
    `-d${seconds}s`,
    '--timeout',
    '10s', // autocannon's default
    '--latency',
    '-s',
    script,
    `http://127.0.0.1:${port}${urlPath}`,
  ];
  const [cmd, args] =
    cpu === null || cpu === undefined ? [WRK, wrkArgs] : ['taskset', ['-c', String(cpu), WRK, ...wrkArgs]];
  try {
    const { code, stdout, stderr } = await run(cmd, args);
    const line = stdout.split('\n').find((l) => l.startsWith('WRK_RESULT '));
    if (code !== 0 && /unable to connect/.test(stderr + stdout)) {
      // wrk gives up at once when its first connection is refused; autocannon counts the failed connections
      // instead. A server that died mid-suite shows up as failed requests here too, not as a crash.
      return {
        rps: 0,
        total: 0,
        p50: Number.NaN,
        p99: Number.NaN,
        errors: connections,
        timeouts: 0,
        non2xx: 0,
        mismatches: 0,
        seconds: 0,
        wrk: { threads, mode, unreachable: true },
      };
    }
    if (code !== 0 || !line) {
      throw new Error(
        `wrk exited with ${code}: ${(stderr || stdout).trim().split('\n').slice(-3).join(' / ')}`,
      );
    }
    const r = JSON.parse(line.slice('WRK_RESULT '.length));
    const secs = r.duration_us / 1e6;
    return {
      rps: secs > 0 ? r.requests / secs : 0,
      total: r.requests,
      p50: round2(r.latency_ms.p50),
      p99: round2(r.latency_ms.p99),
      // Like autocannon's errors, which include its timeouts.
      errors: r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout,
      timeouts: r.errors.timeout,
      // Counted by response() in wrk.lua: every status outside 200-299, like autocannon.
      non2xx: r.non2xx,
      mismatches: 0, // wrk does not check bodies
      seconds: secs,
      // wrk's own "Non-2xx or 3xx responses" count (status >= 400 only), as a cross-check.
      wrk: { threads: r.threads, mode, bytes: r.bytes, status400: r.errors.status },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round2(x) {
  return Math.round(x * 100) / 100;
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
