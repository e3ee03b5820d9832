// web.py's to-do list tutorial (code.py), ported to webts line for line.
// Run: npx tsc -b (from the repo root), then `node app.js [port]` in this folder.
// Database: todo.db (SQLite) in the working directory, or DATABASE_URL when it is set.
import web from 'webts';
import * as model from './model.js';

// biome-ignore format: one pattern, target pair per line, as in web.py
const urls = [
  '/', 'Index',
  '/add', 'Add',
  '/del/(\\d+)', 'Delete',
];

// webts: the folder is found next to this file, so the app runs from any working directory.
// webts: csrf_input() in the globals, so the templates can put the CSRF token in each form.
const render = web.template.render<'index'>(`${import.meta.dirname}/templates`, {
  base: 'base',
  globals: { csrf_input: web.csrf_input },
});

// webts: SQLite and PostgreSQL refuse text with NUL characters, so say so in the form instead of failing
// with a 500 when someone sends one (web.py on PostgreSQL has the same 500).
const no_nul = web.form.Validator('Must not contain NUL characters', (v: string) => !v.includes('\0'));

const todo_form = web.form.Form(
  web.form.Textbox('title', web.form.notnull, no_nul, { description: 'I need to:' }),
  web.form.Button('Add todo'),
);

class Index {
  async GET() {
    const todos = await model.get_todos();
    const form = todo_form();
    return render.index(todos, form);
  }
}

class Add {
  async POST() {
    const form = todo_form();
    if (!form.validates()) {
      const todos = await model.get_todos();
      return render.index(todos, form);
    }
    await model.new_todo(String(form.d.title));
    throw web.seeother('/');
  }
}

class Delete {
  async POST(id: string) {
    const n = Number(id);
    // webts: an id too long to be a number matches no row (web.py's int() would reach the database).
    if (Number.isSafeInteger(n)) await model.del_todo(n);
    throw web.seeother('/');
  }
}

const app = web.application(urls, () => ({ Index, Add, Delete }));
// webts: CSRF protection. The token lives in the session (found at web.config._session), and with
// web.config.csrf every POST must send it back: a form posted from another site is answered 403.
const session = web.session.Session(app, web.session.DiskStore('sessions'), {});
web.config._session = session;
web.config.csrf = true;
await model.create_schema();

if (web.isMain(import.meta)) app.run();

export { app };
