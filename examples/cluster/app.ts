// web.py's session example served by several processes at once (node:cluster), sharing one session store.
// Run: npx tsc -b (from the repo root), then in this folder:
//   WORKERS=4 DATABASE_URL=postgres://app:secret@127.0.0.1/app node app.js 8080   (PostgreSQL or MySQL URL)
//   node app.js 8080                        (no DATABASE_URL: SQLite file sessions.db, one machine only)
// SESSION_TABLE names the sessions table (default sessions).
// Every worker listens on the same port; the primary hands each new connection to one of them.
import cluster from 'node:cluster';
import web from 'webts';

const WORKERS = Number(process.env.WORKERS ?? 2);
if (!Number.isInteger(WORKERS) || WORKERS < 1 || WORKERS > 256) {
  throw new Error(`WORKERS must be a whole number from 1 to 256, not ${JSON.stringify(process.env.WORKERS)}`);
}

/**
 * Sessions live where every worker (and every machine, with a server database) can reach them. SQLite
 * works across the processes of one machine through its file lock (a request waits up to about a second for
 * another worker's lock, then gets a 503): fine to try this out, not for real traffic.
 */
function sessionStore() {
  const db = process.env.DATABASE_URL ? web.database() : web.database({ dbn: 'sqlite', db: 'sessions.db' });
  return web.session.DBStore(db, process.env.SESSION_TABLE ?? 'sessions');
}

web.config.debug = false;

if (cluster.isPrimary) {
  // Create the table (and sweep expired sessions) once, before the workers race to do it.
  const store = sessionStore();
  await store.cleanup(web.config.session_parameters.timeout);
  await store.db.close();

  let stopping = false;
  const started = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
  };
  for (let i = 0; i < WORKERS; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    if (stopping) {
      if (started.size === 0) process.exit(0);
      return;
    }
    // A worker that crashed is replaced; one that cannot even start (dies within 2 s) is not, to avoid a loop.
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}) after ${lived} ms`);
    if (lived > 2000) fork();
    else if (started.size === 0) process.exit(1);
  });
  // Graceful shutdown: each worker stops accepting, finishes its requests (app.run does that on SIGTERM).
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} else {
  // biome-ignore format: one pattern, target pair per line, as in web.py
  const urls = [
    '/', 'Index',
    '/login', 'Login',
    '/logout', 'Logout',
  ];
  const app = web.application(urls, () => ({ Index, Login, Logout }));
  const session = web.session.Session(app, sessionStore());

  class Index {
    GET() {
      if (session.get('logged_in', false)) {
        return '<h1>You are logged in</h1><a href="/logout">Logout</a>';
      }
      return '<h1>You are not logged in.</h1><a href="/login">Login now</a>';
    }
  }

  class Login {
    GET() {
      session.logged_in = true;
      session.regenerate();
      throw web.seeother('/');
    }
  }

  class Logout {
    GET() {
      session.logged_in = false;
      throw web.seeother('/');
    }
  }

  app.run();
}
