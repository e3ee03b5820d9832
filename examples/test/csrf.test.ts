import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchBrowser, type RunningExample, startExample } from './helpers.js';

/** An attacker's site: one page that posts a hidden form to `target` as soon as it loads. */
async function attackerSite(host: string, target: string): Promise<{ base: string; server: Server }> {
  const page = `<!doctype html><html><body>
<form id="f" action="${target}" method="post">
  <input type="hidden" name="title" value="pwned"/>
  <input type="hidden" name="csrf_token" value="${'A'.repeat(43)}"/>
</form>
<script>document.getElementById('f').submit();</script>
</body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://${host}:${port}`, server };
}

const close = (server: Server | undefined) =>
  new Promise<void>((resolve) => {
    if (server === undefined) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });

const listed = (page: Page) => page.$$eval('td:first-child', (tds) => tds.map((td) => td.textContent));

describe('CSRF in a real browser (examples/todo)', { skip: browserMissing() }, () => {
  let browser: Browser;
  let example: RunningExample;
  let sameSite: { base: string; server: Server };
  let crossSite: { base: string; server: Server };
  before(async () => {
    example = await startExample('todo');
    // Another port on the same host is another origin but the same site: the Lax session cookie
    // still goes along, so only the token stops the forgery. 127.0.0.2 is another site altogether.
    sameSite = await attackerSite('127.0.0.1', `${example.base}/add`);
    crossSite = await attackerSite('127.0.0.2', `${example.base}/add`);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await close(sameSite?.server);
    await close(crossSite?.server);
    await example?.stop();
  });

  /** Open the app (so the tab has a session), then visit the attacker's page and catch its POST. */
  async function attackFrom(attacker: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${example.base}/`);
    assert.equal((await context.cookies()).length, 1, 'the app gave the tab a session cookie');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${example.base}/add` && r.request().method() === 'POST'),
      page.goto(`${attacker}/`),
    ]);
    const sentCookie = (await response.request().allHeaders()).cookie;
    const result = { status: response.status(), body: await response.text(), sentCookie };
    await page.goto(`${example.base}/`);
    const titles = await listed(page);
    await context.close();
    return { ...result, titles };
  }

  it('a form auto-posted from another origin on the same site carries the cookie, but no valid token: 403', async () => {
    const { status, body, sentCookie, titles } = await attackFrom(sameSite.base);
    assert.match(sentCookie ?? '', /webpy_session_id=/, 'SameSite=Lax does not stop this one');
    assert.equal(status, 403);
    assert.match(body, /^CSRF check failed: the csrf_token sent does not belong to this session/);
    assert.ok(!titles.includes('pwned'), 'nothing was added');
  });

  it('a form auto-posted from another site (127.0.0.2) is refused too: 403', async () => {
    const { status, body, sentCookie, titles } = await attackFrom(crossSite.base);
    assert.equal(sentCookie, undefined, 'SameSite=Lax keeps the session cookie off a cross-site POST');
    assert.equal(status, 403);
    assert.match(body, /^CSRF check failed/);
    assert.ok(!titles.includes('pwned'));
  });

  it("the app's own form, posted from its own page, is accepted", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${example.base}/`);
    await page.fill('#title', 'mine');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/add')),
      page.click('button[name="Add todo"]'),
    ]);
    assert.equal(response.status(), 303);
    await page.waitForURL(`${example.base}/`);
    assert.deepEqual(await listed(page), ['mine']);
    await Promise.all([page.waitForURL(`${example.base}/`), page.click('input[value=Delete]')]);
    assert.deepEqual(await listed(page), [], 'the delete form carries the token as well');
    await context.close();
  });

  it('the server kept serving and never answered 500', async () => {
    assert.equal((await fetch(`${example.base}/`)).status, 200);
    assert.doesNotMatch(example.output(), /" - 5\d\d /);
  });
});
