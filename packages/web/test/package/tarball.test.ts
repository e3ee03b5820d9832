// The package as a user gets it: `npm pack` from this checkout, installed into an empty project outside the
// monorepo, the seed example run as plain JavaScript and as strict TypeScript (oldest and newest supported
// TypeScript), each serving the login flow over a real socket.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const pkgDir = join(import.meta.dirname, '..', '..');
const repo = join(pkgDir, '..', '..');
const seedSource = readFileSync(join(repo, 'examples', 'sessions', 'app.ts'), 'utf8');
/** The oldest TypeScript whose `tsc --strict` must accept webts's declarations, and the newest major. */
const TYPESCRIPTS = ['5.9', '7'];

let project: string;
let tarball: string;
let checkout: string;

/**
 * The files a clean checkout has for packages/web (no dist, no build info), in a folder of their own so
 * that `prepack`'s clean build never touches the dist that the other test files are using.
 */
function cleanCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'webts-checkout-'));
  const web = join(dir, 'packages', 'web');
  mkdirSync(web, { recursive: true });
  for (const f of ['LICENSE', 'tsconfig.base.json', 'scripts/package-files.mjs']) {
    cpSync(join(repo, f), join(dir, f));
  }
  for (const f of ['src', 'package.json', 'tsconfig.json', 'README.md', 'CHANGELOG.md']) {
    cpSync(join(pkgDir, f), join(web, f), { recursive: true });
  }
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(pkgDir, 'node_modules'), join(web, 'node_modules'));
  return dir;
}

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Start `command args` in the project, resolve once it prints its listening banner. */
function start(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
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

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The seed example's flow: not logged in, /login sets the session and redirects, then logged in. */
async function loginFlow(port: number): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  const first = await fetch(`${base}/`);
  assert.equal(first.status, 200);
  assert.match(await first.text(), /You are not logged in/);
  const login = await fetch(`${base}/login`, { redirect: 'manual' });
  assert.equal(login.status, 303);
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  assert.ok(cookie.startsWith('webpy_session_id='), `a session cookie, got ${cookie}`);
  const home = await fetch(`${base}/`, { headers: { cookie } });
  assert.match(await home.text(), /You are logged in/);
}

async function serveAndCheck(command: string, args: string[]): Promise<void> {
  const port = await freePort();
  const child = await start(command, [...args, `127.0.0.1:${port}`]);
  try {
    await loginFlow(port);
  } finally {
    await stop(child);
  }
}

describe('the npm tarball, installed into a project of its own', () => {
  before(async () => {
    project = mkdtempSync(join(tmpdir(), 'webts-user-'));
    const packed = mkdtempSync(join(tmpdir(), 'webts-pack-'));
    checkout = cleanCheckout();
    await npm(['pack', '--pack-destination', packed], join(checkout, 'packages', 'web'));
    const name = readdirSync(packed).find((f) => f.endsWith('.tgz'));
    assert.ok(name, 'npm pack wrote a tarball');
    tarball = join(packed, name);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'my-app', private: true, type: 'module' }, null, 2),
    );
    await npm(['install', tarball], project);
  });
  after(() => {
    if (project) rmSync(project, { recursive: true, force: true });
    if (tarball) rmSync(join(tarball, '..'), { recursive: true, force: true });
    if (checkout) rmSync(checkout, { recursive: true, force: true });
  });

  test('holds dist (js, d.ts, maps), README, LICENSE and CHANGELOG, and no build info', async () => {
    const listing = await run('tar', ['-tzf', tarball]);
    const files = listing.stdout.split('\n').filter(Boolean);
    for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
      assert.ok(files.includes(`package/${f}`), `${f} is in the tarball`);
    }
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/index.d.ts.map']) {
      assert.ok(files.includes(`package/${f}`), `${f} is in the tarball`);
    }
    assert.deepEqual(
      files.filter((f) => /tsbuildinfo|\/test\/|\.test\./.test(f)),
      [],
      'no build info and no tests',
    );
  });

  test('the seed example runs as plain JavaScript with node', async () => {
    // The TypeScript seed without its one type-only construct is already JavaScript.
    writeFileSync(join(project, 'app.js'), seedSource);
    await serveAndCheck(process.execPath, ['app.js']);
  });

  for (const version of TYPESCRIPTS) {
    test(`the seed example compiles with tsc --strict (TypeScript ${version}) and runs with tsx`, async () => {
      await npm(['install', '--save-dev', `typescript@${version}`, 'tsx@4'], project);
      writeFileSync(join(project, 'app.ts'), seedSource);
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
          },
          files: ['app.ts'],
        }),
      );
      const tsc = join(project, 'node_modules', '.bin', 'tsc');
      const result = await run(tsc, ['-p', '.'], { cwd: project }).catch(
        (err: { stdout?: string; message: string }) => {
          throw new Error(`tsc --strict failed:\n${err.stdout ?? err.message}`);
        },
      );
      assert.equal(result.stdout.trim(), '');
      await serveAndCheck(join(project, 'node_modules', '.bin', 'tsx'), ['app.ts']);
    });
  }
});
