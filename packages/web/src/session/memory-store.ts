import { handoff } from '../http/handoff.js';
import { pyclass } from '../util/pyclass.js';
import { assertValidId, type SessionRecord, type Store } from './store.js';

/**
 * web.py `MemoryStore`: sessions in this process's memory. For tests and single-process apps;
 * everything is gone when the process stops.
 */
export class MemoryStoreImpl implements Store {
  readonly #records: Map<string, SessionRecord>;

  constructor() {
    // Under the dev reloader the sessions of the previous process carry over (see handoff.ts).
    const saved = handoff('MemoryStore', () => [...this.#records]);
    this.#records = new Map(saved);
  }

  has(id: string): boolean {
    return this.#records.has(id);
  }

  get(id: string): SessionRecord | undefined {
    const record = this.#records.get(id);
    return record === undefined ? undefined : { ...record };
  }

  set(id: string, record: SessionRecord): void {
    assertValidId(id);
    this.#records.set(id, { data: record.data, atime: record.atime });
  }

  delete(id: string): void {
    this.#records.delete(id);
  }

  touch(id: string, atime: number): void {
    const record = this.#records.get(id);
    if (record !== undefined) record.atime = atime;
  }

  cleanup(timeout: number): void {
    const cutoff = Date.now() - timeout * 1000;
    for (const [id, record] of this.#records) if (record.atime < cutoff) this.#records.delete(id);
  }

  /** Number of sessions held (for tests and monitoring). */
  get size(): number {
    return this.#records.size;
  }
}

/** `web.session.MemoryStore()`, with or without `new`. */
export const MemoryStore = pyclass(MemoryStoreImpl);
export type MemoryStore = MemoryStoreImpl;
