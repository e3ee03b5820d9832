/**
 * One queue per session id, so overlapping requests of one session run load → handler → save
 * one after another (as PHP's session locking does) and never overwrite each other's changes.
 * Requests of different sessions never wait on each other.
 */
export class SessionLocks {
  readonly #tails = new Map<string, Promise<void>>();

  /**
   * Wait for the requests ahead on `id`, then hold it until the returned release is called.
   * Resolves to undefined (and leaves the queue) when the requests ahead still run after `timeoutMs`, so
   * one stuck handler cannot wedge a user forever.
   */
  async acquire(id: string, timeoutMs: number): Promise<(() => void) | undefined> {
    const ahead = this.#tails.get(id);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = ahead === undefined ? mine : ahead.then(() => mine);
    this.#tails.set(id, tail);
    if (ahead !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      const won = await Promise.race([ahead.then(() => true), timedOut.then(() => false)]);
      clearTimeout(timer);
      if (!won) {
        // Hand on to whoever follows once the requests ahead are done, as if this one had run instantly.
        release();
        if (this.#tails.get(id) === tail) this.#tails.delete(id);
        return undefined;
      }
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      if (this.#tails.get(id) === tail) this.#tails.delete(id);
    };
  }

  /** How many session ids have requests queued or running (for tests: it must drain to 0). */
  get size(): number {
    return this.#tails.size;
  }
}
