import { randomBytes } from 'node:crypto';
import type { Application } from '../app/application.js';
import { config } from '../core/config.js';
import { type RequestContext, requireContext } from '../core/context.js';
import { logError } from '../core/log.js';
import { HTTPError } from '../errors/http-errors.js';
import { makeCookie, parsedCookies } from '../request/cookies.js';
import { header } from '../request/headers.js';
import { isPromise } from '../util/maybe-promise.js';
import { decode, encode } from './codec.js';
import { SessionLocks } from './locks.js';
import { defaultParameters, type SessionParameters } from './parameters.js';
import { type HeldLock, isValidId, type SessionRecord, type Store } from './store.js';

/** What a new session starts with: an object (copied for each session) or a function returning one. */
export type Initializer = Record<string, unknown> | (() => Record<string, unknown>);

/** web.py `SessionExpired`: a 200 answer with `expired_message`, sent when ignore_expiry is false. */
export class SessionExpired extends HTTPError {
  constructor(message: string) {
    super('200 OK', {}, message);
  }
}

/** The stored form of a session: its data plus when it was created and from which address. */
interface Envelope {
  created: number;
  ip: string | null;
  data: Record<string, unknown>;
}

/** One request's view of one session. Lives in the request context, never in a module variable. */
interface State {
  id: string | undefined;
  data: Record<string, unknown>;
  created: number;
  ip: string | null;
  /** The stored text as loaded (undefined for a new session), to tell whether anything changed. */
  loadedText: string | undefined;
  /** For a new session: the text of its initial data, to tell whether it was used at all. */
  initialText: string | undefined;
  atime: number;
  oldId: string | undefined;
  killed: boolean;
  saved: boolean;
  sendCookie: boolean;
  /** Lets the session's next request in; a promise when that waits for the store's release. */
  unlock: (() => Promise<void> | undefined) | undefined;
  /** True while the store's cross-process lock is held: a plain write then loses nothing. */
  exclusive: boolean;
}

/** Touch a session's atime at most this often (an unchanged session costs a read, not a write). */
const TOUCH_AFTER_MS = 60_000;

/**
 * web.py `web.session.Session(app, store, initializer)`. Attribute access reads and writes the
 * current request's session (`session.logged_in = true`, `session.get('count', 0)`,
 * `delete session.x`, `'x' in session`). Adds a processor to `app` that loads the session before the
 * handler and saves it after, also when the handler throws (a redirect, an error).
 */
export class SessionImpl {
  readonly store: Store;
  readonly #params: SessionParameters;
  readonly #initializer: Initializer | undefined;
  /** This session's state in each request it is used in (created on first use). */
  readonly #states = new WeakMap<RequestContext, State | typeof LAZY>();
  readonly #locks = new SessionLocks();
  #lastCleanup = 0;
  [key: string]: unknown;

