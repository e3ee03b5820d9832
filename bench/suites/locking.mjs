// Suite `locking`: what the cross-process session lock costs. The logged-in session page (the sessions
// suite's GET /) on every store that can be shared, locked (the default) and unlocked (`shared: false`, or
// RedisStore with its lock taken away), in one process and in 4 node:cluster workers sharing the store.
// Two loads: a session per connection (many users: the lock is never contended) and one session on every
// connection (one user hammering: the lock orders every request).

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { driverTables, environment, fmtInt, interleave, startAll, stopAll, table } from '../lib/harness.mjs';
import { publicOptions } from './core.mjs';
import { logInAll, oneSession as oneSessionScenario, sessionPerConnection } from './sessions.mjs';

const STORES = [
  { label: 'DiskStore', args: (dir) => ['--store', 'disk', '--dir', dir('disk')] },
  { label: 'DBStore sqlite', args: (dir) => ['--store', 'sqlite', '--dir', dir('sqlite')] },
  { label: 'DBStore postgres', args: () => ['--store', 'postgres'] },
  { label: 'DBStore mysql', args: () => ['--store', 'mysql'] },
  { label: 'RedisStore', args: () => ['--store', 'redis'] },
];
const WORKERS = 4;

/** Every store × {1 process, 4 workers} × {locked, unlocked}; `tmp` holds the file-backed stores. */
export function systems(tmp) {
  const out = [];
  for (const store of STORES) {
    for (const workers of [1, WORKERS]) {
      for (const locked of [true, false]) {
        const name = `${store.label} ${workers === 1 ? '1 process' : `${workers} workers`}${locked ? '' : ' unlocked'}`;
        const dir = (sub) => path.join(tmp, `${sub}-${workers}-${locked ? 'l' : 'u'}`);
        out.push({
          name,
          file: 'servers/sessions/webts.mjs',
          args: [...store.args(dir), '--workers', String(workers), ...(locked ? [] : ['--shared', 'false'])],
          webts: true,
          store: store.label,
          workers,
          locked,
        });
      }
    }
  }
  return out;
}

/** Lock cost per store and process count: locked req/s as a share of unlocked req/s. */
function costTable(results, systemsByName) {
  const lines = [
    '| store | processes | unlocked req/s | locked req/s | locked / unlocked | locked p99 ms | failed requests (locked) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const byKey = new Map();
  for (const r of results) {
    const s = systemsByName.get(r.system);
    const key = `${s.store}|${s.workers}`;
    byKey.set(key, {
      ...byKey.get(key),
      [s.locked ? 'locked' : 'unlocked']: r,
      store: s.store,
      workers: s.workers,
    });
  }
  for (const { store, workers, locked, unlocked } of byKey.values()) {
    if (!locked || !unlocked) continue;
    const share = unlocked.rps > 0 ? `${Math.round((100 * locked.rps) / unlocked.rps)} %` : 'n/a';
    lines.push(
      `| ${store} | ${workers} | ${fmtInt(unlocked.rps)} | ${fmtInt(locked.rps)} | ${share} | ${locked.p99} | ${locked.bad} |`,
    );
  }
  return lines.join('\n');
}

/** Runs the suite and returns { markdown, data }. */
export async function run(opts) {
  const { log } = opts;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'webts-bench-locking-'));
  const all = opts.filter(systems(tmp));
  const systemsByName = new Map(all.map((s) => [s.name, s]));
  const { started: running, skipped } = await startAll(all, log);
  try {
    const { started, cookies, manyCookies } = await logInAll(running, opts, skipped);
    log('  -- GET / logged in, a session of its own per connection');
    const perConnection = await interleave(started, sessionPerConnection(manyCookies), opts);
    log('  -- GET / with one logged-in session cookie on every connection');
    const oneSession = await interleave(started, oneSessionScenario(cookies), opts);
    const markdown = [
      ...driverTables(
        perConnection,
        `### locking: GET / logged in, each of the ${opts.connections} connections with a session of its own`,
        {},
        (rows) => costTable(rows, systemsByName),
      ),
      ...driverTables(
        oneSession,
        `### locking: GET / with the cookie of one logged-in session on all ${opts.connections} connections`,
        {},
        (rows) => costTable(rows, systemsByName),
      ),
      '<details><summary>every system</summary>',
      '',
      ...driverTables(perConnection, '#### locking: a session per connection, every system', {}, (rows) =>
        table(rows, { reference: rows[0]?.system }),
      ),
      ...driverTables(oneSession, '#### locking: one session on all connections, every system', {}, (rows) =>
        table(rows, { reference: rows[0]?.system }),
      ),
      '</details>',
      ...skipped.map((s) => `- not measured: ${s.system} (${s.reason.split('\n')[0]})`),
    ].join('\n');
    return {
      markdown,
      data: {
        suite: 'locking',
        options: publicOptions(opts),
        environment: environment(),
        perConnection,
        oneSession,
        skipped,
      },
    };
  } finally {
    await stopAll(running);
    rmSync(tmp, { recursive: true, force: true });
  }
}
