import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const index = fileURLToPath(new URL('../../src/db/index.ts', import.meta.url));

/** Runs `body` in a fresh Node process with the db module imported; returns which drivers got loaded. */
function loadedAfter(body: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const { database } = await import(${JSON.stringify(index)});
    ${body}
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    const names = ['node-sqlite3-wasm', 'pg', 'mysql2'].filter((n) =>
      loaded.some((p) => p.includes('/node_modules/' + n + '/')));
    console.log(JSON.stringify(names));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[];
}

test('importing web.database and creating db objects loads no driver (no WASM for a hello-world)', () => {
  const names = loadedAfter(`
    database({ dbn: 'sqlite', db: ':memory:' });
    database({ dbn: 'postgres', db: 'x' });
    database({ dbn: 'mysql', db: 'x' });`);
  assert.deepEqual(names, []);
});

test('the first SQLite statement loads node-sqlite3-wasm, and only it', () => {
  const names = loadedAfter(`
    const db = database({ dbn: 'sqlite', db: ':memory:' });
    await db.query('SELECT 1');
    await db.close();`);
  assert.deepEqual(names, ['node-sqlite3-wasm']);
});

test('a missing pg or mysql2 package is an error that says what to install', () => {
  // A resolve hook makes the two packages unfindable, as on a machine where they were never installed.
  const dir = mkdtempSync(join(tmpdir(), 'webts-db-nodriver-'));
  try {
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `export async function resolve(specifier, context, next) {
        if (specifier === 'pg' || specifier.startsWith('mysql2')) {
          throw Object.assign(new Error("Cannot find package '" + specifier + "'"), { code: 'ERR_MODULE_NOT_FOUND' });
        }
        return next(specifier, context);
      }`,
    );
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);`,
    );
    const script = `
      const { database } = await import(${JSON.stringify(index)});
      for (const dbn of ['postgres', 'mysql']) {
        const db = database({ dbn, db: 'x', host: '127.0.0.1', port: 1 });
        await db.query('SELECT 1').catch((e) => console.log(e.message));
      }`;
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--import', join(dir, 'register.mjs'), '--input-type=module', '-e', script],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' },
    );
    assert.match(out, /dbn 'postgres' needs the 'pg' package \(npm install pg\)/);
    assert.match(out, /dbn 'mysql' needs the 'mysql2' package \(npm install mysql2\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
