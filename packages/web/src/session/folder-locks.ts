import { unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { logError } from '../core/log.js';
import { fileLock, onLocalDisk } from './file-lock.js';
import type { HeldLock, LockOptions } from './store.js';

/**
 * Session locks for the processes of one machine that share a folder on a local disk (DiskStore's folder,
 * the folder beside a SQLite database). The first process to need a lock becomes the folder's lock keeper:
 * it listens on a Unix socket in the folder, keeps the table of held locks in memory and takes its own
 * locks from that table directly. Every other process connects and asks over the socket, one short line
 * each way per lock. So one process pays a map lookup per lock, and several pay one local round trip: much
 * less than creating and removing a lock file (which, on a server pinned to one CPU, costs more than the
 * session read itself).
 *
 * A holder that dies closes its socket, and the keeper frees its locks at once (no lease to wait out). When
 * the keeper dies, the others elect a new one (under a lock file, so exactly one listens) and re-register
 * the locks they hold; for a short grace period after a keeper took over from another, it grants nothing
 * new, so a lock held across the change is never given to a second holder.
 *
 * On a network file system processes of several hosts may share the folder and a Unix socket does not
 * reach them: there (and where the socket's path would be too long, or on a platform other than Linux)
 * each lock is a lock file of its own (file-lock.ts).
 */
export function folderLock(
  folder: string,
  id: string,
  options: LockOptions,
  what: string,
): Promise<HeldLock | undefined> {
  let keeper = keepers.get(folder);
  if (keeper === undefined) {
    keeper = canKeep(folder) ? new FolderKeeper(folder) : null;
    keepers.set(folder, keeper);
  }
  if (keeper === null) return fileLock(join(folder, `${id}.lock`), options, what);
  return keeper.lock(id, options.wait);
}

/** How many locks the keeper of `folder` holds for anyone, asked of it through its socket (for tests). */
export async function heldInFolder(folder: string): Promise<number> {
  return (await askKeeper(folder)).held;
}

/** How many requests wait for a lock held by another, in the keeper of `folder` (for tests). */
export async function waitingInFolder(folder: string): Promise<number> {
  return (await askKeeper(folder)).waiting;
}

function askKeeper(folder: string): Promise<{ held: number; waiting: number }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(join(folder, SOCKET));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write('C 0\n'));
    socket.on('data', (chunk: string) => {
      text += chunk;
      const m = /^N 0 (\d+) (\d+)\n/.exec(text);
      if (m !== null) {
        socket.destroy();
        resolve({ held: Number(m[1]), waiting: Number(m[2]) });
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? resolve({ held: 0, waiting: 0 }) : reject(err),
    );
  });
}

/** The keeper's socket and the lock file of its election. */
const SOCKET = '.webts-locks.sock';
const ELECTION = '.webts-locks.election';
/** How long a keeper that took over from another grants nothing new: time for the holders to re-register. */
const GRACE_MS = 500;
/** Linux's limit for a Unix socket's path, less its final NUL. */
const MAX_SOCKET_PATH = 107;

function canKeep(folder: string): boolean {
  return Buffer.byteLength(join(folder, SOCKET)) <= MAX_SOCKET_PATH && onLocalDisk(folder);
}

/** Per folder: this process's keeper or connection, or null where each lock is a file. */
const keepers = new Map<string, FolderKeeper | null>();

/** Who holds a lock in the keeper's table: a connected process, or the keeper's own process. */
type Owner = Socket | typeof SELF;
const SELF = Symbol('the keeper itself');

interface Waiter {
  owner: Owner;
  done: (got: boolean) => void;
  timer: NodeJS.Timeout | undefined;
}

/** The keeper's table: who holds which session, and who waits for it, first come first served. */
class LockTable {
  readonly #holders = new Map<string, Owner>();
  readonly #queues = new Map<string, Waiter[]>();
  #opening: NodeJS.Timeout | undefined;

  constructor(graceMs: number) {
    if (graceMs > 0) {
      this.#opening = setTimeout(() => {
        this.#opening = undefined;
        for (const id of [...this.#queues.keys()]) this.#next(id);
      }, graceMs);
      this.#opening.unref();
    }
  }

  acquire(id: string, owner: Owner, wait: number, done: (got: boolean) => void): void {
    if (this.#opening === undefined && !this.#holders.has(id)) {
      this.#holders.set(id, owner);
      done(true);
      return;
    }
    if (wait <= 0) {
      done(false);
      return;
    }
    const waiter: Waiter = { owner, done, timer: undefined };
    waiter.timer = setTimeout(() => {
      this.#forget(id, waiter);
      done(false);
    }, wait);
    const queue = this.#queues.get(id);
    if (queue === undefined) this.#queues.set(id, [waiter]);
    else queue.push(waiter);
  }