  constructor(app: Application | null | undefined, store: Store, initializer?: Initializer) {
    if (store === null || typeof store !== 'object' || typeof store.get !== 'function') {
      throw new TypeError(
        'web.session.Session(app, store): store must be a session store such as web.session.DiskStore("sessions")',
      );
    }
    this.store = store;
    this.#initializer = initializer;
    const configured = config.session_parameters as Partial<SessionParameters> | undefined;
    this.#params = { ...defaultParameters(), ...(configured ?? {}) };
    if (app) app.add_processor((handler) => this.#process(handler));
    // biome-ignore lint/correctness/noConstructorReturn: the proxy is what gives attribute access.
    return new Proxy(this, handlerFor(this));
  }

  /** web.py `session.get(key, default)`. */
  get<T = unknown>(key: string, dflt?: T): T {
    const data = this.#state().data;
    return (Object.hasOwn(data, key) ? data[key] : dflt) as T;
  }

  /** web.py `session.pop(key, default)`: remove `key` and return its value (or `default`). */
  pop<T = unknown>(key: string, ...dflt: [T?]): T {
    const data = this.#state().data;
    if (!Object.hasOwn(data, key)) {
      // Python raises KeyError without a default.
      if (dflt.length === 0) throw new RangeError(`session.pop(${JSON.stringify(key)}): no such key`);
      return dflt[0] as T;
    }
    const value = data[key];
    delete data[key];
    return value as T;
  }

  /** web.py `session.setdefault(key, default)`: the value of `key`, set to `default` first if absent. */
  setdefault<T = unknown>(key: string, dflt?: T): T {
    const data = this.#state().data;
    if (!Object.hasOwn(data, key)) {
      encode(dflt ?? null);
      Object.defineProperty(data, key, {
        value: dflt ?? null,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return data[key] as T;
  }

  /** web.py `session.update(other)`: set every key of `other` (an object, a Map or [key, value] pairs). */
  update(other: Record<string, unknown> | Iterable<readonly [string, unknown]>): void {
    const data = this.#state().data;
    const entries =
      other instanceof Map ||
      Array.isArray(other) ||
      (other !== null && typeof other === 'object' && Symbol.iterator in other)
        ? [...(other as Iterable<readonly [string, unknown]>)]
        : Object.entries(other as Record<string, unknown>);
    for (const [key, value] of entries) {
      encode(value);
      Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }

  /** web.py `session.keys()`: the session's data keys (a list, as Python 3's view is used). */
  keys(): string[] {
    return Object.keys(this.#state().data);
  }

  /** web.py `session.values()`. */
  values(): unknown[] {
    return Object.values(this.#state().data);
  }

  /** web.py `session.items()`: [key, value] pairs. */
  items(): [string, unknown][] {
    return Object.entries(this.#state().data);
  }

  /** web.py `key in session`; `'key' in session` works too. */
  has(key: string): boolean {
    return Object.hasOwn(this.#state().data, key);
  }

  /** The session id (created on first use for a new session). */
  get session_id(): string {
    const state = this.#state();
    if (state.id === undefined) {
      state.id = newId();
      state.sendCookie = true;
    }
    return state.id;
  }

  /** The address the session was last used from. */
  get ip(): string | null {
    return this.#state().ip;
  }

  /** The session's data as a plain object (a copy). */
  toJSON(): Record<string, unknown> {
    return { ...this.#state().data };
  }

  /** web.py `session.kill()`: delete the stored session and expire the cookie (same Path/Domain). */
  kill(): void {
    const state = this.#state();
    state.killed = true;
    if (state.id !== undefined && state.loadedText !== undefined) this.#sendCookie(state.id, true);
  }

  /**
   * Give the session a new id, keep its data and delete the old record: call it at login, so an
   * id an attacker planted before login is worthless after (session fixation).
   */
  regenerate(): void {
    const state = this.#state();
    if (state.id !== undefined && state.loadedText !== undefined) state.oldId ??= state.id;
    state.id = newId();
    state.sendCookie = true;
    state.loadedText = undefined;
  }

  /**
   * Save now and let other requests of this session proceed, for a handler that will run long
   * (a slow upload, a report). Changes made after this are not saved.
   */
  async release(): Promise<void> {
    await this.#save(this.#state());
  }

  #state(): State {
    const ctx = requireContext('session');
    let state = this.#states.get(ctx) as State | typeof LAZY | undefined;
    if (state === LAZY) {
      // A request without a session cookie: the new session is made the first time it is used.
      state = this.#fresh(ctx);
      this.#states.set(ctx, state);
    }
    if (state === undefined) {
      throw new Error(
        'session is not loaded for this request: create the Session with the app that serves it (web.session.Session(app, store))',
      );
    }
    return state;
  }

  /** Data of the current request's session, for the attribute proxy. */
  _data(): Record<string, unknown> {
    return this.#state().data;
  }

  #process(handler: () => unknown): unknown {
    const ctx = requireContext('session');
    this.#maybeCleanup();
    const header = ctx.requestHeaders.cookie;
    const cookieValue = header === undefined ? undefined : parsedCookies(ctx)[this.#params.cookie_name];
    // Ids are compared as given, as web.py does: an upper-cased copy of an id is another (unknown) id.
    const id = isValidId(cookieValue) ? cookieValue : undefined;
    if (id === undefined) return this.#processNew(ctx, handler);
    return this.#processStored(ctx, id, handler);
  }

  /**
   * No session cookie: nothing to load or lock, so the handler runs at once, synchronously, and the state
   * is made only if the handler uses the session. A route that never does costs no promise and no object.
   */
  #processNew(ctx: RequestContext, handler: () => unknown): unknown {
    this.#states.set(ctx, LAZY);
    let result: unknown;
    try {
      result = handler();
    } catch (err) {
      return this.#finishNew(ctx, undefined, err, true);
    }
    if (isPromise(result)) {
      return result.then(
        (value) => this.#finishNew(ctx, value, undefined, false),
        (err: unknown) => this.#finishNew(ctx, undefined, err, true),
      );
    }
    const state = this.#states.get(ctx) as State | typeof LAZY;
    return state === LAZY ? result : this.#save(state).then(() => result);
  }

  /** After the handler of a cookie-less request: save the new session if it was used, then answer. */
  #finishNew(ctx: RequestContext, value: unknown, error: unknown, failed: boolean): unknown {
    const state = this.#states.get(ctx) as State | typeof LAZY;
    if (state === LAZY) {
      if (failed) throw error;
      return value;
    }
    return this.#save(state).then(() => {
      if (failed) throw error;
      return value;
    });
  }

  async #processStored(ctx: RequestContext, id: string, handler: () => unknown): Promise<unknown> {
    const state = await this.#load(ctx, id);
    this.#states.set(ctx, state);
    try {
      return await handler();
    } finally {
      await this.#save(state);
    }
  }

  async #load(ctx: RequestContext, id: string): Promise<State> {
    const p = this.#params;
    const { unlock, read } = await this.#lock(id);
    try {
      const record = read === undefined ? await this.store.get(id) : read.record;
      const opened = record === undefined ? undefined : this.#open(id, record, ctx);
      if (typeof opened === 'object') {
        opened.unlock = unlock;
        opened.exclusive = this.store.lock !== undefined;
        return opened;
      }
      // Delete an expired or unreadable record now, so nothing (a touch, a late cleanup) can bring it back.
      if (opened === 'expired' || opened === 'corrupt') await this.store.delete(id);
      if (!p.ignore_expiry && opened !== 'corrupt') {
        this.#sendCookie(id, true);
        throw new SessionExpired(p.expired_message);
      }
      await unlock();
      return this.#fresh(ctx);
    } catch (err) {
      await unlock();
      throw err;
    }
  }

  /**
   * Hold session `id` for this request: first in this process's queue (free), then, with a store shared by
   * several processes, in the store itself. Either wait is bounded by lock_timeout, then the answer is 503.
   */
  async #lock(id: string): Promise<{ unlock: () => Promise<void> | undefined; read?: HeldLock['read'] }> {
    const p = this.#params;
    const started = Date.now();
    const timeout = p.lock_timeout * 1000;
    const local = await this.#locks.acquire(id, timeout);
    if (local === undefined) throw sessionBusy(p.lock_timeout);
    const { store } = this;
    if (store.lock === undefined) {
      return { unlock: async () => local() };
    }
    let held: HeldLock | undefined;
    try {
      held = await store.lock(id, {
        lease: p.lock_lease * 1000,
        wait: Math.max(0, timeout - (Date.now() - started)),
      });
    } catch (err) {
      local();
      throw err;
    }
    if (held === undefined) {
      local();
      throw sessionBusy(p.lock_timeout);
    }
    const lock = held;
    // The local queue moves on whatever the release does (a store's own may reject, against the contract).
    // An ordered lock's release is done before any later take of this process: nobody needs to wait for it.
    const unlock = lock.ordered
      ? () => {
          void lock.release(); // never rejects (the Store contract); a failure is logged by the store
          local();
          return undefined;
        }
      : () =>
          lock.release().then(local, (err: unknown) => {
            local();
            throw err;
          });
    return lock.read === undefined ? { unlock } : { unlock, read: lock.read };
  }

  /** Decode a stored record and apply the server-side expiry rules. */
  #open(id: string, record: SessionRecord, ctx: RequestContext): State | 'expired' | 'ip' | 'corrupt' {
    const p = this.#params;
    let envelope: Envelope;
    try {
      envelope = decode(record.data) as Envelope;
      if (
        envelope === null ||
        typeof envelope !== 'object' ||
        typeof envelope.data !== 'object' ||
        envelope.data === null
      ) {
        throw new TypeError('not a session envelope');
      }
    } catch (err) {
      logError(
        `webts session: stored session ${id.slice(0, 8)}… cannot be decoded (${(err as Error).message}); starting a new session`,
      );
      return 'corrupt';
    }
    const now = Date.now();
    const idle = now - record.atime > p.timeout * 1000;
    const tooOld = p.lifetime > 0 && now - envelope.created > p.lifetime * 1000;
    if (idle || tooOld) return 'expired';
    const ip = ctx.ip ?? null;
    // web.py keeps the record on an address change: the session still works from the old address.
    if (!p.ignore_change_ip && envelope.ip !== ip) return 'ip';
    return {
      id,
      data: envelope.data,
      created: envelope.created,
      ip,
      loadedText: record.data,
      initialText: undefined,
      atime: record.atime,
      oldId: undefined,
      killed: false,
      saved: false,
      sendCookie: p.eager,
      unlock: undefined,
      exclusive: false,
    };
  }

  #fresh(ctx: RequestContext): State {
    const init = this.#initializer;
    const data = typeof init === 'function' ? init() : init ? structuredClone(init) : {};
    return {
      id: undefined,
      data,
      created: Date.now(),
      ip: ctx.ip ?? null,
      loadedText: undefined,
      initialText: encode(data),
      atime: 0,
      oldId: undefined,
      killed: false,
      saved: false,
      sendCookie: false,
      unlock: undefined,
      exclusive: false,
    };
  }

