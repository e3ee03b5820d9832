// A webts application: web.py's urls list and handler classes, a session and templates.
// Run it with `npm start` (or `node app.js 8081` for another port).
import web from 'webts';

// biome-ignore format: one pattern, target pair per line, as in web.py
const urls = [
  '/', 'Index',
  '/hello', 'Hello',
];

const app = web.application(urls, () => ({ Index, Hello }));
const session = web.session.Session(app, web.session.DiskStore('sessions'), { name: null, visits: 0 });
// Every POST must carry the session's CSRF token: the form renders it with $:csrf_input().
web.config._session = session;
web.config.csrf = true;
const render = web.template.render('templates', { base: 'layout', globals: { csrf_input: web.csrf_input } });

class Index {
  GET() {
    session.visits = Number(session.visits) + 1;
    return render.index(session.name, session.visits);
  }
}

class Hello {
  POST() {
    const form = web.input({ name: '' });
    session.name = form.name.trim().slice(0, 40) || null;
    throw web.seeother('/');
  }
}

if (web.isMain(import.meta)) app.run();

export { app };
