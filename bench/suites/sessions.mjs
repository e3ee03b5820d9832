// Suite `sessions`: web.py's session workload. GET / with the cookie of a logged-in session, then GET / with
// no cookie at all (a crawler), and how many session records each store is left holding after the latter.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  driverTables,
  environment,
  fmtInt,
  interleave,
  request,
  startAll,
  stopAll,
} from '../lib/harness.mjs';
import { LOGGED_IN, NOT_LOGGED_IN } from '../lib/sessions-app.mjs';
import { publicOptions } from './core.mjs';

const REFERENCE = 'raw node:http + JSON file';

/** The systems of this suite, in round order; `tmp` holds each file- or SQLite-backed store's directory. */
export function systems(tmp) {
  const dir = (name) => ['--dir', path.join(tmp, name)];
  return [
    {
      name: 'webts DiskStore',
      file: 'servers/sessions/webts.mjs',
      args: ['--store', 'disk', ...dir('webts-disk')],
      webts: true,
    },
    {
      name: 'webts DiskStore private',
      file: 'servers/sessions/webts.mjs',
      args: ['--store', 'disk', '--shared', 'false', ...dir('webts-disk-private')],
      webts: true,
    },
    {
      name: 'webts MemoryStore',
      file: 'servers/sessions/webts.mjs',
      args: ['--store', 'memory'],
      webts: true,
    },
    {
      name: 'webts DBStore sqlite',
      file: 'servers/sessions/webts.mjs',
      args: ['--store', 'sqlite', ...dir('webts-sqlite')],
      webts: true,
    },
    {
      name: 'webts DBStore sqlite excl.',
      file: 'servers/sessions/webts.mjs',
      args: ['--store', 'sqlite', '--exclusive', ...dir('webts-sqlite-exclusive')],
      webts: true,
    },
    {
      name: 'webts DBStore postgres',
      file: 'servers/sessions/webts.mjs',
      args: ['--store', 'postgres'],
      webts: true,
    },
    {
      name: 'webts DBStore postgres unlocked',
      file: 'servers/sessions/webts.mjs',
      args: ['--store', 'postgres', '--shared', 'false'],
      webts: true,
    },
    { name: 'webts RedisStore', file: 'servers/sessions/webts.mjs', args: ['--store', 'redis'], webts: true },
    {
      name: 'express + file-store',
      file: 'servers/sessions/express.mjs',
      args: ['--store', 'file', ...dir('express-file')],
    },
    { name: 'express + MemoryStore', file: 'servers/sessions/express.mjs', args: ['--store', 'memory'] },
    { name: 'fastify + @fastify/session', file: 'servers/sessions/fastify.mjs', args: [] },
    { name: REFERENCE, file: 'servers/sessions/raw.mjs', args: dir('raw') },
  ];
}

/** Logs in once (GET /login) and returns the `name=value` session cookie, checking that GET / then says so. */
async function login(server) {
  const r = await request(server.port, '/login');
  const setCookie = r.headers['set-cookie'];
  if (r.status < 300 || r.status >= 400) throw new Error(`GET /login gave ${r.status}, not a redirect`);
  if (!setCookie || setCookie.length === 0) throw new Error('GET /login set no cookie');
  const cookie = setCookie[0].split(';')[0];
  const check = await request(server.port, '/', { cookie });
  if (check.body !== LOGGED_IN)
    throw new Error(`GET / with the login cookie said ${JSON.stringify(check.body)}`);
  const anon = await request(server.port, '/');
  if (anon.body !== NOT_LOGGED_IN)
    throw new Error(`GET / without a cookie said ${JSON.stringify(anon.body)}`);
  return cookie;
}

/**
 * Logs in to every server once, and once more per connection; a server that cannot log in is reported,
 * added to `skipped` and left out. Returns the servers that can be measured and their session cookies.
 */
export async function logInAll(servers, { connections, log }, skipped) {
  const cookies = new Map();
  const manyCookies = new Map();
  const started = [];
  for (const s of servers) {
    try {
      cookies.set(s.name, await login(s));
      const more = [];
      for (let i = 0; i < connections; i++) more.push({ cookie: await login(s) });
      manyCookies.set(s.name, more);
      started.push(s);
      log(`  ${s.name}: logged in (${cookies.get(s.name).slice(0, 40)}…), and ${more.length} more sessions`);
    } catch (err) {
      log(`  (!) ${s.name} not measured: ${err.message}`);
      skipped.push({ system: s.name, reason: err.message });
    }
  }
  return { started, cookies, manyCookies };
}