  async #save(state: State): Promise<void> {
    if (state.saved) return;
    state.saved = true;
    try {
      const p = this.#params;
      const { store } = this;
      if (state.oldId !== undefined) await store.delete(state.oldId);
      if (state.killed) {
        if (state.id !== undefined) await store.delete(state.id);
        return;
      }
      const envelope: Envelope = { created: state.created, ip: state.ip, data: state.data };
      const text = encode(envelope);
      const now = Date.now();
      if (state.loadedText === undefined) {
        // New (or regenerated) session: keep it only if it holds something, unless eager.
        if (state.id === undefined && !p.eager && encode(state.data) === state.initialText) return;
        if (state.id === undefined) state.id = newId();
        while (await store.has(state.id)) state.id = newId(); // web.py's check; with 160 random bits, never in practice
        await store.set(state.id, { data: text, atime: now });
        this.#sendCookie(state.id, false);
        return;
      }
      const id = state.id as string;
      if (text !== state.loadedText || p.eager) await this.#write(id, state, text, now);
      else if (now - state.atime > TOUCH_AFTER_MS) await store.touch(id, now);
      if (state.sendCookie) this.#sendCookie(id, false);
    } finally {
      const unlock = state.unlock;
      state.unlock = undefined;
      const released = unlock?.();
      if (released !== undefined) await released;
    }
  }

  /** Write a changed session; with a store that can update atomically, merge key by key. */
  async #write(id: string, state: State, text: string, now: number): Promise<void> {
    const { store } = this;
    if (store.update === undefined || state.exclusive) {
      await store.set(id, { data: text, atime: now });
      return;
    }
    // What this request changed, key by key, against the session as it was loaded.
    const before = (decode(state.loadedText as string) as Envelope).data;
    const changed = new Map<string, unknown>();
    for (const key of Object.keys(state.data)) {
      if (!Object.hasOwn(before, key) || encode(before[key]) !== encode(state.data[key]))
        changed.set(key, state.data[key]);
    }
    const removed = Object.keys(before).filter((key) => !Object.hasOwn(state.data, key));
    await store.update(id, (current) => {
      let base: Envelope | undefined;
      try {
        base = current === undefined ? undefined : (decode(current.data) as Envelope);
      } catch {
        base = undefined;
      }
      if (base === undefined) return { data: text, atime: now };
      const data = { ...base.data };
      for (const [key, value] of changed) data[key] = value;
      for (const key of removed) delete data[key];
      return { data: encode({ created: base.created, ip: state.ip, data }), atime: now };
    });
  }

  #sendCookie(id: string, expire: boolean): void {
    const p = this.#params;
    const ctx = requireContext('session');
    const cookie = makeCookie(
      p.cookie_name,
      id,
      {
        expires: expire ? -1 : '',
        domain: p.cookie_domain ?? undefined,
        path: p.cookie_path ?? undefined,
        httponly: p.httponly,
        secure: p.secure,
        samesite: p.samesite ?? undefined,
      },
      ctx.homepath,
    );
    // One session cookie per response: a later decision (kill after regenerate) replaces an earlier one.
    const prefix = `${p.cookie_name}=`;
    ctx.headers = ctx.headers.filter(([n, v]) => !(n.toLowerCase() === 'set-cookie' && v.startsWith(prefix)));
    header('Set-Cookie', cookie);
  }

  #maybeCleanup(): void {
    const now = Date.now();
    if (now - this.#lastCleanup < this.#params.timeout * 1000) return;
    this.#lastCleanup = now;
    // Never on the request's path: the request goes on while old sessions are swept.
    setImmediate(() => {
      Promise.resolve()
        .then(() => this.store.cleanup(this.#params.timeout))
        .catch((err) => logError(err, 'session cleanup'));
    });
  }

  /** Requests holding or waiting for a session lock (0 when idle): for tests. */
  get _pendingLocks(): number {
    return this.#locks.size;
  }
}

/** The answer to a request that waited lock_timeout for its session: try again shortly. */
function sessionBusy(seconds: number): HTTPError {
  return new HTTPError(
    '503 Service Unavailable',
    {
      'Content-Type': 'text/plain; charset=utf-8',
      'Retry-After': String(Math.max(1, Math.ceil(seconds / 10))),
    },
    `session busy: an earlier request of this session is still running after ${seconds} s; try again`,
  );
}

function newId(): string {
  return randomBytes(20).toString('hex');
}

/** In the request context while a cookie-less request has not used its (new) session yet. */
const LAZY = Symbol('webts.session.lazy');

// `then` is never session data: a Session returned from async code or awaited must not look like a promise.
const RESERVED = new Set(['store', 'then']);

function isOwnApi(target: SessionImpl, key: string | symbol): boolean {
  return typeof key === 'symbol' || RESERVED.has(key) || key in SessionImpl.prototype || key in target;
}

function handlerFor(_target: SessionImpl): ProxyHandler<SessionImpl> {
  return {
    get(t, key) {
      if (key === 'then') return undefined;
      if (isOwnApi(t, key)) {
        const value = Reflect.get(t, key, t);
        return typeof value === 'function' ? value.bind(t) : value;
      }
      return t._data()[key as string];
    },
    set(t, key, value) {
      if (isOwnApi(t, key))
        throw new TypeError(`session.${String(key)} is part of the session API and cannot be assigned`);
      encode(value); // fail here, at the assignment, for a value that cannot be stored
      Object.defineProperty(t._data(), key, { value, enumerable: true, writable: true, configurable: true });
      return true;
    },
    deleteProperty(t, key) {
      if (typeof key === 'symbol') return false;
      return Reflect.deleteProperty(t._data(), key);
    },
    has(t, key) {
      if (key === 'session_id' || key === 'ip') return true;
      return typeof key === 'string' && Object.hasOwn(t._data(), key);
    },
    ownKeys(t) {
      return Reflect.ownKeys(t._data());
    },
    getOwnPropertyDescriptor(t, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(t._data(), key);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
  };
}
