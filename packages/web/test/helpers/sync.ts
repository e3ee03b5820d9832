/**
 * Ordering for tests without clocks: a test waits on the event itself (a handler said it is in, a
 * condition became true), never on a sleep that is long enough on a quiet machine. Every wait is
 * bounded, so a test that would hang fails instead, saying what it was waiting for.
 */

/** How long any wait here may take before the test fails (a hang is a failure, not a timeout of the run). */
export const WAIT_TIMEOUT = 10_000;

/** `promise`, or a rejection naming `what` once `timeout` ms pass. */
export function bounded<T>(promise: Promise<T>, what: string, timeout = WAIT_TIMEOUT): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeout} ms waiting for ${what}`)), timeout);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** A one-shot gate: closed until `open()`, then every `wait()` (earlier or later) goes through. */
export class Latch {
  #isOpen = false;
  #resolve!: () => void;
  readonly #opened = new Promise<void>((resolve) => {
    this.#resolve = resolve;
  });

  constructor(readonly name = 'a latch') {}

  get isOpen(): boolean {
    return this.#isOpen;
  }

  open(): void {
    this.#isOpen = true;
    this.#resolve();
  }

  /** Resolves when the latch is open; rejects after `timeout` ms. */
  wait(timeout = WAIT_TIMEOUT): Promise<void> {
    return this.#isOpen ? Promise.resolve() : bounded(this.#opened, this.name, timeout);
  }
}

/** `parties` callers meet: each `arrive()` resolves once all of them have arrived. */
export class Barrier {
  #arrived = 0;
  readonly #all: Latch;

  constructor(
    readonly parties: number,
    name = `${parties} parties at a barrier`,
  ) {
    this.#all = new Latch(name);
  }

  get arrived(): number {
    return this.#arrived;
  }

  arrive(timeout = WAIT_TIMEOUT): Promise<void> {
    this.#arrived++;
    if (this.#arrived >= this.parties) this.#all.open();
    return this.#all.wait(timeout);
  }
}

/** Counts what is in flight (handlers, queries) and remembers the most there ever were at once. */
export class InFlight {
  #current = 0;
  #max = 0;

  get current(): number {
    return this.#current;
  }

  /** The most in flight at any one time so far. */
  get max(): number {
    return this.#max;
  }

  enter(): void {
    this.#current++;
    if (this.#current > this.#max) this.#max = this.#current;
  }

  leave(): void {
    this.#current--;
  }

  /** Run `fn` counted as in flight. */
  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    this.enter();
    try {
      return await fn();
    } finally {
      this.leave();
    }
  }
}

/**
 * Poll `condition` until it holds (for events nothing announces: a file appeared, a background
 * cleanup ran). Fails after `timeout` ms with `message`.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: { timeout?: number; interval?: number; message?: string } = {},
): Promise<void> {
  const timeout = options.timeout ?? WAIT_TIMEOUT;
  const interval = options.interval ?? 5;
  const what = options.message ?? 'a condition';
  const deadline = Date.now() + timeout;
  for (;;) {
    // A check that never settles (a query to a server that is gone) fails at the deadline too.
    if (await bounded(Promise.resolve(condition()), what, Math.max(deadline - Date.now(), 1))) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
