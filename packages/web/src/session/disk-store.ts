import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pyclass } from '../pyclass.js';
import { assertValidId, isValidId, type SessionRecord, type Store } from './store.js';

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

  constructor(root: string) {
    if (typeof root !== 'string' || root === '')
      throw new TypeError('web.session.DiskStore(dir): dir must be a folder name');
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true });
  }

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

  /** Delete sessions idle past `timeout` seconds, and temporary files a crash left behind. */
  async cleanup(timeout: number): Promise<void> {
    const cutoff = Date.now() - timeout * 1000;
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // the folder was removed: nothing to clean
      throw err;
    }
    for (const name of names) {
      if (!name.endsWith('.tmp') && !isValidId(name)) continue; // not ours: leave it alone
      const file = join(this.root, name);
      try {
        const info = await stat(file);
        if (info.isFile() && info.mtimeMs < cutoff) await unlink(file);
      } catch {
        // Gone already (another process cleaning up): nothing to do.
      }
    }
  }
}

/** `web.session.DiskStore(dir)`, with or without `new`. */
export const DiskStore = pyclass(DiskStoreImpl);
export type DiskStore = DiskStoreImpl;
