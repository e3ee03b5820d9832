import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { httpRequest } from '../helpers/http.js';
import { waitFor } from '../helpers/sync.js';

const fixture = fileURLToPath(new URL('./fixtures/run-app.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** Start the fixture app with `argv`, wait for its banner line on stdout. */
function start(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; banner: string; stderr: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...argv], {
    cwd: packageDir,
    env: { ...process.env, PORT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no banner within 15 s; stderr: ${err}`));
    }, 15_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        resolve({ child, banner: line, stderr: () => err });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before the banner; stderr: ${err}`));
    });
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('app.run()', () => {
  it('listens on the argv port, prints the banner, logs requests, exits 0 on SIGTERM', async () => {
    const { child, banner, stderr } = await start(['0']);
    try {
      const m = /^http:\/\/0\.0\.0\.0:(\d+)\/$/.exec(banner);
      assert.ok(m, `banner: ${banner}`);
      const port = Number(m[1]);
      const r = await httpRequest(port, '/web%20py?q=1');
      assert.equal(r.body, 'Hello, web py!');
      // The child writes its access log line after the answer: wait for that line, not for a while.
      const logLine =
        /^127\.0\.0\.1:\d+ - - \[\d\d\/[A-Z][a-z]{2}\/\d{4} \d\d:\d\d:\d\d\] "HTTP\/1\.1 GET \/web py" - 200 OK$/m;
      // On a timeout the assertion below shows what the child wrote instead.
      await waitFor(() => logLine.test(stderr()), { message: 'the access log line' }).catch(() => {});
      assert.match(stderr(), logLine);
      const exited = exitCode(child);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('takes host:port from argv and PORT from the environment', async () => {
    const a = await start(['127.0.0.1:0']);
    try {
      assert.match(a.banner, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      a.child.kill('SIGTERM');
      await exitCode(a.child);
    }
    const b = await start(['127.0.0.1:1'], { PORT: '0' });
    try {
      assert.match(b.banner, /^http:\/\/0\.0\.0\.0:\d+\/$/);
      assert.doesNotMatch(b.banner, /:1\/$/);
    } finally {
      b.child.kill('SIGTERM');
      await exitCode(b.child);
    }
  });
});