  /** A lock `owner` held under the previous keeper: it keeps it unless someone else has it already. */
  claim(id: string, owner: Owner): boolean {
    const holder = this.#holders.get(id);
    if (holder !== undefined && holder !== owner) return false;
    this.#holders.set(id, owner);
    return true;
  }

  release(id: string, owner: Owner): void {
    if (this.#holders.get(id) !== owner) return;
    this.#holders.delete(id);
    this.#next(id);
  }

  /** Everything a process that went away held or waited for. */
  drop(owner: Owner): void {
    for (const [id, queue] of this.#queues) {
      for (const waiter of queue.filter((w) => w.owner === owner)) {
        clearTimeout(waiter.timer);
        this.#forget(id, waiter);
      }
    }
    for (const [id, holder] of [...this.#holders]) if (holder === owner) this.release(id, owner);
  }

  get size(): number {
    return this.#holders.size;
  }

  get waiting(): number {
    let n = 0;
    for (const queue of this.#queues.values()) n += queue.length;
    return n;
  }

  #next(id: string): void {
    if (this.#opening !== undefined || this.#holders.has(id)) return;
    const queue = this.#queues.get(id);
    const waiter = queue?.shift();
    if (queue?.length === 0) this.#queues.delete(id);
    if (waiter === undefined) return;
    clearTimeout(waiter.timer);
    this.#holders.set(id, waiter.owner);
    waiter.done(true);
  }

  #forget(id: string, waiter: Waiter): void {
    const queue = this.#queues.get(id);
    if (queue === undefined) return;
    const at = queue.indexOf(waiter);
    if (at >= 0) queue.splice(at, 1);
    if (queue.length === 0) this.#queues.delete(id);
  }
}

/**
 * This process's end of one folder's locks: the keeper (a table and a listening socket) or a connection to
 * it. Protocol, one line per message: `L n id wait` asks for a lock (answered `G n` granted or `T n` not
 * within wait ms), `U id` releases, `H id` re-registers a lock held under the previous keeper (answered
 * `X id` only if someone else has it), `C n` asks how many locks are held and waited for (answered `N n held waiting`).
 */
class FolderKeeper {
  readonly #folder: string;
  /** The sessions this process holds, whichever keeper granted them. */
  readonly #held = new Set<string>();
  #role: Promise<Keeping | Connected> | undefined;
  /** Set once the role is settled (and its claims sent): releases then go straight to it. */
  #current: Keeping | Connected | undefined;
  /** True after a keeper this process was connected to went away: the next one gives a grace period. */
  #lostKeeper = false;

  constructor(folder: string) {
    this.#folder = folder;
  }

  async lock(id: string, wait: number): Promise<HeldLock | undefined> {
    const deadline = Date.now() + wait;
    for (;;) {
      const role = this.#current ?? (await this.#settle());
      const got = await role.acquire(id, Math.max(0, deadline - Date.now()));
      if (got === 'lost') continue; // the keeper went away meanwhile: ask the next one
      if (!got) return undefined;
      this.#held.add(id);
      let released: Promise<void> | undefined;
      return {
        release: () => {
          released ??= this.#release(id);
          return released;
        },
      };
    }
  }

  async #release(id: string): Promise<void> {
    this.#held.delete(id);
    this.#current?.release(id);
  }

  #settle(): Promise<Keeping | Connected> {
    this.#role ??= this.#elect().then(
      (role) => {
        // Re-register what this process held under the keeper before, in the same step that makes the role
        // current, so no release falls between the two.
        role.claim([...this.#held]);
        this.#current = role;
        const lost = () => {
          if (this.#current === role) this.#current = undefined;
          this.#role = undefined;
          this.#lostKeeper = true;
          // Re-register held locks with the next keeper at once, within its grace period.
          if (this.#held.size > 0)
            this.#settle().catch((err) => logError(err, 'webts session locks (electing a keeper)'));
        };
        role.onLost = lost;
        if (role.lost) lost(); // went away before it was settled
        return role;
      },
      (err) => {
        this.#role = undefined;
        throw err;
      },
    );
    return this.#role;
  }

  async #elect(): Promise<Keeping | Connected> {
    const socketPath = join(this.#folder, SOCKET);
    const first = await connect(socketPath);
    if (first instanceof Connected) return first;
    const election = await fileLock(
      join(this.#folder, ELECTION),
      { lease: 5000, wait: 30_000 },
      'lock keeper election',
    );
    if (election === undefined)
      throw new Error(`webts session locks: no keeper elected in ${this.#folder} within 30 s`);
    try {
      const again = await connect(socketPath);
      if (again instanceof Connected) return again;
      // Nobody listens. A socket file left means its keeper ended (a keeper never removes it: a process that
      // exits closes its socket without unlinking it), and the processes that held locks under it may be
      // re-registering them.
      const succeeding = again === 'ECONNREFUSED' || this.#lostKeeper;
      try {
        unlinkSync(socketPath);
      } catch {
        // none was left
      }
      return await Keeping.listen(socketPath, succeeding ? GRACE_MS : 0);
    } finally {
      await election.release();
    }
  }
}

/** Connect to the keeper's socket: the connection, or why not ('ENOENT': none, 'ECONNREFUSED': it died). */
function connect(path: string): Promise<Connected | string> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(new Connected(socket));
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'ECONNREFUSED'));
  });
}

