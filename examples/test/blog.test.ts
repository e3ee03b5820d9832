import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import web from 'webts';
import { serverMissing } from '../../packages/web/test/helpers/servers.js';

const { datestr } = web;

import {
  browserMissing,
  type FormClient,
  formClient,
  launchBrowser,
  type RunningExample,
  startExample,
} from './helpers.js';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const MYSQL_URL = 'mysql://root@127.0.0.1:3306/test';
const pgMissing = await serverMissing('postgres');
const mysqlMissing = await serverMissing('mysql');

/** A POST of a urlencoded body with no session and no CSRF token (refused: 403). */
const postWithoutToken = (base: string, path: string, body: string) =>
  fetch(base + path, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** The posts on the index page, newest first, as the raw HTML of each link text. */
const rawTitles = (html: string) =>
  [...html.matchAll(/<a href="\/view\/(\d+)">([^<]*)<\/a>/g)].map((m) => ({ id: m[1], title: m[2] }));

/** The notes (`<strong class="wrong">`) on a page, in order. */
const notes = (html: string) =>
  [...html.matchAll(/<strong class="wrong">([^<]*)<\/strong>/g)].map((m) => m[1]);

describe('web.datestr', () => {
  const d = new Date(Date.UTC(2026, 10, 27, 2, 0, 0));
  const plus = (s: number) => new Date(d.getTime() + s * 1000);
  it('gives the texts web.py 0.62 gives for the same distances', () => {
    assert.equal(datestr(d, plus(2)), '2 seconds ago');
    assert.equal(datestr(d, plus(61)), '1 minute ago');
    assert.equal(datestr(d, plus(3601)), '1 hour ago');
    assert.equal(datestr(d, plus(7200)), '2 hours ago');
    assert.equal(datestr(d, plus(-5)), '5 seconds from now');
    assert.equal(datestr(d, plus(86400 * 2)), '2 days ago');
    assert.equal(datestr(d, plus(86400 * 5)), 'November 27');
    assert.equal(datestr(d, plus(-86400 * 5)), 'November 27, 2026');
    assert.equal(datestr(d, plus(86400 * 400)), 'November 27, 2026');
    assert.equal(datestr(new Date(Date.UTC(2026, 5, 3)), d), 'June  3');
  });
  it("reads SQLite's UTC text, and gives '' for a missing value", () => {
    assert.equal(datestr('2026-11-27 01:58:59.000', d), '1 minute ago');
    assert.equal(datestr('2026-11-27 01:59:00', d), '60 seconds ago');
    assert.equal(datestr(null, d), '');
    assert.equal(datestr('not a date', d), 'not a date');
  });
});

describe('examples/blog in a real browser', { skip: browserMissing() }, () => {
  let browser: Browser;
  let example: RunningExample;
  before(async () => {
    example = await startExample('blog');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await example?.stop();
  });

  const submit = async (page: Page) => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('button[name="Post entry"]'),
    ]);
    await page.waitForLoadState();
    return response;
  };

  it('create a post, view it, edit it, delete it; the layout title follows each page', async () => {
    const page = await browser.newPage();
    await page.goto(`${example.base}/`);
    assert.equal(await page.title(), 'My Blog');
    assert.equal(await page.textContent('h1'), 'Blog posts');
    assert.ok(existsSync(join(example.cwd, 'blog.db')), 'blog.db is created in the working directory');

    await page.click('text=New Post');
    await page.waitForURL(`${example.base}/new`);
    assert.equal(await page.title(), 'New Blog Post');
    await page.fill('#title', 'Tom & Jerry');
    await page.fill('#content', 'A cat <and> a mouse.');
    assert.equal((await submit(page)).status(), 303);
    assert.equal(page.url(), `${example.base}/`);
    const link = page.locator('a[href^="/view/"]');
    assert.equal(await link.textContent(), 'Tom & Jerry');
    assert.match((await page.textContent('#menu ~ ul li')) ?? '', /from \d+ (milli)?seconds? ago/);

    await link.click();
    await page.waitForURL(/\/view\/\d+$/);
    assert.equal(await page.title(), 'Tom & Jerry', 'the title is escaped once, not twice as in web.py');
    assert.equal(await page.textContent('h1'), 'Tom & Jerry');
    assert.match((await page.textContent('body')) ?? '', /A cat <and> a mouse\./);

    await page.click('text=Home');
    await page.click('text=Edit');
    await page.waitForURL(/\/edit\/\d+$/);
    assert.equal(await page.title(), 'Edit Tom & Jerry');
    assert.equal(await page.inputValue('#title'), 'Tom & Jerry', 'form.fill(post) filled the form');
    assert.equal(await page.inputValue('#content'), 'A cat <and> a mouse.');
    await page.fill('#title', 'Tom and Jerry');
    assert.equal((await submit(page)).status(), 303);
    assert.equal(await page.locator('a[href^="/view/"]').textContent(), 'Tom and Jerry');

    await page.click('text=Edit');
    await page.fill('#title', '');
    assert.equal((await submit(page)).status(), 200, 'an invalid edit shows the form again');
    assert.equal(await page.textContent('strong.wrong'), 'Required');
    assert.equal(await page.title(), 'Edit Tom and Jerry', 'the stored post is unchanged');

    await Promise.all([page.waitForURL(`${example.base}/`), page.click('input[value="Delete post"]')]);
    assert.equal(await page.locator('a[href^="/view/"]').count(), 0);
    await page.close();
  });

  it("an empty new post shows 'Required' next to both fields, not a 500", async () => {
    const page = await browser.newPage();
    await page.goto(`${example.base}/new`);
    assert.equal((await submit(page)).status(), 200);
    assert.deepEqual(await page.$$eval('strong.wrong', (els) => els.map((e) => e.textContent)), [
      'Required',
      'Required',
    ]);
    await page.goto(`${example.base}/`);
    assert.equal(await page.locator('a[href^="/view/"]').count(), 0, 'nothing was posted');
    await page.close();
  });
});

