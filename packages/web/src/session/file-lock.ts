import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MaybePromise } from '../util/maybe-promise.js';
import { acquireLease, lockToken } from './lease.js';
import type { HeldLock, LockOptions } from './store.js';

/** The file operations a lock file needs, answered at once (local disk) or with a promise (network folder). */
interface LockFiles {
  create(file: string, token: string): MaybePromise<void>;
  read(file: string): MaybePromise<string>;
  stat(file: string): MaybePromise<fs.Stats>;
  touch(file: string): MaybePromise<void>;
  rename(from: string, to: string): MaybePromise<void>;
  link(from: string, to: string): MaybePromise<void>;
  unlink(file: string): MaybePromise<void>;
}

/**
 * On a local disk each of these is a system call of a few microseconds: made in place they cost a fraction of
 * a trip through libuv's thread pool (which, on a busy server, queues behind the session reads and shares
 * the CPU with the event loop). On a network file system a call can take a round trip, so there they go
 * through the pool and the event loop never waits on the network.
 */
const LOCAL: LockFiles = {
  create: (file, token) => fs.writeFileSync(file, token, { flag: 'wx', mode: 0o600 }),
  read: (file) => fs.readFileSync(file, 'utf8'),
  stat: (file) => fs.statSync(file),
  touch: (file) => {
    const now = new Date();
    fs.utimesSync(file, now, now);
  },
  rename: (from, to) => fs.renameSync(from, to),
  link: (from, to) => fs.linkSync(from, to),
  unlink: (file) => fs.unlinkSync(file),
};

const REMOTE: LockFiles = {
  create: (file, token) => fsp.writeFile(file, token, { flag: 'wx', mode: 0o600 }),
  read: (file) => fsp.readFile(file, 'utf8'),
  stat: (file) => fsp.stat(file),
  touch: (file) => {
    const now = new Date();
    return fsp.utimes(file, now, now);
  },
  rename: (from, to) => fsp.rename(from, to),
  link: (from, to) => fsp.link(from, to),
  unlink: (file) => fsp.unlink(file),
};

/**
 * Linux `statfs` magic numbers of file systems whose calls may go over a network: NFS, SMB/CIFS (three),
 * FUSE (sshfs and friends), 9P, Ceph, AFS (two), Coda, GFS2, OCFS2, Lustre, NCP, OrangeFS.
 */
const NETWORK_FILE_SYSTEMS = new Set([
  0x6969, 0x517b, 0xff534d42, 0xfe534d42, 0x65735546, 0x01021997, 0x00c36400, 0x5346414f, 0x6b414653,
  0x73757245, 0x01161970, 0x7461636f, 0x0bd00bd0, 0x564c, 0x13661366,
]);

/** Whether `folder` is on a local disk of a Linux system (false where that cannot be told). */
export function onLocalDisk(folder: string): boolean {
  if (process.platform !== 'linux') return false;
  try {
    return !NETWORK_FILE_SYSTEMS.has(Number(fs.statfsSync(folder).type) >>> 0);
  } catch {
    return false;
  }
}

/** Per folder: whether its lock files take the in-place calls (a local disk on Linux) or the pool's. */
const filesFor = new Map<string, LockFiles>();

function lockFiles(folder: string): LockFiles {
  let files = filesFor.get(folder);
  if (files === undefined) {
    files = onLocalDisk(folder) ? LOCAL : REMOTE;
    filesFor.set(folder, files);
  }
  return files;
}

/**
 * A cross-process lock as a file: created with O_EXCL (`wx`), holding the holder's pid, host and a token of
 * its own. The holder refreshes the file's time while it holds it; a file older than the lease was left by a
 * process that died, and the next one moves exactly that file aside (rename is atomic: one taker wins) and
 * takes the lock. Works between the processes of one machine and on network file systems with O_EXCL.
 */
export function fileLock(file: string, options: LockOptions, what: string): Promise<HeldLock | undefined> {
  const files = lockFiles(dirname(file));
  const token = lockToken();
  const mine = async () => {
    try {
      return (await files.read(file)) === token;
    } catch {
      return false;
    }
  };
  // When the file's time was last set by this holder (taken just before the call that set it, so the file is
  // at least this fresh). Another process takes the file only once it is older than the lease; while it is
  // well within, the file is certainly still this holder's and needs no reading back.
  let fresh = 0;
  const surelyMine = () => Date.now() - fresh < options.lease / 2;
  return acquireLease(
    options,
    async () => {
      const before = Date.now();
      const got = await tryLock(files, file, token, options.lease);
      if (got) fresh = before;
      return got;
    },
    async () => {
      if (surelyMine() || (await mine())) {
        const before = Date.now();
        await files.touch(file);
        fresh = before;
      }
    },
    async () => {
      if (surelyMine() || (await mine())) {
        try {
          await files.unlink(file);
        } catch {
          // already gone: the lease lapsed and another holder took and released it
        }
      }
    },
    what,
  );
}

async function tryLock(
  files: LockFiles,
  file: string,
  token: string,
  lease: number,
  again = true,
): Promise<boolean> {
  try {
    await files.create(file, token);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let info: fs.Stats;
  try {
    info = await files.stat(file);
  } catch {
    return again && tryLock(files, file, token, lease, false); // released meanwhile
  }
  if (Date.now() - info.mtimeMs <= lease) return false;
  // Left by a dead holder: move this very file aside and check it is the stale one; if a live lock was
  // taken meanwhile, put it back.
  const aside = `${file}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await files.rename(file, aside);
  } catch {
    return false;
  }
  let moved: fs.Stats | undefined;
  try {
    moved = await files.stat(aside);
  } catch {
    moved = undefined;
  }
  try {
    if (moved !== undefined && moved.ino !== info.ino) await files.link(aside, file);
  } catch {
    // a new lock was taken meanwhile: that one stands
  }
  try {
    await files.unlink(aside);
  } catch {
    // removed by someone else already
  }
  return again && tryLock(files, file, token, lease, false);
}

/** Lock files in `dir` not renewed for a minute: their holders died. */
export async function removeLeftovers(dir: string): Promise<void> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const cutoff = Date.now() - 60_000;
  for (const name of names) {
    if (!/^[0-9a-fA-F]{1,128}\.lock(?:\.[0-9a-f]+\.stale)?$/.test(name)) continue;
    const file = join(dir, name);
    const info = await fsp.stat(file).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < cutoff) await fsp.unlink(file).catch(() => {});
  }
}
