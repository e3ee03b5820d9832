// webts with web.session and one of its stores: --store disk|memory|sqlite|postgres|mysql|redis [--exclusive]
// [--shared false] (the store without the cross-process session lock, to measure what it costs)
// [--workers N] (N node:cluster workers sharing the store and the port, as docs/deploy.md runs an app).
import cluster from 'node:cluster';
import web from 'webts';
import { argvOptions, serve } from '../../lib/child.mjs';
import { countFiles, emptyDir, LOGGED_IN, NOT_LOGGED_IN } from '../../lib/sessions-app.mjs';

const opts = argvOptions();
const workers = Number(opts.workers ?? 1);
// With workers, the primary sets the store up (empties folders, makes tables) and answers the harness; the
// workers serve. Names that must be the same in every process (a table, a key prefix) use the primary's pid.
const isWorker = cluster.isWorker;
const setUp = !isWorker;
const run = process.env.BENCH_RUN ?? String(process.pid);
const shared = opts.shared !== 'false';

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

/** Whether process `pid` still runs (another server of this run owns its tables). */
function alive(pid) {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

let store;
let hooks;
if (opts.store === 'disk') {
  if (setUp) await emptyDir(opts.dir);
  store = web.session.DiskStore(opts.dir, { shared });
  hooks = { count: () => countFiles(opts.dir), clear: () => emptyDir(opts.dir) };
} else if (opts.store === 'memory') {
  store = web.session.MemoryStore();
  hooks = {
    count: () => memoryCount(store),
    // The store's own expiry with a timeout in the future: every record counts as idle.
    clear: () => store.cleanup(-86400),
  };
} else if (opts.store === 'sqlite') {
  if (setUp) await emptyDir(opts.dir);
  // --exclusive: hold SQLite's file lock for the process's lifetime (docs/database.md, "SQLite speed").
  const db = web.database({
    dbn: 'sqlite',
    db: `${opts.dir}/sessions.db`,
    exclusive: opts.exclusive === 'true',
  });
  // The table web.py's DBStore documentation asks you to create.
  if (setUp)
    await db.query(
      'CREATE TABLE sessions (session_id CHAR(128) UNIQUE NOT NULL, ' +
        'atime TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, data TEXT)',
    );
  store = web.session.DBStore(db, 'sessions', { shared });
  hooks = {
    count: async () => Number((await firstRow(db.query('SELECT count(*) AS n FROM sessions')))?.n),
    clear: () => db.query('DELETE FROM sessions'),
  };
} else if (opts.store === 'postgres' || opts.store === 'mysql') {
  // A table of its own per run, dropped when the server exits.
  const table = `bench_sessions_${run}`;
  const db =
    opts.store === 'postgres'
      ? web.database({ dbn: 'postgres', db: 'test', user: 'postgres', host: '127.0.0.1' })
      : web.database({ dbn: 'mysql', db: 'test', user: 'root', host: '127.0.0.1' });
  store = web.session.DBStore(db, table, { shared });
  if (setUp) {
    // Tables an earlier run left behind (killed before it could drop its own).
    const listing =
      opts.store === 'postgres'
        ? "SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'bench\\_sessions\\_%'"
        : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'test' AND table_name LIKE 'bench\\_sessions\\_%'";
    for (const row of await db.query(listing)) {
      const owner = Number(/_(\d+)$/.exec(row.name)?.[1]);
      if (!alive(owner)) await db.query(`DROP TABLE IF EXISTS ${row.name}`);
    }
    await store.cleanup(86400); // creates the table
    process.on('SIGTERM', () => db.query(`DROP TABLE IF EXISTS ${table}`).finally(() => process.exit(0)));
  }
  hooks = {
    count: async () => Number((await firstRow(db.query(`SELECT count(*) AS n FROM ${table}`)))?.n),
    clear: () => db.query(`DELETE FROM ${table}`),
  };
} else if (opts.store === 'redis') {
  const prefix = `bench:${run}:`;
  store = web.session.RedisStore('redis://127.0.0.1:6379', { prefix });
  // RedisStore always locks; to measure what that costs, this server can take the lock away.
  if (!shared) store.lock = undefined;
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
} else throw new Error(`--store disk|memory|sqlite|postgres|mysql|redis, not ${opts.store}`);

if (workers > 1 && cluster.isPrimary) {
  // Fork the workers; once all listen (node:cluster gives every worker of `listen(0)` the same port),
  // report that port to the harness and answer its count/clear questions from here.
  const port = await new Promise((resolve, reject) => {
    let listening = 0;
    cluster.on('listening', (_worker, address) => {
      if (++listening === workers) resolve(address.port);
    });
    cluster.on('exit', (worker, code) => reject(new Error(`worker ${worker.id} exited (${code})`)));
    for (let i = 0; i < workers; i++) cluster.fork({ BENCH_RUN: run });
  });
  serve({ address: () => ({ port }) }, hooks);
} else {
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
  const server = await app.listen(0, '127.0.0.1');
  // A worker's port goes to the primary through node:cluster; a single process reports it itself.
  if (!isWorker) serve(server, hooks);
}
