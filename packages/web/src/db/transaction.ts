import type { ExecResult, TxConnection } from './dialect.js';
import { TransactionError } from './errors.js';

/** How a transaction reports driver errors (turned into DatabaseUnavailableError when the server is gone). */
export type ErrorMapper = (err: unknown) => unknown;
/** Tells whether an error means the connection is unusable. */
export type BrokenTest = (err: unknown) => boolean;

/** Shared by a transaction and its nested savepoints: the one connection they all run on. */
interface Root {
  conn: TxConnection;
  map: ErrorMapper;
  isBroken: BrokenTest;
  released: boolean;
}

/**
 * An open transaction (web.py `db.transaction()`): `commit()` or `rollback()` ends it. A transaction opened
 * while another is open on the same database is a savepoint inside it (`SAVEPOINT webpy_sp_<depth>`).
 * Every statement of the transaction runs on its own connection; nothing else shares that connection
 * until it ends.
 */
export class Transaction {
  readonly #root: Root;
  readonly #parent: Transaction | undefined;
  /** 0 for the outermost transaction, 1.. for savepoints. */
  readonly depth: number;
  #ended = false;

  /** @internal Use `db.transaction()`. */
  constructor(root: Root, parent?: Transaction) {
    this.#root = root;
    this.#parent = parent;
    this.depth = parent ? parent.depth + 1 : 0;
  }

  /** @internal Starts the outermost transaction on `conn` (BEGIN already sent). */
  static open(conn: TxConnection, map: ErrorMapper, isBroken: BrokenTest): Transaction {
    return new Transaction({ conn, map, isBroken, released: false });
  }

  /** @internal Opens a savepoint inside this transaction. */
  async nest(): Promise<Transaction> {
    const child = new Transaction(this.#root, this);
    await child.#send(`SAVEPOINT ${child.#savepoint}`);
    return child;
  }

  /** True until this transaction (or one it is nested in) commits or rolls back. */
  get active(): boolean {
    return !this.#ended && !this.#root.released && (this.#parent?.active ?? true);
  }

  get #savepoint(): string {
    return `webpy_sp_${this.depth}`;
  }

  async #send(sql: string, values: readonly unknown[] = []): Promise<ExecResult> {
    try {
      return await this.#root.conn.run(sql, values);
    } catch (err) {
      if (this.#root.isBroken(err)) this.#release(true);
      throw this.#root.map(err);
    }
  }

  #release(broken: boolean): void {
    if (this.#root.released) return;
    this.#root.released = true;
    this.#root.conn.release(broken);
  }

  /** @internal The driver's connection this transaction runs on, for `db.withConnection`. */
  raw(): unknown {
    if (!this.active) throw new TransactionError();
    return this.#root.conn.raw;
  }

  /** @internal Runs one statement inside this transaction. */
  run(sql: string, values: readonly unknown[]): Promise<ExecResult> {
    if (!this.active) return Promise.reject(new TransactionError());
    return this.#send(sql, values);
  }

  /** Makes the changes permanent (outermost: COMMIT; nested: RELEASE SAVEPOINT). */
  async commit(): Promise<void> {
    if (!this.active) throw new TransactionError();
    this.#ended = true;
    if (this.#parent) {
      await this.#send(`RELEASE SAVEPOINT ${this.#savepoint}`);
      return;
    }
    try {
      await this.#send('COMMIT');
    } finally {
      this.#release(false);
    }
  }

  /**
   * Undoes the changes (outermost: ROLLBACK; nested: ROLLBACK TO SAVEPOINT). Rolling back one that already
   * ended does nothing; a lost connection counts as rolled back, since the server discards it anyway.
   */
  async rollback(): Promise<void> {
    if (!this.active) return;
    this.#ended = true;
    if (this.#parent) {
      await this.#send(`ROLLBACK TO SAVEPOINT ${this.#savepoint}`);
      return;
    }
    try {
      await this.#send('ROLLBACK');
    } catch (err) {
      if (!this.#root.isBroken(err)) throw err;
    } finally {
      this.#release(false);
    }
  }
}
