// web.py's session example (webpy.org "Sessions"), ported to webts line for line.
// Run: npx tsc -b (from the repo root), then `node app.js [port]` in this folder.
import web from 'webts';

// biome-ignore format: one pattern, target pair per line, as in web.py
const urls = [
  '/', 'Index',
  '/login', 'Login',
  '/logout', 'Logout',
];
web.config.debug = false;
const app = web.application(urls, () => ({ Index, Login, Logout }));
const session = web.session.Session(app, web.session.DiskStore('sessions'));

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
    session.regenerate(); // webts: a new session id at login (session fixation defence)
    throw web.seeother('/');
  }
}

class Logout {
  GET() {
    session.logged_in = false;
    throw web.seeother('/');
  }
}

if (web.isMain(import.meta)) app.run();

export { app, session };
