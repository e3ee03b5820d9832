import { logError } from '../core/log.js';
import type { HeldLock, LockOptions } from './store.js';

/**
 * The waiting and renewing every cross-process lock shares. `attempt` tries once and says whether it got
 * the lock; it is retried with a growing, jittered pause until `options.wait` has passed. Once held,
 * `renew` runs every third of the lease (a timer that does not keep the process alive) and `release` runs
 * once, when the request is done.
 */
export async function acquireLease(
  options: LockOptions,
  attempt: () => Promise<boolean>,
  renew: () => Promise<unknown>,
  release: () => Promise<unknown>,
  what: string,
): Promise<HeldLock | undefined> {
  const deadline = Date.now() + options.wait;
  for (let pause = 1; ; pause = Math.min(pause * 2, 25)) {
    if (await attempt()) break;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, pause / 2 + Math.random() * pause)));
  }
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renew().catch((err) => logError(err, `webts session lock (renewing ${what})`));
    },
    Math.max(Math.floor(options.lease / 3), 10),
  );
  timer.unref();
  let released: Promise<void> | undefined;
  return {
    release() {
      released ??= (async () => {
        clearInterval(timer);
        await renewing;
        try {
          await release();
        } catch (err) {
          // The lease ends it anyway; the next request waits at most that long.
          logError(err, `webts session lock (releasing ${what})`);
        }
      })();
      return released;
    },
  };
}
