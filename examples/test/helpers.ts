import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const EXAMPLES = dirname(dirname(fileURLToPath(import.meta.url)));
const CHROMIUM = '/usr/bin/chromium';

/** A running example app: `node <example>/app.js 127.0.0.1:0` in a scratch working directory. */
export interface RunningExample {
  base: string;
  cwd: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

/**
 * Start an example the way a user does (`node app.js <address>`), with its working directory a fresh
 * temp folder (so sessions/ and *.db files land there), unless `cwd` is given. Resolves once the app
 * prints its address.
 */
export async function startExample(
  name: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningExample> {
  const script = join(EXAMPLES, name, 'app.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: build the examples first (npx tsc -b)`);
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), `webts-${name}-`));
  const child = spawn(process.execPath, [script, '127.0.0.1:0'], {
    cwd,
    env: { ...process.env, ...options.env },
  });
  let output = '';
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const base = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output}${stdout}`)), 15000);
    child.stdout?.on('data', (d) => {
      stdout += d;
      const m = /http:\/\/[\d.]+:(\d+)\//.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${output}${stdout}`)));
  });
  return {
    base,
    cwd,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => {
          if (!options.cwd) rmSync(cwd, { recursive: true, force: true });
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Why browser tests cannot run here, or undefined. Without Chromium on a laptop they are skipped
 * with this reason; under CI (env CI set) a missing Chromium fails instead (.ci/run installs it).
 */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI)
    throw new Error(
      `${CHROMIUM} is missing, and CI must run the browser tests (.ci/run installs Debian's chromium)`,
    );
  return `${CHROMIUM} is not installed (apt-get install chromium)`;
}

/** Headless Debian Chromium, driven by playwright-core. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** A client with one session, like a browser tab: its cookie and the CSRF token the app gave it. */
export interface FormClient {
  cookie: string;
  token: string;
  /** POST a urlencoded body (sent exactly as written) with the session cookie and `&csrf_token=…` appended. */
  post(path: string, body: string): Promise<Response>;
}

/**
 * GET `page` (a page with a form), keep the session cookie and the `csrf_token` the form carries,
 * so the hostile-input tests can post the way the app's own forms do.
 */
export async function formClient(base: string, page = '/'): Promise<FormClient> {
  const r = await fetch(base + page);
  const html = await r.text();
  const token = /name="csrf_token"[^>]*value="([A-Za-z0-9_-]+)"/.exec(html)?.[1];
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (token === undefined || cookie === '') throw new Error(`${page} gave no CSRF token or session: ${html}`);
  return {
    cookie,
    token,
    post: (path, body) =>
      fetch(base + path, {
        method: 'POST',
        body: `${body}${body === '' ? '' : '&'}csrf_token=${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        redirect: 'manual',
      }),
  };
}
