import { database } from '../db/index.js';
import { pyclass } from '../util/pyclass.js';
import { DBStoreImpl } from './db-store.js';

/**
 * web.py `ShelfStore(filename)`: every session in one file. Python used a shelve; webts uses an
 * SQLite file (node-sqlite3-wasm), which gives the same one-file convenience with crash-safe,
 * atomic writes.
 */
export class ShelfStoreImpl extends DBStoreImpl {
  readonly filename: string;

  constructor(filename: string) {
    if (typeof filename !== 'string' || filename === '')
      throw new TypeError('web.session.ShelfStore(filename): filename must be a file name');
    // The file is held open exclusively by this process: nothing to lock across processes.
    super(database({ dbn: 'sqlite', db: filename, exclusive: true }), 'sessions', { shared: false });
    this.filename = filename;
  }

  /** Close the file. */
  close(): Promise<void> {
    return this.db.close();
  }
}

/** `web.session.ShelfStore(filename)`, with or without `new`. */
export const ShelfStore = pyclass(ShelfStoreImpl);
export type ShelfStore = ShelfStoreImpl;
