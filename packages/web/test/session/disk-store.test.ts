import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { DiskStore } from '../../src/session/disk-store.js';
import { storeSuite } from './store-suite.js';

storeSuite(
  'DiskStore',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webts-disk-'));
    return {
      store: DiskStore(join(dir, 'sessions')),
      reopen: () => new DiskStore(join(dir, 'sessions')),
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { persistent: true },
);

it('DiskStore creates its folder and writes one file per session, named by id', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-disk-'));
  try {
    const store = DiskStore(join(dir, 'a', 'b'));
    await store.set('abc123', { data: 'x', atime: Date.now() });
    assert.deepEqual(readdirSync(join(dir, 'a', 'b')), ['abc123']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('DiskStore cleanup removes temp files a crash left behind, and ignores files that are not sessions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-disk-'));
  try {
    const store = DiskStore(dir);
    const old = new Date(Date.now() - 7200_000);
    writeFileSync(join(dir, 'abc.123.dead.tmp'), 'half a sess');
    writeFileSync(join(dir, 'README'), 'not a session');
    const { utimesSync } = await import('node:fs');
    utimesSync(join(dir, 'abc.123.dead.tmp'), old, old);
    utimesSync(join(dir, 'README'), old, old);
    await store.cleanup(3600);
    assert.equal(existsSync(join(dir, 'abc.123.dead.tmp')), false);
    assert.equal(existsSync(join(dir, 'README')), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('DiskStore leaves no temp file after a write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-disk-'));
  try {
    const store = DiskStore(dir);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.set('ab', { data: String(i), atime: Date.now() })),
    );
    assert.deepEqual(readdirSync(dir), ['ab']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('DiskStore sees a file changed behind its back (in place, or replaced by another process)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-disk-'));
  try {
    const store = DiskStore(dir);
    await store.set('ab', { data: 'first', atime: Date.now() - 10_000 });
    assert.equal((await store.get('ab'))?.data, 'first');
    writeFileSync(join(dir, 'ab'), 'other'); // same size, same inode, new time
    assert.equal((await store.get('ab'))?.data, 'other');
    const { renameSync } = await import('node:fs');
    writeFileSync(join(dir, 'tmp'), 'third');
    renameSync(join(dir, 'tmp'), join(dir, 'ab')); // a new inode, as another DiskStore's write makes
    assert.equal((await store.get('ab'))?.data, 'third');
    const { unlinkSync } = await import('node:fs');
    unlinkSync(join(dir, 'ab'));
    assert.equal(await store.get('ab'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
