/**
 * A first-come first-served async lock. SQLite has one connection, so a transaction must own it from
 * BEGIN to COMMIT while every other statement and transaction waits its turn.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /** Waits for the lock; call the returned function (once) to hand it to the next waiter. */
  acquire(): Promise<() => void> {
    let open!: () => void;
    const mine = new Promise<void>((resolve) => {
      open = resolve;
    });
    const before = this.#tail;
    this.#tail = before.then(() => mine);
    let released = false;
    return before.then(() => () => {
      if (released) return;
      released = true;
      open();
    });
  }

  /** Runs `fn` while holding the lock. */
  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
