// express 5 + express-session, with session-file-store (--store file) or its MemoryStore (--store memory).
// Configured as express-session's README recommends for login sessions: resave false, saveUninitialized false.
import express from 'express';
import session from 'express-session';
import sessionFileStore from 'session-file-store';
import { argvOptions, fail, serve } from '../../lib/child.mjs';
import { countFiles, emptyDir, LOGGED_IN, NOT_LOGGED_IN } from '../../lib/sessions-app.mjs';

const opts = argvOptions();
let store;
let hooks;
if (opts.store === 'file') {
  await emptyDir(opts.dir);
  const FileStore = sessionFileStore(session);
  store = new FileStore({ path: opts.dir, logFn: () => {} });
  hooks = { count: () => countFiles(opts.dir), clear: () => emptyDir(opts.dir) };
} else if (opts.store === 'memory') {
  store = new session.MemoryStore();
  hooks = {
    count: () => new Promise((resolve, reject) => store.length((e, n) => (e ? reject(e) : resolve(n)))),
    clear: () => new Promise((resolve, reject) => store.clear((e) => (e ? reject(e) : resolve()))),
  };
} else throw new Error(`--store file|memory, not ${opts.store}`);

const app = express();
app.use(
  session({ store, secret: 'bench-secret-not-for-production', resave: false, saveUninitialized: false }),
);
app.get('/', (req, res) => {
  res.send(req.session.logged_in ? LOGGED_IN : NOT_LOGGED_IN);
});
app.get('/login', (req, res) => {
  req.session.logged_in = true;
  res.redirect(303, '/');
});

const server = app.listen(0, '127.0.0.1');
server.once('listening', () => serve(server, hooks));
server.once('error', fail);
