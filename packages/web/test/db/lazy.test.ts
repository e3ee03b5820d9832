import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
