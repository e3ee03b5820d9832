import type { MaybePromise } from '../util/maybe-promise.js';

/**
 * What a store keeps for one session: the encoded session (an opaque JSON text made by
 * codec.ts) and when it was last used, in milliseconds since the epoch.
 */
export interface SessionRecord {
  data: string;
  atime: number;
}

/**
 * The contract every session store implements (web.py's `Store`: `__contains__`, `__getitem__`,
 * `__setitem__`, `__delitem__`, `cleanup`). Methods may return values or promises. Ids reaching a
 * store are always validated hex (see `isValidId`), so a store may use them as file names or keys.
 *
 * To keep sessions somewhere else (Redis, your own SQL), implement these six methods; run the
 * shared suite in test/session/store-suite.ts against it.
 */
export interface Store {
  /** Whether a record for `id` exists. */
  has(id: string): MaybePromise<boolean>;
  /** The record for `id`, or undefined. */
  get(id: string): MaybePromise<SessionRecord | undefined>;
  /** Create or replace the record for `id`. Must be atomic: a reader sees the old or the new record, never half. */
  set(id: string, record: SessionRecord): MaybePromise<void>;
  /** Remove the record for `id` (no error when it is absent). */
  delete(id: string): MaybePromise<void>;
  /** Mark `id` as used at `atime` without rewriting its data. */
  touch(id: string, atime: number): MaybePromise<void>;
  /** Remove every record idle for more than `timeout` seconds. */
  cleanup(timeout: number): MaybePromise<void>;
  /**
   * Optional: read-modify-write `id` atomically across processes (a row lock in a transaction),
   * so concurrent requests on different servers do not lose each other's changes.
   */
  update?(
    id: string,
    change: (current: SessionRecord | undefined) => SessionRecord | undefined,
  ): MaybePromise<void>;
  /**
   * Optional: hold `id` for one request across every process and host that shares this store, so their
   * requests of one session run one after another. Resolves to the held lock, or to undefined when another
   * holder kept it past `options.wait` milliseconds. A lock lives `options.lease` milliseconds unless renewed:
   * the store renews it while it is held, so only a holder that died (kill -9, a lost host) lets it lapse.
   * A store without this method (MemoryStore, ShelfStore, a private DiskStore) is used by one process only.
   */
  lock?(id: string, options: LockOptions): Promise<HeldLock | undefined>;
  /** Optional: release files, connections or timers. */
  close?(): MaybePromise<void>;
}

/** Options of `Store.lock`, in milliseconds. */
export interface LockOptions {
  /** How long the lock lasts without renewal (what a crashed holder costs the next request at most). */
  lease: number;
  /** How long to wait for another holder before giving up. */
  wait: number;
}

/** A cross-process session lock, held until `release()` (which never throws). */
export interface HeldLock {
  release(): Promise<void>;
  /**
   * The session's record as read with the lock (RedisStore in the same script; DBStore on PostgreSQL and
   * MySQL in the same round trip, by a statement after the lock's), so the request need not ask for it
   * again; absent when the store did not read it.
   */
  readonly read?: { record: SessionRecord | undefined };
  /**
   * True when a lock of this store that this process asks for after calling `release()` is taken only once
   * that release is done (RedisStore on one server: its lock steps go out in order on one connection). The
   * session then lets this process's next request of the session go on, and the response go out, without
   * waiting for the release to finish (nobody awaits it, so its promise must never reject). Only a hint: a
   * take that comes too early still finds the lock held and waits for it, so nothing is ever held twice.
   */
  readonly ordered?: boolean;
}

const ID = /^[0-9a-fA-F]{1,128}$/;

/** Session ids are hex (web.py's rule), at most 128 characters (the DBStore column). */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && ID.test(id);
}

/** Throw unless `id` is a valid session id: the last guard before a store touches its medium. */
export function assertValidId(id: string): void {
  if (!isValidId(id))
    throw new TypeError(
      `invalid session id ${JSON.stringify(String(id).slice(0, 40))}: ids are 1-128 hex digits`,
    );
}
