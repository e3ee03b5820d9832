import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { logError } from '../core/log.js';
import { isPromise, type MaybePromise } from '../util/maybe-promise.js';
import type { HeldLock, LockOptions } from './store.js';

/** This process's part of every lock token (who holds it, for a person reading a lock), then a counter. */
export const LOCK_OWNER = `${process.pid}@${hostname()} ${randomBytes(6).toString('hex')}`;
let tokens = 0;

/** A token no other lock of any process has: the holder's proof, checked before a renewal or a release. */
export function lockToken(): string {
  return `${LOCK_OWNER} ${++tokens}`;
}

/** One held lock the renewal sweep keeps alive. */
interface Held {
  /** Renew at least this often (a third of the lease). */
  every: number;
  /** When it was last renewed (or taken). */
  renewed: number;
  renew: () => MaybePromise<unknown>;
  what: string;
  /** The renewal under way, awaited by release so that no renewal lands after it. */
  renewing: Promise<unknown> | undefined;
}

/**
 * Every lock this process holds, renewed by one timer (not one per lock: a request then pays a set insert
 * and delete, not a timer's setup and teardown). The timer does not keep the process alive and stops when a
 * sweep finds nothing held.
 */
const held = new Set<Held>();
let sweeper: NodeJS.Timeout | undefined;
let sweepEvery = Number.POSITIVE_INFINITY;

function sweep(): void {
  if (held.size === 0) {
    clearInterval(sweeper);
    sweeper = undefined;
    sweepEvery = Number.POSITIVE_INFINITY;
    return;
  }
  const now = Date.now();
  for (const lock of held) {
    if (now - lock.renewed < lock.every || lock.renewing !== undefined) continue;
    lock.renewed = now;
    const done = (async () => {
      try {
        await lock.renew();
      } catch (err) {
        logError(err, `webts session lock (renewing ${lock.what})`);
      } finally {
        lock.renewing = undefined;
      }
    })();
    lock.renewing = done;
  }
}

/** Keep `lock` renewed until it is released. */
function watch(lock: Held): void {
  held.add(lock);
  // Sweeping twice per renewal period: a lock is renewed at most every + every / 2 after the last time,
  // half the lease, so it never lapses while its holder lives.
  const period = Math.max(Math.floor(lock.every / 2), 5);
  if (sweeper !== undefined && period >= sweepEvery) return;
  clearInterval(sweeper);
  sweepEvery = period;
  sweeper = setInterval(sweep, period);
  sweeper.unref();
}

/**
 * One try at a lock: true when it was taken, false when another holds it. A store that keeps a line of
 * waiters says 'in line' when others are ahead of this caller and 'next' when it is first: its turn comes in
 * order, and it asks again soon, to take the lock when its turn comes and to keep its place.
 */
export type Attempt = () => MaybePromise<boolean | 'in line' | 'next'>;

/**
 * The waiting and renewing every cross-process lock shares. `attempt` tries once and says whether it got
 * the lock; it is retried with a growing, jittered pause until `options.wait` has passed. Once held, `renew`
 * runs every third of the lease (none for a lock the server ties to a connection) and `release` runs once,
 * when the request is done. Each step may answer synchronously (a lock file on a local disk) or with a
 * promise (a lock on a server).
 */
export function acquireLease(
  options: LockOptions,
  attempt: Attempt,
  renew: (() => MaybePromise<unknown>) | undefined,
  release: () => MaybePromise<unknown>,
  what: string,
): Promise<HeldLock | undefined> {
  const deadline = Date.now() + options.wait;
  const hold = () => holding(options, renew, release, what);
  // The usual case, a free lock, costs no promise beyond the attempt's own: this runs on every request.
  let first: MaybePromise<boolean | 'in line' | 'next'>;
  try {
    first = attempt();
  } catch (err) {
    return Promise.reject(err);
  }
  if (!isPromise(first)) return first === true ? Promise.resolve(hold()) : retry(deadline, attempt, hold);
  return first.then((ok) => (ok === true ? hold() : retry(deadline, attempt, hold)));
}

/**
 * After a first attempt found the lock taken: try again after a jittered pause until the deadline. The pause
 * doubles (1 ms up to 25 ms) while the lock is simply taken. In a store's line it grows by a millisecond each
 * time instead, so a caller behind others asks at most 40 times a second while a long request holds the
 * lock; first in line, it stays at about a millisecond, so the lock is taken soon after it is free.
 */
async function retry(
  deadline: number,
  attempt: Attempt,
  hold: () => HeldLock,
): Promise<HeldLock | undefined> {
  let pause = 1;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, pause / 2 + Math.random() * pause)));
    const got = await attempt();
    if (got === true) return hold();
    pause = got === 'next' ? 1 : Math.min(got === 'in line' ? pause + 1 : pause * 2, 25);
  }
}

/** The lock just taken: renewed until released (when it has a lease), released once. */
function holding(
  options: LockOptions,
  renew: (() => MaybePromise<unknown>) | undefined,
  release: () => MaybePromise<unknown>,
  what: string,
): HeldLock {
  let released: Promise<void> | undefined;
  if (renew === undefined) return { release: () => (released ??= releaseQuietly(release, what)) };
  const lock: Held = {
    every: Math.max(Math.floor(options.lease / 3), 10),
    renewed: Date.now(),
    renew,
    what,
    renewing: undefined,
  };
  watch(lock);
  return {
    release() {
      if (released === undefined) {
        held.delete(lock);
        // No renewal may land after the release: wait for one under way.
        released =
          lock.renewing === undefined
            ? releaseQuietly(release, what)
            : lock.renewing.then(() => releaseQuietly(release, what));
      }
      return released;
    },
  };
}

/** Run `release`, logging a failure: the lease (or the server, for a connection's lock) ends the lock anyway. */
function releaseQuietly(release: () => MaybePromise<unknown>, what: string): Promise<void> {
  const failed = (err: unknown) => logError(err, `webts session lock (releasing ${what})`);
  try {
    const done = release();
    return isPromise(done) ? done.then(() => undefined, failed) : Promise.resolve();
  } catch (err) {
    failed(err);
    return Promise.resolve();
  }
}