/** Hostile requests through the real server, on SQLite (the default) or the given DATABASE_URL. */
function hostileSuite(env: NodeJS.ProcessEnv) {
  let example: RunningExample;
  /** One session, with the CSRF token its form carries: each post below sends it back. */
  let client: FormClient;
  before(async () => {
    example = await startExample('blog', { env });
    client = await formClient(example.base, '/new');
  });
  after(async () => {
    await example?.stop();
  });

  const get = async (path: string, status = 200) => {
    const r = await fetch(example.base + path);
    assert.equal(r.status, status, path);
    return r.text();
  };
  const create = async (title: string, content = 'text') => {
    const r = await client.post('/new', form({ title, content }));
    assert.equal(r.status, 303, await r.text());
    const first = rawTitles(await get('/'))[0];
    assert.ok(first);
    return first.id;
  };

  it('a form with missing fields comes back with a note per missing field', async () => {
    const cases: [string, string[]][] = [
      ['', ['Required', 'Required']],
      ['title=a', ['Required']],
      ['content=a', ['Required']],
      ['title=&content=', ['Required', 'Required']],
      ['title[]=a&content[]=b', ['Required', 'Required']],
    ];
    for (const [body, expected] of cases) {
      const r = await client.post('/new', body);
      assert.equal(r.status, 200, body);
      assert.deepEqual(notes(await r.text()), expected, body);
    }
    assert.deepEqual(rawTitles(await get('/')), [], 'nothing was posted');
  });

  it('repeated fields: the last value of each is stored', async () => {
    const r = await client.post('/new', 'title=one&title=two&content=x&content=y');
    assert.equal(r.status, 303);
    const [p] = rawTitles(await get('/'));
    assert.equal(p?.title, 'two');
    assert.match(await get(`/view/${p?.id}`), /<\/h1>\n[^\n]*<br\/>\n\ny\n/);
  });

  it('a 1 MB title and a 1 MB body are stored and shown whole', async () => {
    const big = 'y'.repeat(1024 * 1024);
    const id = await create(big, big);
    const html = await get(`/view/${id}`);
    assert.ok(html.includes(`<title>${big}</title>`));
    assert.ok(html.includes(`<h1>${big}</h1>`));
    assert.ok(html.length > 3 * big.length);
  });

  it('<script>alert(1)</script> as a title and body is escaped on every page', async () => {
    const evil = '<script>alert(1)</script>';
    const id = await create(evil, evil);
    const esc = '&lt;script&gt;alert(1)&lt;/script&gt;';
    for (const path of ['/', `/view/${id}`, `/edit/${id}`]) {
      const html = await get(path);
      assert.ok(html.includes(esc), path);
      assert.ok(!html.includes(evil), `${path} never has the markup raw`);
    }
    assert.ok((await get(`/view/${id}`)).includes(`<title>${esc}</title>`), 'escaped once in the layout');
    const edit = await client.post(`/edit/${id}`, form({ title: '', content: evil }));
    assert.equal(edit.status, 200);
    const again = await edit.text();
    assert.ok(again.includes(`>${esc}</textarea>`), 'the submitted value is escaped in the form');
    assert.ok(!again.includes(evil));
  });

  it('a NUL character gets a note instead of a 500', async () => {
    const r = await client.post('/new', 'title=a%00b&content=c%00d');
    assert.equal(r.status, 200);
    assert.deepEqual(notes(await r.text()), [
      'Must not contain NUL characters',
      'Must not contain NUL characters',
    ]);
  });

  it('unknown and oversized ids are 404 for view and edit; delete of an unknown id redirects', async () => {
    for (const id of ['999999', '0', '9'.repeat(40)]) {
      await get(`/view/${id}`, 404);
      await get(`/edit/${id}`, 404);
      assert.equal((await client.post(`/edit/${id}`, form({ title: 'a', content: 'b' }))).status, 404);
    }
    assert.equal((await client.post('/delete/999999', '')).status, 303);
    assert.equal((await client.post(`/delete/${'9'.repeat(40)}`, '')).status, 404);
    await get('/view/abc', 404);
    await get('/delete/1', 405);
  });

  it('editing a post that was deleted meanwhile is 404, not a 500', async () => {
    const id = await create('short-lived');
    assert.equal((await client.post(`/delete/${id}`, '')).status, 303);
    assert.equal((await client.post(`/edit/${id}`, form({ title: 'a', content: 'b' }))).status, 404);
    await get(`/view/${id}`, 404);
  });

  it('ten posts at once are all stored', async () => {
    const before = rawTitles(await get('/')).length;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => client.post('/new', form({ title: `c${i}`, content: 'x' }))),
    );
    assert.deepEqual(
      answers.map((r) => r.status),
      Array(10).fill(303),
    );
    const titles = rawTitles(await get('/')).map((p) => p.title);
    assert.equal(titles.length, before + 10);
    for (let i = 0; i < 10; i++) assert.ok(titles.includes(`c${i}`));
  });

  it("a POST without the CSRF token, or with another session's, is 403 and changes nothing", async () => {
    const before = rawTitles(await get('/'));
    const id = before[0]?.id ?? '1';
    for (const path of ['/new', `/edit/${id}`, `/delete/${id}`]) {
      const r = await postWithoutToken(example.base, path, form({ title: 'forged', content: 'x' }));
      assert.equal(r.status, 403, path);
      assert.match(await r.text(), /^CSRF check failed: this request has no csrf_token form field/);
    }
    const other = await formClient(example.base, '/new');
    const r = await fetch(`${example.base}/new`, {
      method: 'POST',
      body: `${form({ title: 'forged', content: 'x' })}&csrf_token=${other.token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: client.cookie },
    });
    assert.equal(r.status, 403);
    assert.match(await r.text(), /^CSRF check failed: the csrf_token sent does not belong to this session/);
    assert.deepEqual(rawTitles(await get('/')), before, 'nothing was added, changed or deleted');
  });

  it('the server is still serving and never answered 500', async () => {
    await get('/');
    assert.doesNotMatch(example.output(), /" - 5\d\d /);
    assert.doesNotMatch(example.output(), /Error/);
  });
}

describe('examples/blog under hostile input (real server, SQLite)', () => {
  hostileSuite({});
});

for (const [name, url, missing] of [
  ['PostgreSQL', PG_URL, pgMissing],
  ['MySQL', MYSQL_URL, mysqlMissing],
] as const) {
  describe(`examples/blog under hostile input (real server, ${name})`, { skip: missing }, () => {
    // A name of this run's own: other checkouts on the machine run these suites against the same servers.
    const table = `blog_example_test_entries_${randomBytes(5).toString('hex')}`;
    const db = web.database(url);
    before(() => db.query(`DROP TABLE IF EXISTS ${table}`));
    after(async () => {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    });
    hostileSuite({ DATABASE_URL: url, BLOG_TABLE: table });
  });
}
