// The package as a user gets it: `npm pack` from a clean copy, installed into an empty project outside the
// monorepo, the seed example run as plain JavaScript and as strict TypeScript (oldest and newest supported
// TypeScript), each serving the login flow over a real socket.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { npm, pack, repo, run, serving, WEB_FILES } from './helpers.js';

const seedSource = readFileSync(join(repo, 'examples', 'sessions', 'app.ts'), 'utf8');
/** The oldest TypeScript whose `tsc --strict` must accept webts's declarations, and the newest major. */
const TYPESCRIPTS = ['5.9', '7'];

let project: string;
let tarball: string;

/** The seed example's flow: not logged in, /login sets the session and redirects, then logged in. */
async function loginFlow(base: string): Promise<void> {
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

describe('the npm tarball, installed into a project of its own', () => {
  before(async () => {
    tarball = await pack('web', WEB_FILES);
    project = mkdtempSync(join(tmpdir(), 'webts-user-'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'my-app', private: true, type: 'module' }, null, 2),
    );
    await npm(['install', tarball], project);
  });
  after(() => {
    if (project) rmSync(project, { recursive: true, force: true });
    if (tarball) rmSync(join(tarball, '..'), { recursive: true, force: true });
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
    // The TypeScript seed has no type annotations: it is JavaScript as it stands.
    writeFileSync(join(project, 'app.js'), seedSource);
    await serving(process.execPath, ['app.js'], project, loginFlow);
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
      await serving(join(project, 'node_modules', '.bin', 'tsx'), ['app.ts'], project, loginFlow);
    });
  }
});
