import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { DiskStore } from '../../src/session/disk-store.js';
import { fileLock } from '../../src/session/file-lock.js';
import { heldInFolder } from '../../src/session/folder-locks.js';
import { captureStderr } from './helpers.js';
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

it('DiskStore creates its folder 0700 and its files 0600: no other local user can list the session ids', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-disk-'));
  try {
    const store = DiskStore(join(dir, 'new', 'sessions'));
    await store.set('ab12', { data: 'x', atime: Date.now() });
    assert.equal(statSync(join(dir, 'new', 'sessions')).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'new', 'sessions', 'ab12')).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('DiskStore warns once when an existing folder is open to other users', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-disk-'));
  try {
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    const { stderr } = await captureStderr(async () => {
      DiskStore(open);
      DiskStore(open);
    });
    assert.equal(stderr.match(/accessible to other users \(mode 755\)/g)?.length, 1, stderr);
    const { stderr: quiet } = await captureStderr(async () => {
      DiskStore(join(dir, 'private'));
    });
    assert.equal(quiet, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('DiskStore cleanup removes temp and lock files a crash left once older than a minute, whatever the timeout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-disk-'));
  try {
    const store = DiskStore(dir);
    await store.set('ab12', { data: 'kept', atime: Date.now() });
    const aged = new Date(Date.now() - 61_000);
    const left = ['ab12.4242.0badcafe.tmp', 'ab12.lock', 'ab12.lock.00ff00ff0000.stale'];
    for (const name of left) {
      writeFileSync(join(dir, name), 'left by a kill -9');
      utimesSync(join(dir, name), aged, aged);
    }
    writeFileSync(join(dir, 'cd34.4242.0badcafe.tmp'), 'a write in progress');
    await store.cleanup(86400);
    assert.deepEqual(readdirSync(dir).sort(), ['ab12', 'cd34.4242.0badcafe.tmp']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('DiskStore locks across processes unless declared private (shared: false): a lock keeper in the folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-disk-'));
  try {
    const shared = DiskStore(dir);
    assert.equal(shared.shared, true);
    const held = await shared.lock?.('ab12', { lease: 5000, wait: 0 });
    assert.ok(held, 'a free session is taken at once');
    assert.equal(await heldInFolder(dir), 1, 'the keeper answers on its socket: one lock held');
    assert.deepEqual(readdirSync(dir), ['.webts-locks.sock'], 'no lock file: the lock is in the keeper');
    assert.equal(await DiskStore(dir).lock?.('ab12', { lease: 5000, wait: 0 }), undefined, 'held: not taken');
    const other = await DiskStore(dir).lock?.('cd34', { lease: 5000, wait: 0 });
    assert.ok(other, 'another session is not held up');
    await other?.release();
    const waiting = DiskStore(dir).lock?.('ab12', { lease: 5000, wait: 10_000 });
    await held?.release();
    const next = await waiting;
    assert.ok(next, 'a waiter gets the lock once it is released');
    await next?.release();
    assert.equal(await heldInFolder(dir), 0);
    await assert.rejects(
      DiskStore(dir).lock?.('../x', { lease: 5000, wait: 0 }) as Promise<unknown>,
      /invalid session id/,
    );
    assert.equal(DiskStore(dir, { shared: false }).lock, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('lock files (what a folder on a network file system uses): O_EXCL, mode 600, removed on release', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-disk-'));
  try {
    const file = join(dir, 'ab12.lock');
    const held = await fileLock(file, { lease: 5000, wait: 0 }, 'test');
    assert.ok(held);
    assert.deepEqual(readdirSync(dir), ['ab12.lock']);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(await fileLock(file, { lease: 5000, wait: 0 }, 'test'), undefined, 'held: not taken');
    await held?.release();
    assert.deepEqual(readdirSync(dir), []);
    // A file older than the lease was left by a holder that died: it is taken over.
    writeFileSync(file, 'left by a kill -9');
    const aged = new Date(Date.now() - 6000);
    utimesSync(file, aged, aged);
    const taken = await fileLock(file, { lease: 5000, wait: 0 }, 'test');
    assert.ok(taken, 'a lapsed lock file is taken over');
    await taken?.release();
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
