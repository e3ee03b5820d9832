import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

web.config.debug = false;
const db = web.database({ dbn: 'sqlite', db: 'todo.db' });
await db.query(
  'CREATE TABLE todo (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, tag TEXT)',
);

// biome-ignore format: pattern, class pairs as in web.py
const urls = [
  '/add', 'add',
  '/list', 'listing',
  '/find', 'find',
  '/search', 'search',
  '/ids', 'ids',
  '/open', 'still_open',
  '/done/(\\d+)', 'done',
  '/del/(\\d+)', 'delete_',
  '/purge', 'purge',
  '/count', 'count',
  '/sql', 'sql',
];
const app = web.application(urls, () => ({
  add,
  listing,
  find,
  search,
  ids,
  still_open,
  done,
  delete_,
  purge,
  count,
  sql,
}));

interface Todo {
  id: number;
  title: string;
  done: number;
  tag: string | null;
}

function show(rows: Todo[]) {
  return rows.map((r) => `${r.id} ${r.title} done=${r.done} tag=${r.tag || '-'}`).join('\n') || '(none)';
}

class add {
  async POST() {
    const i = web.input({ tag: null });
    const n = await db.insert('todo', { title: i.title, tag: i.tag });
    return `added ${n}`;
  }
}

class listing {
  async GET() {
    return show(await db.select<Todo>('todo', { order: 'id' }));
  }
}

class find {
  async GET() {
    const i = web.input({ tag: 'home', done: '0' });
    return show(await db.select<Todo>('todo', { where: { tag: i.tag, done: Number(i.done) }, order: 'id' }));
  }
}

class search {
  async GET() {
    const q = web.input({ q: '' }).q;
    return show(
      await db.select<Todo>('todo', {
        where: 'title LIKE $pat',
        vars: { pat: '%' + q + '%' },
        order: 'id DESC',
        limit: 2,
      }),
    );
  }
}

class ids {
  async GET() {
    const wanted = web.input({ id: [] }).id.map((x) => Number(x));
    return show(await db.select<Todo>('todo', { where: web.sqlors('id = ', wanted), order: 'id' }));
  }
}

class still_open {
  async GET() {
    return show(await db.where<Todo>('todo', { done: 0, order: 'id' }));
  }
}

class done {
  async POST(id: string) {
    const n = await db.update('todo', { where: 'id=$id', vars: { id: Number(id) }, done: 1 });
    return `updated ${n}`;
  }
}

// `delete` is a reserved word in JavaScript.
class delete_ {
  async POST(id: string) {
    const n = await db.delete('todo', { where: 'id=$id', vars: { id: Number(id) } });
    return `deleted ${n}`;
  }
}

class purge {
  async POST() {
    const where_dict = { done: 1, tag: web.input({ tag: 'home' }).tag };
    const n = await db.delete('todo', { where: web.db.sqlwhere(Object.entries(where_dict)) });
    return `purged ${n}`;
  }
}

class count {
  async GET() {
    const rows = await db.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM todo');
    return `count=${rows[0]?.n}`;
  }
}

class sql {
  GET() {
    return [
      String(web.sqlquote(5)),
      String(web.sqllist(['a', 'b', 'c'])),
      String(web.sqlors('id = ', [1, 2, 3])),
      String(
        web.db.sqlwhere([
          ['a', 1],
          ['b', 2],
        ]),
      ),
      String(web.sqlquote("it's")),
    ].join('\n');
  }
}

if (web.isMain(import.meta)) app.run();
