// `npm create webts@latest myapp` as a user runs it, from the packed create-webts and webts tarballs: the app it
// writes installs, passes its own tests and serves its pages, in JavaScript and (with --ts) in TypeScript.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { npm, pack, repo, run, serving, WEB_FILES } from './helpers.js';

const webVersion = JSON.parse(readFileSync(join(repo, 'packages', 'web', 'package.json'), 'utf8')).version;

let work: string;
let webTarball: string;
let createTarball: string;

/** Runs the scaffold from its tarball as `npm create` does, then installs the app against the webts tarball. */
async function scaffold(name: string, flags: string[]): Promise<{ dir: string; printed: string }> {
  const printed = await npm(
    ['exec', '--yes', `--package=${createTarball}`, '--', 'create-webts', name, ...flags],
    work,
  );
  const dir = join(work, name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // It asks for the version being packed; install that very build.
  assert.equal(pkg.dependencies.webts, `^${webVersion}`);
  pkg.dependencies.webts = `file:${webTarball}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  await npm(['install'], dir);
  return { dir, printed };
}

/** The page counts visits in the session and greets a posted name. */
async function visitAndGreet(base: string): Promise<void> {
  const first = await fetch(`${base}/`);
  assert.equal(first.status, 200);
  const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
  const html = await first.text();
  assert.match(html, /seen this page 1 time\./);
  const token = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const posted = await fetch(`${base}/hello`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: 'Grace', csrf_token: token }).toString(),
    redirect: 'manual',
  });
  assert.equal(posted.status, 303);
  const page = await (await fetch(`${base}/`, { headers: { cookie } })).text();
  assert.match(page, /Hello, Grace!/);
  assert.match(page, /seen this page 2 times\./);
}

describe('npm create webts', () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'webts-create-'));
    webTarball = await pack('web', WEB_FILES);
    createTarball = await pack('create-webts', ['index.js', 'template', 'package.json', 'README.md']);
  });
  after(() => {
    for (const path of [
      work,
      webTarball && join(webTarball, '..'),
      createTarball && join(createTarball, '..'),
    ]) {
      if (path) rmSync(path, { recursive: true, force: true });
    }
  });

  test('writes a JavaScript app that passes its tests and serves its pages', async () => {
    const { dir, printed } = await scaffold('myapp', []);
    assert.match(printed, /cd myapp && npm install && npm start/);
    assert.match(printed, /npm test/);
    assert.ok(existsSync(join(dir, '.gitignore')), 'a .gitignore');
    const tests = await run('npm', ['test'], { cwd: dir });
    assert.match(tests.stdout, /# pass 4/);
    await serving(process.execPath, ['app.js'], dir, visitAndGreet);
  });

  test('with --ts writes the same app in TypeScript that tsc --strict accepts', async () => {
    const { dir } = await scaffold('myapp-ts', ['--ts']);
    assert.ok(existsSync(join(dir, 'app.ts')) && !existsSync(join(dir, 'app.js')));
    await run('npm', ['run', 'check'], { cwd: dir });
    const tests = await run('npm', ['test'], { cwd: dir });
    assert.match(tests.stdout, /# pass 4/);
    await serving(join(dir, 'node_modules', '.bin', 'tsx'), ['app.ts'], dir, visitAndGreet);
  });

  test('refuses a folder that is not empty', async () => {
    mkdirSync(join(work, 'occupied'));
    writeFileSync(join(work, 'occupied', 'notes.txt'), 'mine');
    const err = await npm(
      ['exec', '--yes', `--package=${createTarball}`, '--', 'create-webts', 'myapp'],
      work,
    ).then(
      () => undefined,
      (e: { stderr?: string }) => e,
    );
    assert.ok(err, 'it fails');
    assert.match(err.stderr ?? '', /exists and is not empty/);
  });
});
