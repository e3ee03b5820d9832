/** The `loop` variable of `$for` (web.py's ForLoop / ForLoopContext). */
import { TemplateRuntimeFault } from './errors.js';

/** The counters of one running `$for` loop; `loop.parent` is the enclosing loop's (web.py: ForLoopContext). */
class LoopContext {
  index = 0;
  readonly length: number;
  readonly parent: LoopContext | null;
  constructor(length: number, parent: LoopContext | null) {
    this.length = length;
    this.parent = parent;
  }
  get index0(): number {
    return this.index - 1;
  }
  get first(): boolean {
    return this.index === 1;
  }
  get last(): boolean {
    return this.index === this.length;
  }
  get odd(): boolean {
    return this.index % 2 === 1;
  }
  get even(): boolean {
    return this.index % 2 === 0;
  }
  get parity(): 'odd' | 'even' {
    return this.index % 2 === 0 ? 'even' : 'odd';
  }
  get revindex(): number {
    return this.length - this.index + 1;
  }
  get revindex0(): number {
    return this.length - this.index;
  }
}

function sizeOf(seq: unknown): number {
  if (typeof seq === 'string') return seq.length;
  if (seq !== null && typeof seq === 'object') {
    if (seq instanceof Map || seq instanceof Set) return seq.size;
    const len = (seq as { length?: unknown }).length;
    if (typeof len === 'number') return len;
  }
  return 0;
}

/** One per template call; nested `$for` loops push and pop their own counters. */
export class ForLoop {
  #stack: LoopContext[] = [];

  get #top(): LoopContext {
    const top = this.#stack[this.#stack.length - 1];
    if (!top) throw new TemplateRuntimeFault('NameError', "'loop' is only available inside a $for loop");
    return top;
  }

  /** Starts a loop over `items` (already turned into an iterable) whose length is taken from `seq`. */
  setup(seq: unknown, items: Iterable<unknown>): Iterable<unknown> {
    const ctx = new LoopContext(sizeOf(seq), this.#stack[this.#stack.length - 1] ?? null);
    this.#stack.push(ctx);
    // A hand-written iterator rather than a generator: this runs once per row of every table.
    const inner = items[Symbol.iterator]();
    const counting: IterableIterator<unknown> = {
      next(): IteratorResult<unknown> {
        const step = inner.next();
        if (!step.done) ctx.index++;
        return step;
      },
      return(value?: unknown): IteratorResult<unknown> {
        inner.return?.(value);
        return { done: true, value };
      },
      [Symbol.iterator]() {
        return counting;
      },
    };
    return counting;
  }

  /** Ends the innermost loop (called from a finally block, so `$break` restores the outer loop too). */
  pop(): void {
    this.#stack.pop();
  }

  get index(): number {
    return this.#top.index;
  }
  /** The enclosing loop's counters (`loop.parent.index`), or None in the outermost loop. */
  get parent(): LoopContext | null {
    return this.#top.parent;
  }
  get index0(): number {
    return this.#top.index - 1;
  }
  get length(): number {
    return this.#top.length;
  }
  get first(): boolean {
    return this.#top.index === 1;
  }
  get last(): boolean {
    return this.#top.index === this.#top.length;
  }
  get odd(): boolean {
    return this.#top.index % 2 === 1;
  }
  get even(): boolean {
    return this.#top.index % 2 === 0;
  }
  get parity(): 'odd' | 'even' {
    return this.#top.index % 2 === 0 ? 'even' : 'odd';
  }
  get revindex(): number {
    return this.#top.length - this.#top.index + 1;
  }
  get revindex0(): number {
    return this.#top.length - this.#top.index;
  }
}
