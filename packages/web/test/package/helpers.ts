// Helpers for the tests of the packages as users get them: packed from a clean copy, installed with npm into a
// project outside the monorepo, served over a real socket.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Run a command with this process's environment minus the test runner's own marker, so that a `node --test`
 * inside it reports as it does in a user's terminal.
 */
export function run(command: string, args: string[], options: { cwd?: string; maxBuffer?: number } = {}) {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return execFileAsync(command, args, { ...options, env });
}
export const repo = join(import.meta.dirname, '..', '..', '..', '..');

/** `npm ARGS` in `cwd`, quietly; rejects with npm's output when it fails. */
export async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/**
 * `npm pack` of packages/NAME from a copy holding only what a clean checkout has (no dist, no build info),
 * so that `prepack`'s clean build never touches the dist the other test files are using. Resolves to the
 * tarball's path, in a temporary folder of its own.
 */
export async function pack(name: string, files: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-checkout-`));
  const from = join(repo, 'packages', name);
  const to = join(dir, 'packages', name);
  mkdirSync(to, { recursive: true });
  for (const f of ['LICENSE', 'tsconfig.base.json', 'scripts/package-files.mjs'])
    cpSync(join(repo, f), join(dir, f));
  for (const f of files) cpSync(join(from, f), join(to, f), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(from, 'node_modules'), join(to, 'node_modules'));
  const out = mkdtempSync(join(tmpdir(), `${name}-pack-`));
  await npm(['pack', '--pack-destination', out], to);
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, `npm pack wrote a tarball for ${name}`);
  return join(out, tarball);
}

/** The files of packages/web that a clean checkout has. */
export const WEB_FILES = ['src', 'package.json', 'tsconfig.json', 'README.md', 'CHANGELOG.md'];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Start `command args` in `cwd`; resolves once it prints its listening banner (an `http://` address). */
export function start(command: string, args: string[], cwd: string): Promise<ChildProcess> {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('http://')) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Start the app on a free port (given as `127.0.0.1:PORT`, as `app.run()` takes it), run `check`, stop it. */
export async function serving(
  command: string,
  args: string[],
  cwd: string,
  check: (base: string) => Promise<void>,
): Promise<void> {
  const port = await freePort();
  const child = await start(command, [...args, `127.0.0.1:${port}`], cwd);
  try {
    await check(`http://127.0.0.1:${port}`);
  } finally {
    await stop(child);
  }
}
