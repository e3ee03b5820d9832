// webts with web.session and one of its stores: --store disk|memory|sqlite|postgres|redis [--exclusive]
// [--shared false] (DiskStore/DBStore without the cross-process session lock, to measure what it costs).
import web from 'webts';
import { argvOptions, fail, serve } from '../../lib/child.mjs';
import { countFiles, emptyDir, LOGGED_IN, NOT_LOGGED_IN } from '../../lib/sessions-app.mjs';

const opts = argvOptions();

/** The first row of a query result, whatever shape (array, iterable, async iterable) the database returns. */
async function firstRow(result) {
  const r = await result;
  if (r && typeof r[Symbol.asyncIterator] === 'function') for await (const row of r) return row;
  if (r && typeof r[Symbol.iterator] === 'function') for (const row of r) return row;
  return undefined;
}

/** Counts a MemoryStore's records through whichever collection it exposes; null when it exposes none. */
function memoryCount(store) {
  for (const key of ['size', 'length']) if (typeof store[key] === 'number') return store[key];
  for (const key of ['d', 'data', 'store', 'map', 'sessions', 'records']) {
    const v = store[key];
    if (v instanceof Map) return v.size;
    if (v && typeof v === 'object') return Object.keys(v).length;
  }
  return null;
}

let store;
let hooks;
if (opts.store === 'disk') {
  await emptyDir(opts.dir);
  store = web.session.DiskStore(opts.dir, { shared: opts.shared !== 'false' });
  hooks = { count: () => countFiles(opts.dir), clear: () => emptyDir(opts.dir) };
} else if (opts.store === 'memory') {
  store = web.session.MemoryStore();
  hooks = {
    count: () => memoryCount(store),
    // The store's own expiry with a timeout in the future: every record counts as idle.
    clear: () => store.cleanup(-86400),
  };
} else if (opts.store === 'sqlite') {
  await emptyDir(opts.dir);
  // --exclusive: hold SQLite's file lock for the process's lifetime (docs/database.md, "SQLite speed").
  const db = web.database({
    dbn: 'sqlite',
    db: `${opts.dir}/sessions.db`,
    exclusive: opts.exclusive === 'true',
  });
  // The table web.py's DBStore documentation asks you to create.
  await db.query(
    'CREATE TABLE sessions (session_id CHAR(128) UNIQUE NOT NULL, ' +
      'atime TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, data TEXT)',
  );
  store = web.session.DBStore(db, 'sessions', { shared: opts.shared !== 'false' });
  hooks = {
    count: async () => Number((await firstRow(db.query('SELECT count(*) AS n FROM sessions')))?.n),
    clear: () => db.query('DELETE FROM sessions'),
  };
} else if (opts.store === 'postgres') {
  // A table of its own per run, dropped when the server exits.
  const table = `bench_sessions_${process.pid}`;
  const db = web.database({ dbn: 'postgres', db: 'test', user: 'postgres', host: '127.0.0.1' });
  // Tables an earlier run left behind (killed before it could drop its own).
  for (const row of await db.query(
    "SELECT tablename FROM pg_tables WHERE tablename LIKE 'bench\\_sessions\\_%'",
  )) {
    await db.query(`DROP TABLE IF EXISTS ${row.tablename}`);
  }
  store = web.session.DBStore(db, table, { shared: opts.shared !== 'false' });
  await store.cleanup(86400); // creates the table
  process.on('SIGTERM', () =>
    db.query(`DROP TABLE IF EXISTS ${table}, ${table}_locks`).finally(() => process.exit(0)),
  );
  hooks = {
    count: async () => Number((await firstRow(db.query(`SELECT count(*) AS n FROM ${table}`)))?.n),
    clear: () => db.query(`DELETE FROM ${table}`),
  };
} else if (opts.store === 'redis') {
  const prefix = `bench:${process.pid}:`;
  store = web.session.RedisStore('redis://127.0.0.1:6379', { prefix });
  const keys = async () => {
    const { createClient } = await import('redis');
    const client = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
    try {
      return await client.keys(`${prefix}*`);
    } finally {
      await client.quit();
    }
  };
  hooks = {
    count: async () => (await keys()).length,
    clear: async () => {
      for (const key of await keys()) await store.delete(key.slice(prefix.length));
    },
  };
} else throw new Error(`--store disk|memory|sqlite|postgres|redis, not ${opts.store}`);

const urls = ['/', 'Index', '/login', 'Login'];
web.config.debug = false;
const app = web.application(urls, {
  Index: class {
    GET() {
      return session.get('logged_in', false) ? LOGGED_IN : NOT_LOGGED_IN;
    }
  },
  Login: class {
    GET() {
      session.logged_in = true;
      throw web.seeother('/');
    }
  },
});
const session = web.session.Session(app, store);
app.listen(0, '127.0.0.1').then((server) => serve(server, hooks), fail);
