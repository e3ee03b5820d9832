/**
 * The `webts port` corpus: web.py apps written for the porter's tests (corpus/<dir>/app.py, with
 * their templates and static files), each with the requests sent to the original and to its port.
 * Unlike the differential corpus, no TypeScript is written by hand: the port is the porter's output.
 */
import type { Case } from '../differential/harness.js';

/** One app of the corpus: where it is, which file starts it, and its cases. */
export interface CorpusApp {
  dir: string;
  /** The module that starts the app (default app.py). */
  main?: string;
  cases: Case[];
}

export const CORPUS: CorpusApp[] = [
  {
    dir: 'hello',
    cases: [
      {
        name: 'hello: index and a URL group',
        dir: 'hello',
        steps: [
          { path: '/', expect: { status: 200, body: 'Hello, world!' } },
          { path: '/greet/Ann', expect: { body: 'Hello, Ann! (3 letters)' } },
          { path: '/greet/', expect: { body: 'Hello, everybody! (9 letters)' } },
          { path: '/greet/caf%C3%A9' },
          { path: '/nowhere', expect: { status: 404 } },
        ],
      },
    ],
  },
  {
    dir: 'input',
    cases: [
      {
        name: 'input: defaults, lists, required names',
        dir: 'input',
        steps: [
          { path: '/search', expect: { body: 'nothing to search for' } },
          { path: '/search?q=red+green%20blue&page=2', expect: { body: 'page 2: RED, GREEN, BLUE' } },
          { path: '/search?q=x&page=two', expect: { status: 500 } },
          { method: 'POST', path: '/search', form: { q: '  padded  ' }, expect: { body: 'posted padded' } },
          { method: 'POST', path: '/search', expect: { body: 'no q posted' } },
          { path: '/sum?a=2&b=40', expect: { body: '2 + 40 = 42' } },
          { path: '/sum' },
          { path: '/tags?tag=b&tag=a&tag=b', expect: { body: '2 tags: a b' } },
          { path: '/tags' },
          { path: '/required?name=Bo', expect: { body: 'hi Bo' } },
          { path: '/required', expect: { status: 400 } },
        ],
      },
    ],
  },
  {
    dir: 'redirects',
    cases: [
      {
        name: 'redirects: urls redirects, seeother, found, tempredirect, redirect, notfound',
        dir: 'redirects',
        steps: [
          { path: '/old', expect: { status: 301 } },
          { path: '/old/x/y?z=1', expect: { status: 301 } },
          { path: '/see', expect: { status: 303 } },
          { method: 'POST', path: '/see', expect: { status: 303 } },
          { path: '/found', expect: { status: 302 } },
          { path: '/temp', expect: { status: 307 } },
          { path: '/perm', expect: { status: 301 } },
          { path: '/missing', expect: { status: 404, body: 'no such page' } },
          { path: '/new/a%20b' },
        ],
      },
    ],
  },
  {
    dir: 'cookies',
    cases: [
      {
        name: 'cookies: setcookie with expiry and options, cookies() defaults, deletion',
        dir: 'cookies',
        steps: [
          { path: '/recall', expect: { body: 'name=nobody theme=light' } },
          { path: '/remember?name=Zoe', expect: { body: 'remembered Zoe' } },
          { path: '/recall', expect: { body: 'name=Zoe theme=dark' } },
          { path: '/forget' },
          { path: '/recall', expect: { body: 'name=nobody theme=dark' } },
          { path: '/visits', expect: { body: 'visit 1' } },
          { path: '/visits' },
          { path: '/visits', expect: { body: 'welcome back, visit 3' } },
          { path: '/visits', noCookies: true, headers: { Cookie: 'visits=x' }, expect: { status: 500 } },
        ],
      },
    ],
  },
  {
    dir: 'ctx',
    cases: [
      {
        name: 'ctx: path, query, status, headers, env',
        dir: 'ctx',
        steps: [
          { path: '/where' },
          { path: '/where/a/b?x=1&y=2' },
          { method: 'POST', path: '/created', expect: { status: 201 } },
          { path: '/headers', headers: { 'User-Agent': 'port/1', 'Accept-Language': 'fr,en;q=0.5' } },
          { path: '/headers', headers: { 'User-Agent': 'port/2' } },
        ],
      },
    ],
  },
  {
    dir: 'sessions',
    cases: [
      {
        name: 'sessions: DiskStore with an initializer, +=, get, kill',
        dir: 'sessions',
        sessionCookie: 'webpy_session_id',
        randomCookies: ['webpy_session_id'],
        steps: [
          { path: '/', expect: { body: 'count=1 name=-' } },
          { path: '/' },
          { method: 'POST', path: '/name', form: { name: ' Ida ' }, expect: { status: 303 } },
          { path: '/', expect: { body: 'count=3 name=Ida' } },
          { method: 'POST', path: '/name', form: { name: '' } },
          { path: '/', expect: { body: 'count=4 name=anonymous' } },
          { path: '/reset' },
          { path: '/', expect: { body: 'count=1 name=-' } },
        ],
      },
    ],
  },
  {
    dir: 'subapps',
    cases: [
      {
        name: 'sub-applications: a module of its own mounted at /blog',
        dir: 'subapps',
        steps: [
          { path: '/', expect: { body: 'home' } },
          { path: '/blog', expect: { body: 'blog index at /blog' } },
          { path: '/blog/' },
          { path: '/blog/first-post' },
          { path: '/other', expect: { status: 404 } },
        ],
      },
    ],
  },
  {
    dir: 'processors',
    cases: [
      {
        name: 'processors: a wrapping processor and a loadhook',
        dir: 'processors',
        headers: ['X-Steps'],
        steps: [
          { path: '/', expect: { body: '<seen: />' } },
          { path: '/' },
          { path: '/fail', expect: { status: 403 } },
          { path: '/' },
        ],
      },
    ],
  },
  {
    dir: 'templates',
    cases: [
      {
        name: 'templates: a layout, $var, loops, escaping, keyword arguments',
        dir: 'templates',
        steps: [
          { path: '/', expect: { status: 200 } },
          { path: '/item/1' },
          { path: '/item/7', expect: { status: 404 } },
          { path: '/bare' },
        ],
      },
    ],
  },
  {
    dir: 'forms',
    cases: [
      {
        name: 'forms: inputs, validators, a form validator, re-rendering',
        dir: 'forms',
        steps: [
          { path: '/' },
          { method: 'POST', path: '/', form: { username: '', password: 'x', age: '', colour: 'r' } },
          {
            method: 'POST',
            path: '/',
            form: { username: 'kim', password: 'secret', age: 'ten', colour: 'g' },
          },
          {
            method: 'POST',
            path: '/',
            form: { username: 'kim', password: 'secret', age: '12', colour: 'g' },
          },
          {
            method: 'POST',
            path: '/',
            form: { username: 'kim', password: 'secret', age: '30', colour: 'g', terms: 'yes' },
            expect: { body: 'welcome kim, colour g, age 30' },
          },
          { method: 'POST', path: '/', form: { username: 'lee', password: 'longer', age: '', colour: 'r' } },
        ],
      },
    ],
  },
  {
    dir: 'upload',
    cases: [
      {
        name: 'file upload: web.input(myfile={})',
        dir: 'upload',
        steps: [
          { path: '/upload' },
          {
            method: 'POST',
            path: '/upload',
            multipart: [
              { name: 'myfile', filename: 'notes.txt', type: 'text/plain', value: 'hello upload' },
              { name: 'note', value: 'first' },
            ],
            expect: { body: 'got notes.txt (12 bytes) note=first' },
          },
          {
            method: 'POST',
            path: '/upload',
            multipart: [{ name: 'note', value: 'none' }],
            expect: { body: 'no file' },
          },
        ],
      },
    ],
  },
  {
    dir: 'database',
    cases: [
      {
        name: 'database: insert, select with vars=locals(), update, delete, query',
        dir: 'database',
        steps: [
          { path: '/', expect: { body: 'no notes' } },
          { method: 'POST', path: '/add', form: { body: 'buy milk' }, expect: { status: 303 } },
          { method: 'POST', path: '/add', form: { body: 'call mum' } },
          { method: 'POST', path: '/add', form: { body: 'buy bread' } },
          { method: 'POST', path: '/add', form: { body: '' }, expect: { body: 'empty' } },
          { method: 'POST', path: '/star/3', expect: { body: 'note 3 has 1 stars' } },
          { method: 'POST', path: '/star/3' },
          { method: 'POST', path: '/star/1' },
          { method: 'POST', path: '/star/9', expect: { status: 404 } },
          { path: '/find?q=buy' },
          { method: 'POST', path: '/del/2', expect: { body: 'removed 1' } },
          { method: 'POST', path: '/del/2', expect: { body: 'removed 0' } },
          { path: '/' },
          { path: '/count', expect: { body: 'count=2' } },
        ],
      },
    ],
  },
  {
    dir: 'transactions',
    cases: [
      {
        name: 'transactions: with db.transaction(), t.rollback()/t.commit()',
        dir: 'transactions',
        steps: [
          { path: '/', expect: { body: 'apple=5, pear=1' } },
          {
            method: 'POST',
            path: '/move',
            form: { src: 'apple', dst: 'pear', qty: '2' },
            expect: { body: 'moved: apple=3, pear=3' },
          },
          { method: 'POST', path: '/move', form: { src: 'pear', dst: 'apple', qty: '9' } },
          { method: 'POST', path: '/take', form: { item: 'pear' } },
          { method: 'POST', path: '/take', form: { item: 'pear' } },
          { method: 'POST', path: '/take', form: { item: 'pear' } },
          {
            method: 'POST',
            path: '/take',
            form: { item: 'pear' },
            expect: { body: 'rolled back: apple=3, pear=0' },
          },
          { path: '/' },
        ],
      },
    ],
  },
  {
    dir: 'caching',
    cases: [
      {
        name: 'http caching: web.modified with an ETag, web.http.expires',
        dir: 'caching',
        headers: ['ETag', 'Cache-Control', 'Expires'],
        steps: [
          { path: '/doc', expect: { status: 200, body: 'the document' } },
          { path: '/doc', headers: { 'If-None-Match': '"v42"' }, expect: { status: 304 } },
          { path: '/doc', headers: { 'If-None-Match': '"v41"' } },
          { path: '/feed' },
        ],
      },
    ],
  },
  {
    dir: 'seed-sessions',
    cases: [
      {
        name: "the seed: web.py's session example (DiskStore), exactly as published",
        dir: 'seed-sessions',
        sessionCookie: 'webpy_session_id',
        randomCookies: ['webpy_session_id'],
        steps: [
          { path: '/', expect: { body: '<h1>You are not logged in.</h1><a href="/login">Login now</a>' } },
          { path: '/login', expect: { status: 303 } },
          { path: '/', expect: { body: '<h1>You are logged in</h1><a href="/logout">Logout</a>' } },
          { path: '/logout', expect: { status: 303 } },
          { path: '/' },
        ],
      },
    ],
  },
  {
    dir: 'todo',
    main: 'code.py',
    cases: [
      {
        name: 'the to-do tutorial (code.py and model.py, templates with a layout)',
        dir: 'todo',
        steps: [
          { path: '/', expect: { status: 200 } },
          { method: 'POST', path: '/add', form: { title: 'learn webts' }, expect: { status: 303 } },
          { method: 'POST', path: '/add', form: { title: 'port <the> app & ship' } },
          { method: 'POST', path: '/add', form: { title: '' }, expect: { status: 200 } },
          { path: '/' },
          { method: 'POST', path: '/del/1', expect: { status: 303 } },
          { method: 'POST', path: '/del/99', expect: { status: 303 } },
          { path: '/' },
        ],
      },
    ],
  },
  {
    dir: 'blog',
    main: 'blog.py',
    cases: [
      {
        name: 'the blog: list, view, new with a form, edit with form.fill, delete',
        dir: 'blog',
        steps: [
          { path: '/', expect: { status: 200 } },
          { path: '/new' },
          { method: 'POST', path: '/new', form: { title: '', content: 'no title' } },
          {
            method: 'POST',
            path: '/new',
            form: { title: 'First', content: 'Hello there, blog readers' },
            expect: { status: 303 },
          },
          { method: 'POST', path: '/new', form: { title: 'Second <b>', content: 'short' } },
          { path: '/' },
          { path: '/view/1' },
          { path: '/view/9', expect: { status: 404 } },
          { path: '/edit/2' },
          {
            method: 'POST',
            path: '/edit/2',
            form: { title: 'Second, edited', content: 'longer than before' },
            expect: { status: 303 },
          },
          { method: 'POST', path: '/edit/2', form: { title: '', content: '' } },
          { path: '/view/2' },
          { method: 'POST', path: '/delete/1', expect: { status: 303 } },
          { path: '/' },
        ],
      },
    ],
  },
  {
    dir: 'sessions-db',
    cases: [
      {
        name: 'sessions: DBStore on SQLite, a list in the session',
        dir: 'sessions-db',
        sessionCookie: 'webpy_session_id',
        randomCookies: ['webpy_session_id'],
        steps: [
          { path: '/', expect: { body: 'the cart is empty' } },
          { path: '/add/apple', expect: { status: 303 } },
          { path: '/add/pear' },
          { path: '/', expect: { body: '2 in the cart: apple, pear' } },
          { path: '/', noCookies: true, expect: { body: 'the cart is empty' } },
          { path: '/empty' },
          { path: '/' },
        ],
      },
    ],
  },
  {
    dir: 'sessions-shelf',
    cases: [
      {
        name: 'sessions: ShelfStore(shelve.open(file))',
        dir: 'sessions-shelf',
        sessionCookie: 'webpy_session_id',
        randomCookies: ['webpy_session_id'],
        steps: [
          { path: '/', expect: { body: 'who are you?' } },
          { path: '/as/Mo', expect: { body: 'you are Mo' } },
          { path: '/', expect: { body: 'hello again, Mo' } },
        ],
      },
    ],
  },
];
