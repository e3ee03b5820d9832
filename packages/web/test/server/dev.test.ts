// The dev reloader (`webts dev`, and app.run() with web.config.debug): an edit restarts the app on the same
// port, a logged-in MemoryStore session survives it in a real browser, and an app that fails to start is
// reported with its file and line and picked up again once fixed.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

const repo = fileURLToPath(new URL('../../../..', import.meta.url));
const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

/** The app, at a version shown on its page: a MemoryStore session and a login form. */
function appSource(version: string, options: { debug?: boolean } = {}): string {
  return `import web from 'webts';
${options.debug ? 'web.config.debug = true;\n' : ''}const urls = ['/', 'Index', '/login', 'Login'];
const app = web.application(urls, () => ({ Index, Login }));
const session = web.session.Session(app, web.session.MemoryStore());

class Index {
  GET() {
    const user = String(session.get('user', 'nobody'));
    return \`<p id="who">${version} \${web.websafe(user)}</p>
<form method="post" action="/login"><input name="user" value="ada"><button>Log in</button></form>\`;
  }
}

class Login {
  POST() {
    session.user = web.input({ user: '' }).user;
    throw web.seeother('/');
  }
}

if (web.isMain(import.meta)) app.run();
`;
}

/** A process with its output gathered, and a way to wait until the output matches. */
class Watched {
  readonly child: ChildProcess;
  #output = '';
  #waiters: { pattern: RegExp; from: number; resolve: (m: RegExpExecArray) => void }[] = [];

  constructor(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, args, { cwd, env: { ...process.env, PORT: '', ...env } });
    const take = (chunk: Buffer) => {
      this.#output += chunk.toString();
      this.#waiters = this.#waiters.filter((w) => {
        const m = new RegExp(w.pattern.source, w.pattern.flags.replace('g', '')).exec(
          this.#output.slice(w.from),
        );
        if (m) w.resolve(m);
        return !m;
      });
    };
    this.child.stdout?.on('data', take);
    this.child.stderr?.on('data', take);
  }

  get output(): string {
    return this.#output;
  }

  /** Resolves when output written from now on (or from `from`) matches `pattern`. */
  next(pattern: RegExp, from = this.#output.length): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const m = pattern.exec(this.#output.slice(from));
      if (m) return resolve(m);
      this.#waiters.push({ pattern, from, resolve });
      this.child.once('exit', (code) =>
        reject(new Error(`exited (${code}) waiting for ${pattern}:\n${this.#output}`)),
      );
    });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

describe('the dev reloader', () => {
  let dir: string;
  let browser: Browser;

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (.ci/run installs Debian's chromium)`);
    // Inside the repository, so that the app's `import web from 'webts'` finds the workspace's package.
    mkdirSync(join(repo, '.tmp'), { recursive: true });
    dir = mkdtempSync(join(repo, '.tmp', 'dev-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('webts dev: an edit restarts the app on the same port and the logged-in MemoryStore session survives', async () => {
    const app = join(dir, 'app.ts');
    writeFileSync(app, appSource('v1'));
    const dev = new Watched(['--import', 'tsx', cli, 'dev', 'app.ts', '127.0.0.1:0'], dir);
    try {
      const [, port] = await dev.next(/http:\/\/127\.0\.0\.1:(\d+)\//);
      const base = `http://127.0.0.1:${port}`;
      const page = await browser.newPage();
      await page.goto(`${base}/`);
      assert.equal(await page.textContent('#who'), 'v1 nobody');
      await page.click('button');
      await page.waitForURL(`${base}/`);
      assert.equal(await page.textContent('#who'), 'v1 ada');

      const restarted = dev.next(/app\.ts changed; restarting/);
      writeFileSync(app, appSource('v2'));
      await restarted;
      await page.goto(`${base}/`);
      assert.equal(await page.textContent('#who'), 'v2 ada', 'the new code, the same session');

      // A syntax error: the reloader says where, keeps the port, and starts the app again once it is fixed.
      const failed = dev.next(/exited \(code 1\); waiting for a change/);
      writeFileSync(app, `${appSource('v3')}\nconst broken = ;\n`);
      await failed;
      assert.match(dev.output, /app\.ts:\d+/, 'the error names the file and line');
      const back = dev.next(/app\.ts changed; restarting/);
      writeFileSync(app, appSource('v4'));
      await back;
      await page.goto(`${base}/`);
      assert.equal(await page.textContent('#who'), 'v4 ada');
      await page.close();
    } finally {
      await dev.stop();
    }
  });

  test('app.run() with web.config.debug runs under the reloader, and a template edit is picked up', async () => {
    const sub = mkdtempSync(join(dir, 'debug-'));
    writeFileSync(join(sub, 'app.ts'), appSource('d1', { debug: true }));
    mkdirSync(join(sub, 'templates'));
    writeFileSync(join(sub, 'templates', 'note.html'), 'one\n');
    const app = new Watched(['--import', 'tsx', 'app.ts', '127.0.0.1:0'], sub);
    try {
      const [, port] = await app.next(/http:\/\/127\.0\.0\.1:(\d+)\//);
      const base = `http://127.0.0.1:${port}`;
      const login = await fetch(`${base}/login`, {
        method: 'POST',
        body: new URLSearchParams({ user: 'grace' }),
        redirect: 'manual',
      });
      const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
      assert.match(await (await fetch(`${base}/`, { headers: { cookie } })).text(), /d1 grace/);
      const restarted = app.next(/templates\/note\.html changed; restarting/);
      writeFileSync(join(sub, 'templates', 'note.html'), 'two\n');
      await restarted;
      assert.match(await (await fetch(`${base}/`, { headers: { cookie } })).text(), /d1 grace/);
      // Session files and other data do not restart the app: only sources and templates do.
      writeFileSync(join(sub, 'notes.log'), 'x');
      writeFileSync(join(sub, 'app.ts'), appSource('d2', { debug: true }));
      await app.next(/app\.ts changed; restarting/);
      assert.match(await (await fetch(`${base}/`, { headers: { cookie } })).text(), /d2 grace/);
      assert.doesNotMatch(app.output, /notes\.log changed/);
    } finally {
      await app.stop();
    }
  });
});
