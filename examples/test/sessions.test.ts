import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, type RunningExample, startExample } from './helpers.js';

describe('examples/sessions in a real browser', { skip: browserMissing() }, () => {
  let browser: Browser;
  let example: RunningExample;
  before(async () => {
    example = await startExample('sessions');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await example?.stop();
  });

  it("click 'Login now', see 'You are logged in', click 'Logout', see 'not logged in'", async () => {
    const page = await browser.newPage();
    await page.goto(`${example.base}/`);
    assert.match((await page.textContent('h1')) ?? '', /You are not logged in\./);
    assert.equal((await page.context().cookies()).length, 0, 'a first visit gets no cookie');
    await page.click('text=Login now');
    await page.waitForURL(`${example.base}/`);
    assert.equal(await page.textContent('h1'), 'You are logged in');
    const cookies = await page.context().cookies();
    assert.equal(cookies.length, 1);
    assert.equal(cookies[0]?.name, 'webpy_session_id');
    assert.equal(cookies[0]?.httpOnly, true);
    assert.equal(cookies[0]?.sameSite, 'Lax');
    // Beside the session files, the folder holds its lock keeper's socket (.webts-locks.sock).
    const files = readdirSync(join(example.cwd, 'sessions')).filter((name) => !name.startsWith('.'));
    assert.deepEqual(files, [cookies[0]?.value], 'one session file, named by the id');
    await page.reload();
    assert.equal(await page.textContent('h1'), 'You are logged in');
    await page.click('text=Logout');
    await page.waitForURL(`${example.base}/`);
    assert.match((await page.textContent('h1')) ?? '', /not logged in/);
    await page.close();
  });

  it('logs one access line per request in web.py format', () => {
    assert.match(
      example.output(),
      /127\.0\.0\.1:\d+ - - \[\d\d\/\w{3}\/\d{4} \d\d:\d\d:\d\d\] "HTTP\/1\.1 GET \/login" - 303 See Other/,
    );
  });
});
