import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { link, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { acquireLease } from './lease.js';
import type { HeldLock, LockOptions } from './store.js';

/**
 * A cross-process lock as a file: created with O_EXCL (`wx`), holding the holder's pid, host and a random
 * token. The holder refreshes the file's time while it holds it; a file older than the lease was left by a
 * process that died, and the next one moves exactly that file aside (rename is atomic: one taker wins) and
 * takes the lock. Works between the processes of one machine and on network file systems with O_EXCL.
 */
export function fileLock(file: string, options: LockOptions, what: string): Promise<HeldLock | undefined> {
  const token = `${process.pid}@${hostname()} ${randomBytes(8).toString('hex')}`;
  const mine = async () => (await readFile(file, 'utf8').catch(() => '')) === token;
  // When the file's time was last set by this holder (taken just before the call that set it, so the file is
  // at least this fresh). Another process takes the file only once it is older than the lease; while it is
  // well within, the file is certainly still this holder's and needs no reading back.
  let fresh = 0;
  const surelyMine = () => Date.now() - fresh < options.lease / 2;
  return acquireLease(
    options,
    async () => {
      const before = Date.now();
      const got = await tryLock(file, token, options.lease);
      if (got) fresh = before;
      return got;
    },
    async () => {
      if (surelyMine() || (await mine())) {
        const before = Date.now();
        const now = new Date();
        await utimes(file, now, now);
        fresh = before;
      }
    },
    async () => {
      if (surelyMine() || (await mine())) await unlink(file).catch(() => {});
    },
    what,
  );
}

async function tryLock(file: string, token: string, lease: number, again = true): Promise<boolean> {
  try {
    await writeFile(file, token, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let info: Stats;
  try {
    info = await stat(file);
  } catch {
    return again && tryLock(file, token, lease, false); // released meanwhile
  }
  if (Date.now() - info.mtimeMs <= lease) return false;
  // Left by a dead holder: move this very file aside and check it is the stale one; if a live lock was
  // taken meanwhile, put it back.
  const aside = `${file}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(file, aside);
  } catch {
    return false;
  }
  const moved = await stat(aside).catch(() => undefined);
  if (moved !== undefined && moved.ino !== info.ino) await link(aside, file).catch(() => {});
  await unlink(aside).catch(() => {});
  return again && tryLock(file, token, lease, false);
}

/** Lock files in `dir` not renewed for a minute: their holders died. */
export async function removeLeftovers(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const cutoff = Date.now() - 60_000;
  for (const name of names) {
    if (!/^[0-9a-fA-F]{1,128}\.lock(?:\.[0-9a-f]+\.stale)?$/.test(name)) continue;
    const file = join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < cutoff) await unlink(file).catch(() => {});
  }
}
