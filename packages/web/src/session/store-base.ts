import type { MaybePromise } from '../util/maybe-promise.js';
import { decode, encode } from './codec.js';
import type { SessionRecord, Store } from './store.js';

/**
 * web.py's `web.session.Store`, the base class of a store you write yourself: `class MyStore extends
 * web.session.Store` and define `has`, `get`, `set`, `delete` and `cleanup` (web.py's `__contains__`,
 * `__getitem__`, `__setitem__`, `__delitem__`, `cleanup`); each one left out throws when called. `touch`
 * defaults to reading the record and writing it back with the new time. `encode`/`decode` turn session data
 * into text and back as the built-in stores do (JSON, where web.py pickles).
 */
export class StoreBase implements Store {
  has(_id: string): MaybePromise<boolean> {
    throw notImplemented('has');
  }

  get(_id: string): MaybePromise<SessionRecord | undefined> {
    throw notImplemented('get');
  }

  set(_id: string, _record: SessionRecord): MaybePromise<void> {
    throw notImplemented('set');
  }

  delete(_id: string): MaybePromise<void> {
    throw notImplemented('delete');
  }

  cleanup(_timeout: number): MaybePromise<void> {
    throw notImplemented('cleanup');
  }

  async touch(id: string, atime: number): Promise<void> {
    const record = await this.get(id);
    if (record !== undefined) await this.set(id, { data: record.data, atime });
  }

  /** Session data as text (web.py: a base64 pickle; here JSON, as every webts store writes it). */
  encode(data: Record<string, unknown>): string {
    return encode(data);
  }

  /** Text made by `encode` back into session data. */
  decode(text: string): Record<string, unknown> {
    return decode(text) as Record<string, unknown>;
  }
}

function notImplemented(method: string): Error {
  return new Error(
    `web.session.Store: ${method}() is not implemented; a store that extends web.session.Store defines has, get, set, delete and cleanup`,
  );
}
