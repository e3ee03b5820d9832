import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdirSync, statSync } from 'node:fs';
import { readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { logError } from '../core/log.js';
import { pyclass } from '../util/pyclass.js';
import { folderLock } from './folder-locks.js';
import {
  assertValidId,
  type HeldLock,
  isValidId,
  type LockOptions,
  type SessionRecord,
  type Store,
} from './store.js';

/** Options of `DiskStore(dir, options)`. */
export interface DiskStoreOptions {
  /**
   * Whether several processes (node:cluster workers, processes on hosts sharing a network folder) use this
   * folder at once (default true). A shared store locks each session with a lock file for the request's
   * duration; `shared: false` declares the folder private to one process, which then relies on the
   * in-process queue alone and skips the lock file.
   */
  shared?: boolean;
}

/** Temporary and lock files older than this are what a crashed process left (live ones are renewed). */
const LEFTOVER_MS = 60_000;

/** Folders already warned about (once per folder and process). */
const warned = new Set<string>();

/** How many sessions a DiskStore keeps in memory to skip re-reading unchanged files. */
const CACHE_SIZE = 10_000;

/**
 * web.py `DiskStore(dir)`: one file per session in `dir` (created if missing), named by the
 * session id. The file holds the encoded session; its modification time is the last use.
 * Writes go to a temporary file that is then renamed over the old one, so a crash mid-write
 * leaves the old file or the new one, never half of either. Ids are validated hex before they
 * become file names, so no cookie can name a path outside `dir`.
 */
export class DiskStoreImpl implements Store {
  readonly root: string;
  /**
   * Recently read or written sessions, by id, with the file's inode, size and time. Every write renames a
   * new file into place (a new inode), and an edit in place changes the time, so when all three match the
   * cached text is still the file's text: a read then costs one `stat` instead of open, stat, read, close.
   */
  readonly #cache = new Map<string, { ino: number; size: number; mtime: number; data: string }>();

  /** Whether this store locks sessions across processes (see DiskStoreOptions.shared). */
  readonly shared: boolean;

  constructor(root: string, options: DiskStoreOptions = {}) {
    if (typeof root !== 'string' || root === '')
      throw new TypeError('web.session.DiskStore(dir): dir must be a folder name');
    this.root = resolve(root);
    this.shared = options?.shared !== false;
    // The file names are the session ids: no other local user may list them.
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    const mode = statSync(this.root).mode & 0o777;
    if (mode & 0o077 && !warned.has(this.root)) {
      warned.add(this.root);
      logError(
        `webts DiskStore: folder ${this.root} is accessible to other users (mode ${mode.toString(8)}); ` +
          `its file names are session ids: chmod 700 it`,
      );
    }
    if (!this.shared) this.lock = undefined;
  }

  /**
   * Hold session `id` across the processes sharing the folder (see folder-locks.ts: a lock keeper on a local
   * disk, lock files on a network file system), unless the store was declared private (`shared: false`).
   */
  lock?: (id: string, options: LockOptions) => Promise<HeldLock | undefined> = async (id, options) => {
    assertValidId(id);
    return folderLock(this.root, id, options, `session file ${id.slice(0, 8)}…`);
  };

  #path(id: string): string {
    assertValidId(id);
    return join(this.root, id);
  }

  async has(id: string): Promise<boolean> {
    try {
      await stat(this.#path(id));
      return true;
    } catch {
      return false;
    }
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const file = this.#path(id);
    let info: Stats;
    try {
      info = await stat(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.#cache.delete(id);
      return undefined;
    }
    const cached = this.#cache.get(id);
    if (
      cached !== undefined &&
      cached.ino === info.ino &&
      cached.size === info.size &&
      cached.mtime === info.mtimeMs
    ) {
      return { data: cached.data, atime: info.mtimeMs };
    }
    let data: string;
    try {
      data = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // deleted meanwhile
      throw err;
    }
    this.#remember(id, info, data);
    return { data, atime: info.mtimeMs };
  }

  #remember(id: string, info: Stats, data: string): void {
    this.#cache.delete(id);
    if (this.#cache.size >= CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(id, { ino: info.ino, size: info.size, mtime: info.mtimeMs, data });
  }

  async set(id: string, record: SessionRecord): Promise<void> {
    const file = this.#path(id);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, record.data, { mode: 0o600 });
      const when = new Date(record.atime);
      await utimes(temp, when, when);
      const info = await stat(temp);
      await rename(temp, file);
      this.#remember(id, info, record.data);
    } catch (err) {
      await unlink(temp).catch(() => {});
      throw err;
    }
  }

  async delete(id: string): Promise<void> {
    this.#cache.delete(id);
    await unlink(this.#path(id)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  async touch(id: string, atime: number): Promise<void> {
    const when = new Date(atime);
    await utimes(this.#path(id), when, when).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /**
   * Delete sessions idle past `timeout` seconds, and the temporary and lock files a crashed process left
   * (older than a minute: a live lock is renewed every few seconds, a write takes milliseconds).
   */
  async cleanup(timeout: number): Promise<void> {
    const now = Date.now();
    const cutoff = now - timeout * 1000;
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // the folder was removed: nothing to clean
      throw err;
    }
    for (const name of names) {
      const leftover = /^[0-9a-fA-F]{1,128}\.(?:\d+\.[0-9a-f]+\.tmp|lock(?:\.[0-9a-f]+\.stale)?)$/.test(name);
      if (!leftover && !isValidId(name)) continue; // not ours: leave it alone
      const file = join(this.root, name);
      try {
        const info = await stat(file);
        if (info.isFile() && info.mtimeMs < (leftover ? now - LEFTOVER_MS : cutoff)) await unlink(file);
      } catch {
        // Gone already (another process cleaning up): nothing to do.
      }
    }
  }
}

/** `web.session.DiskStore(dir, { shared })`, with or without `new`. */
export const DiskStore = pyclass(DiskStoreImpl);
export type DiskStore = DiskStoreImpl;
