import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import web from 'webts';
import { serverMissing } from '../../packages/web/test/helpers/servers.js';
import {
  browserMissing,
  type FormClient,
  formClient,
  launchBrowser,
  type RunningExample,
  startExample,
} from './helpers.js';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
// A name of this run's own: other checkouts on the machine run these suites against the same servers.
const PG_TABLE = `todo_example_test_${randomBytes(5).toString('hex')}`;
const pgMissing = await serverMissing('postgres');
const MYSQL_URL = 'mysql://root@127.0.0.1:3306/test';
const mysqlMissing = await serverMissing('mysql');

/** Types a title, clicks 'Add todo', and waits for the answer to the POST. */
async function addTodo(page: Page, title: string) {
  await page.fill('#title', title);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/add')),
    page.click('button[name="Add todo"]'),
  ]);
  await page.waitForLoadState();
  return response;
}

const listed = (page: Page) => page.$$eval('td:first-child', (tds) => tds.map((td) => td.textContent));

/** A POST of a urlencoded body with no session and no CSRF token (refused: 403). */
const postWithoutToken = (base: string, path: string, body: string) =>
  fetch(base + path, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });

/** Every cell of the first column of the list, as the raw HTML the server sent. */
const rawCells = (html: string) => [...html.matchAll(/<tr>\s*<td>([^<]*)<\/td>/g)].map((m) => m[1]);

/** The browser walk-through, against the example on SQLite (the default) or the given DATABASE_URL. */
function browserSuite(env: NodeJS.ProcessEnv, checkStore: (example: RunningExample) => Promise<void>) {
  let browser: Browser;
  let example: RunningExample;
  before(async () => {
    example = await startExample('todo', { env });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await example?.stop();
  });

  it("type a title, click 'Add todo', see it listed; click its 'Delete', see it gone", async () => {
    const page = await browser.newPage();
    await page.goto(`${example.base}/`);
    assert.equal(await page.title(), 'Todo list');
    assert.deepEqual(await listed(page), [], 'a new database has no todos');
    assert.equal(await page.textContent('label[for="title"]'), 'I need to:');

    const response = await addTodo(page, 'buy milk');
    assert.equal(response.status(), 303, 'the POST answers with a redirect (web.seeother)');
    assert.equal(page.url(), `${example.base}/`);
    await addTodo(page, 'walk the dog');
    assert.deepEqual(await listed(page), ['buy milk', 'walk the dog'], 'listed in the order added');
    await checkStore(example);

    await Promise.all([
      page.waitForURL(`${example.base}/`),
      page.click('tr:has-text("buy milk") input[value=Delete]'),
    ]);
    assert.deepEqual(await listed(page), ['walk the dog']);
    await page.reload();
    assert.deepEqual(await listed(page), ['walk the dog'], 'the delete is stored, not just shown');
    await Promise.all([page.waitForURL(`${example.base}/`), page.click('input[value=Delete]')]);
    assert.deepEqual(await listed(page), []);
    await page.close();
  });

  it("an empty title shows the form again with the note 'Required', not a 500", async () => {
    const page = await browser.newPage();
    await page.goto(`${example.base}/`);
    const response = await addTodo(page, '');
    assert.equal(response.status(), 200);
    assert.equal(await page.textContent('strong.wrong'), 'Required');
    assert.deepEqual(await listed(page), [], 'nothing was added');
    await page.close();
  });

  it('a title with markup is shown as text: no script runs', async () => {
    const page = await browser.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`${example.base}/`);
    await addTodo(page, '<script>alert(1)</script><b>bold</b>');
    assert.deepEqual(await listed(page), ['<script>alert(1)</script><b>bold</b>']);
    assert.equal(await page.$$eval('td b, td script', (els) => els.length), 0, 'no element was created');
    assert.equal(dialogs, 0);
    await Promise.all([page.waitForURL(`${example.base}/`), page.click('input[value=Delete]')]);
    await page.close();
  });
}

