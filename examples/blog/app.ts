// web.py's blog example (blog.py), ported to webts line for line.
// Run: npx tsc -b (from the repo root), then `node app.js [port]` in this folder.
// Database: blog.db (SQLite) in the working directory, or DATABASE_URL when it is set.
import web from 'webts';
import * as model from './model.js';

// biome-ignore format: one pattern, target pair per line, as in web.py
const urls = [
  '/', 'Index',
  '/view/(\\d+)', 'View',
  '/new', 'New',
  '/delete/(\\d+)', 'Delete',
  '/edit/(\\d+)', 'Edit',
];

// webts: csrf_input() puts the session's CSRF token in the forms the templates write by hand.
const t_globals = {
  datestr: web.datestr,
  csrf_input: web.csrf_input,
};
// webts: the folder is found next to this file, so the app runs from any working directory.
const render = web.template.render<'index' | 'view' | 'new' | 'edit'>(`${import.meta.dirname}/templates`, {
  base: 'base',
  globals: t_globals,
});

/** The post id from the URL, or 404 (web.py's int(id) would send any size of number to the database). */
function post_id(id: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n)) throw web.notfound();
  return n;
}

/** The post, or 404 (web.py renders `None` and fails with a 500 on a deleted post). */
async function get_post_or_404(id: string): Promise<model.Post> {
  const post = await model.get_post(post_id(id));
  if (!post) throw web.notfound();
  return post;
}

class Index {
  async GET() {
    const posts = await model.get_posts();
    return render.index(posts);
  }
}

class View {
  async GET(id: string) {
    const post = await get_post_or_404(id);
    return render.view(post);
  }
}

// webts: SQLite and PostgreSQL refuse text with NUL characters, so say so in the form instead of failing
// with a 500 when someone sends one (web.py on PostgreSQL has the same 500).
const no_nul = web.form.Validator('Must not contain NUL characters', (v: string) => !v.includes('\0'));

class New {
  // webts: CsrfToken() renders the session's CSRF token as a hidden input of the form.
  static form = web.form.Form(
    web.form.CsrfToken(),
    web.form.Textbox('title', web.form.notnull, no_nul, { size: 30, description: 'Post title:' }),
    web.form.Textarea('content', web.form.notnull, no_nul, {
      rows: 30,
      cols: 80,
      description: 'Post content:',
    }),
    web.form.Button('Post entry'),
  );

  GET() {
    const form = New.form();
    return render.new(form);
  }

  // webts: a POST without this session's CSRF token is answered 403 before the method runs.
  @web.csrf_protected
  async POST() {
    const form = New.form();
    if (!form.validates()) return render.new(form);
    await model.new_post(String(form.d.title), String(form.d.content));
    throw web.seeother('/');
  }
}

class Delete {
  @web.csrf_protected
  async POST(id: string) {
    await model.del_post(post_id(id));
    throw web.seeother('/');
  }
}

class Edit {
  async GET(id: string) {
    const post = await get_post_or_404(id);
    const form = New.form();
    form.fill(post);
    return render.edit(post, form);
  }

  @web.csrf_protected
  async POST(id: string) {
    const form = New.form();
    const post = await get_post_or_404(id);
    if (!form.validates()) return render.edit(post, form);
    await model.update_post(post.id, String(form.d.title), String(form.d.content));
    throw web.seeother('/');
  }
}

const app = web.application(urls, () => ({ Index, View, New, Delete, Edit }));
// webts: a session to keep the CSRF token in (found at web.config._session).
web.config._session = web.session.Session(app, web.session.DiskStore('sessions'), {});
await model.create_schema();

if (web.isMain(import.meta)) app.run();

export { app };