/** Splits a socket's text into lines. */
function onLines(socket: Socket, line: (text: string) => void): void {
  let rest = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    rest += chunk;
    let at = rest.indexOf('\n');
    while (at >= 0) {
      line(rest.slice(0, at));
      rest = rest.slice(at + 1);
      at = rest.indexOf('\n');
    }
  });
}

/** This process keeps the folder's locks: its own through the table, others' through the socket. */
class Keeping {
  readonly #table: LockTable;
  onLost: () => void = () => {};
  /** The keeper's own process never loses it. */
  readonly lost = false;

  private constructor(server: Server, graceMs: number) {
    this.#table = new LockTable(graceMs);
    server.on('connection', (socket) => this.#serve(socket));
  }

  static listen(path: string, graceMs: number): Promise<Keeping> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(path, () => {
        server.removeListener('error', reject);
        server.on('error', (err) => logError(err, 'webts session locks (keeper socket)'));
        server.unref();
        resolve(new Keeping(server, graceMs));
      });
    });
  }

  acquire(id: string, wait: number): Promise<boolean> {
    return new Promise((resolve) => this.#table.acquire(id, SELF, wait, resolve));
  }

  release(id: string): void {
    this.#table.release(id, SELF);
  }

  claim(ids: string[]): void {
    for (const id of ids) {
      if (!this.#table.claim(id, SELF))
        logError(
          `webts session locks: session ${id.slice(0, 8)}… was taken by another process while the lock keeper changed`,
        );
    }
  }

  #serve(socket: Socket): void {
    socket.unref();
    const send = (text: string) => {
      if (!socket.destroyed) socket.write(text);
    };
    onLines(socket, (line) => {
      const [verb, a = '', b = '', c = ''] = line.split(' ');
      if (verb === 'L')
        this.#table.acquire(b, socket, Number(c) || 0, (got) => send(`${got ? 'G' : 'T'} ${a}\n`));
      else if (verb === 'U') this.#table.release(a, socket);
      else if (verb === 'H') {
        if (!this.#table.claim(a, socket)) send(`X ${a}\n`);
      } else if (verb === 'C') send(`N ${a} ${this.#table.size} ${this.#table.waiting}\n`);
    });
    const gone = () => {
      this.#table.drop(socket);
    };
    socket.on('close', gone);
    socket.on('error', () => socket.destroy());
  }
}

/** This process asks the folder's keeper, in another process, over its socket. */
class Connected {
  readonly #socket: Socket;
  readonly #asked = new Map<number, (got: boolean | 'lost') => void>();
  #next = 0;
  #lost = false;
  onLost: () => void = () => {};

  get lost(): boolean {
    return this.#lost;
  }

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.unref();
    onLines(socket, (line) => {
      const [verb, a = ''] = line.split(' ');
      if (verb === 'G' || verb === 'T') {
        const n = Number(a);
        const answer = this.#asked.get(n);
        this.#asked.delete(n);
        if (this.#asked.size === 0) socket.unref();
        answer?.(verb === 'G');
      } else if (verb === 'X') {
        logError(
          `webts session locks: session ${a.slice(0, 8)}… was taken by another process while the lock keeper changed`,
        );
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.#lost = true;
      const asked = [...this.#asked.values()];
      this.#asked.clear();
      for (const answer of asked) answer('lost');
      this.onLost();
    });
  }

  acquire(id: string, wait: number): Promise<boolean | 'lost'> {
    if (this.#lost) return Promise.resolve('lost');
    const n = ++this.#next;
    // While an answer is awaited the socket keeps the process alive (a script waiting for a lock).
    if (this.#asked.size === 0) this.#socket.ref();
    return new Promise((resolve) => {
      this.#asked.set(n, resolve);
      this.#socket.write(`L ${n} ${id} ${Math.round(wait)}\n`);
    });
  }

  release(id: string): void {
    if (!this.#lost) this.#socket.write(`U ${id}\n`);
  }

  claim(ids: string[]): void {
    for (const id of ids) this.#socket.write(`H ${id}\n`);
  }
}