describe('examples/todo in a real browser (SQLite)', { skip: browserMissing() }, () => {
  browserSuite({}, async (example) => {
    assert.ok(existsSync(join(example.cwd, 'todo.db')), 'todo.db is created in the working directory');
  });
});

describe('examples/todo on PostgreSQL (DATABASE_URL, TODO_TABLE)', {
  skip: pgMissing ?? browserMissing(),
}, () => {
  const db = web.database(PG_URL);
  before(() => db.query(`DROP TABLE IF EXISTS ${PG_TABLE}`));
  after(async () => {
    await db.query(`DROP TABLE IF EXISTS ${PG_TABLE}`);
    await db.close();
  });
  browserSuite({ DATABASE_URL: PG_URL, TODO_TABLE: PG_TABLE }, async (example) => {
    assert.ok(!existsSync(join(example.cwd, 'todo.db')), 'no SQLite file when DATABASE_URL is set');
    const rows = await db.select<{ title: string }>(PG_TABLE, { order: 'id' });
    assert.deepEqual(
      rows.map((r) => r.title),
      ['buy milk', 'walk the dog'],
      'the rows are in PostgreSQL, in the table TODO_TABLE names',
    );
  });
});

/** Hostile requests through the real server, on SQLite (the default) or the given DATABASE_URL. */
function hostileSuite(env: NodeJS.ProcessEnv) {
  let example: RunningExample;
  /** One session, with the CSRF token its form carries: each post below sends it back. */
  let client: FormClient;
  before(async () => {
    example = await startExample('todo', { env });
    client = await formClient(example.base, '/');
  });
  after(async () => {
    await example?.stop();
  });

  const index = async () => {
    const r = await fetch(`${example.base}/`);
    assert.equal(r.status, 200);
    return r.text();
  };
  /** The answer is the form with a note (200), or a redirect to the list (303); never anything else. */
  const formOrRedirect = async (r: Response) => {
    const body = await r.text();
    if (r.status === 200) assert.match(body, /<strong class="wrong">/, 'a 200 shows the form with a note');
    else assert.equal(r.status, 303, `unexpected ${r.status}: ${body.slice(0, 200)}`);
    return r.status;
  };

  it("a form without the title field comes back with 'Required'", async () => {
    for (const body of ['', 'other=1', 'Add+todo=', 'title']) {
      const r = await client.post('/add', body);
      assert.equal(r.status, 200, body);
      assert.match(await r.text(), /name="title"[^>]*\/><strong class="wrong">Required</, body);
    }
  });

  it('a repeated title field adds one todo with the last value (web.input keeps the last)', async () => {
    const r = await client.post('/add', 'title=first&title=second');
    assert.equal(r.status, 303);
    assert.deepEqual(rawCells(await index()), ['second']);
  });

  it("a title[] list field is not a title: 'Required', nothing added", async () => {
    assert.equal(await formOrRedirect(await client.post('/add', 'title[]=a&title[]=b')), 200);
    assert.deepEqual(rawCells(await index()), ['second']);
  });

  it('a 1 MB title is stored and listed whole', async () => {
    const big = 'x'.repeat(1024 * 1024);
    assert.equal(await formOrRedirect(await client.post('/add', `title=${big}`)), 303);
    const cells = rawCells(await index());
    assert.equal(cells.length, 2);
    assert.equal(cells[1]?.length, big.length);
  });

  it('<script>alert(1)</script> as a title is listed escaped', async () => {
    const r = await client.post('/add', `title=${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.equal(r.status, 303);
    const html = await index();
    assert.ok(html.includes('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>'));
    assert.ok(!html.includes('<script>alert(1)'), 'the markup never reaches the page raw');
  });

  it('a title with a NUL character gets a note instead of a 500 (SQLite and PostgreSQL refuse NUL in text)', async () => {
    const r = await client.post('/add', 'title=a%00b');
    assert.equal(r.status, 200);
    assert.match(await r.text(), /<strong class="wrong">Must not contain NUL characters<\/strong>/);
  });

  it('invalid UTF-8 and quotes in a title are stored as text and escaped', async () => {
    assert.equal((await client.post('/add', 'title=%ff%22%27%26')).status, 303);
    assert.ok(rawCells(await index()).includes('\ufffd&quot;&#39;&amp;'));
  });

  it('a truncated multipart body is 400, a JSON body (token in X-CSRF-Token) is a missing title', async () => {
    const r = await fetch(`${example.base}/add`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nabc',
    });
    assert.equal(r.status, 400);
    const j = await fetch(`${example.base}/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: client.cookie, 'x-csrf-token': client.token },
      body: '{"title": "json"}',
    });
    assert.equal(j.status, 200);
    assert.match(await j.text(), /Required/);
  });

  it('deleting: unknown ids and ids too long for a number redirect; other paths are 404, GET is 405', async () => {
    const before = rawCells(await index()).length;
    for (const id of ['999999', '0', '9'.repeat(40)]) {
      assert.equal((await client.post(`/del/${id}`, '')).status, 303, id);
    }
    assert.equal((await client.post('/del/-1', '')).status, 404);
    assert.equal((await client.post('/del/1x', '')).status, 404);
    assert.equal((await fetch(`${example.base}/del/1`)).status, 405);
    assert.equal((await fetch(`${example.base}/add`)).status, 405);
    assert.equal(rawCells(await index()).length, before, 'nothing was deleted');
  });

  it('twenty adds at once are all stored', async () => {
    const before = rawCells(await index()).length;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.post('/add', `title=concurrent+${i}`)),
    );
    assert.deepEqual(
      answers.map((r) => r.status),
      Array(20).fill(303),
    );
    const cells = rawCells(await index());
    assert.equal(cells.length, before + 20);
    for (let i = 0; i < 20; i++) assert.ok(cells.includes(`concurrent ${i}`), `concurrent ${i}`);
  });

  it("a POST without the CSRF token, or with another session's, is 403 and changes nothing", async () => {
    const before = rawCells(await index());
    for (const path of ['/add', '/del/1']) {
      const r = await postWithoutToken(example.base, path, 'title=forged');
      assert.equal(r.status, 403, path);
      assert.match(await r.text(), /^CSRF check failed: this request has no csrf_token form field/);
    }
    const other = await formClient(example.base);
    assert.notEqual(other.token, client.token, 'each session has its own token');
    const r = await fetch(`${example.base}/add`, {
      method: 'POST',
      body: `title=forged&csrf_token=${other.token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: client.cookie },
    });
    assert.equal(r.status, 403);
    assert.match(await r.text(), /^CSRF check failed: the csrf_token sent does not belong to this session/);
    assert.equal((await other.post('/add', 'title=own+token')).status, 303, 'its own token works');
    assert.deepEqual(rawCells(await index()), [...before, 'own token']);
  });

  it('the server is still serving and never answered 500', async () => {
    await index();
    assert.doesNotMatch(example.output(), /" - 5\d\d /);
    assert.doesNotMatch(example.output(), /Error/);
  });
}

describe('examples/todo under hostile input (real server, SQLite)', () => {
  hostileSuite({});
});

for (const [name, url, missing] of [
  ['PostgreSQL', PG_URL, pgMissing],
  ['MySQL', MYSQL_URL, mysqlMissing],
] as const) {
  describe(`examples/todo under hostile input (real server, ${name})`, { skip: missing }, () => {
    const table = `${PG_TABLE}_hostile`;
    const db = web.database(url);
    before(() => db.query(`DROP TABLE IF EXISTS ${table}`));
    after(async () => {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    });
    hostileSuite({ DATABASE_URL: url, TODO_TABLE: table });
  });
}