/** GET / with one logged-in session's cookie on every connection. */
export function oneSession(cookies) {
  return {
    name: 'GET / (logged in, one session)',
    path: '/',
    headers: (s) => ({ cookie: cookies.get(s.name) }),
    expect: () => (body) => body === LOGGED_IN,
  };
}

/** GET / logged in, each connection with a session of its own. */
export function sessionPerConnection(manyCookies) {
  return {
    name: 'GET / (logged in, a session per connection)',
    path: '/',
    perConnection: (s) => manyCookies.get(s.name),
    expect: () => (body) => body === LOGGED_IN,
  };
}

/** Runs the suite and returns { markdown, data }. */
export async function run(opts) {
  const { log } = opts;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'webts-bench-sessions-'));
  const { started: all, skipped } = await startAll(opts.filter(systems(tmp)), log);
  try {
    const { started, cookies, manyCookies } = await logInAll(all, opts, skipped);
    log('  -- GET / with one logged-in session cookie on every connection');
    const withCookie = await interleave(started, oneSession(cookies), opts);
    log('  -- GET / logged in, a session of its own per connection');
    const perConnection = await interleave(started, sessionPerConnection(manyCookies), opts);

    // Only records made by cookieless requests count from here on.
    for (const s of started) await s.ask('clear').catch(() => {});
    // Per driver and system: with --driver both, each driver's rounds have their own count.
    const leftBehind = new Map();
    const entryFor = (driver, system) => {
      const key = `${driver}\u0000${system}`;
      if (!leftBehind.has(key)) leftBehind.set(key, { records: 0, requests: 0, countable: true });
      return leftBehind.get(key);
    };
    log('  -- GET / without a cookie');
    const noCookie = await interleave(
      started,
      {
        name: 'GET / (no cookie)',
        path: '/',
        expect: () => (body) => body === NOT_LOGGED_IN,
        afterRun: async (s, result, warmup) => {
          // A server that died mid-suite shows up as failed requests, not as a crash of the harness.
          const n = await s.ask('count').catch(() => null);
          await s.ask('clear').catch(() => {});
          if (warmup) return;
          const entry = entryFor(result.driver, s.name);
          if (n === null || n === undefined || Number.isNaN(n)) entry.countable = false;
          else entry.records += n;
          entry.requests += result.total;
        },
      },
      opts,
    );
    for (const r of noCookie) r.leftBehind = entryFor(r.driver, r.system);

    const records = (r) => (r.leftBehind.countable ? fmtInt(r.leftBehind.records) : 'n/a');
    const perRequest = (r) =>
      r.leftBehind.countable && r.leftBehind.requests > 0
        ? (r.leftBehind.records / r.leftBehind.requests).toFixed(2)
        : 'n/a';
    const markdown = [
      ...driverTables(
        withCookie,
        `### sessions: GET / with the cookie of one logged-in session (all ${opts.connections} connections)`,
        { reference: REFERENCE },
      ),
      ...driverTables(
        perConnection,
        `### sessions: GET / logged in, each of the ${opts.connections} connections with a session of its own`,
        { reference: REFERENCE },
      ),
      ...driverTables(noCookie, '### sessions: GET / without a cookie', {
        reference: REFERENCE,
        extra: [
          { title: 'records left', value: records },
          { title: 'records per request', value: perRequest },
        ],
      }),
      '"records left": session files/rows/entries the store held after the cookieless rounds (summed over rounds;',
      'the store is emptied after each round). express-session and @fastify/session run with saveUninitialized',
      'false, as their docs recommend for login sessions. (web.py 0.62 itself saves a new record for every',
      'cookieless request.)',
      ...skipped.map((s) => `- not measured: ${s.system} (${s.reason.split('\n')[0]})`),
    ].join('\n');
    return {
      markdown,
      data: {
        suite: 'sessions',
        options: publicOptions(opts),
        environment: environment(),
        withCookie,
        perConnection,
        noCookie,
        skipped,
      },
    };
  } finally {
    await stopAll(all);
    rmSync(tmp, { recursive: true, force: true });
  }
}
