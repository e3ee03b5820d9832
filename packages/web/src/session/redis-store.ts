import { createHash, randomBytes } from 'node:crypto';
import { logError } from '../core/log.js';
import { DatabaseUnavailableError, errorCodes, NETWORK_CODES } from '../db/errors.js';
import { pyclass } from '../util/pyclass.js';
import { acquireLease, LOCK_OWNER, lockToken } from './lease.js';
import {
  assertValidId,
  type HeldLock,
  isValidId,
  type LockOptions,
  type SessionRecord,
  type Store,
} from './store.js';

/**
 * What RedisStore needs from a client: node-redis (v4 to v6) `sendCommand(['HGET', key, field])`.
 * Another client fits in one line, e.g. ioredis: `{ sendCommand: (args) => redis.call(...args) }`.
 */
export interface RedisCommander {
  sendCommand(args: string[]): Promise<unknown>;
  /** node-redis: false until `connect()` was called; RedisStore then calls it once. */
  readonly isOpen?: boolean;
  connect?(): Promise<unknown>;
}

/**
 * What RedisStore needs from a Redis Cluster client: node-redis's `createCluster()` (v4 to v6), whose
 * `sendCommand(key, isReadonly, args)` routes a command to the master of the key's slot, and whose `masters`
 * and `nodeClient(master)` reach each master for `cleanup`'s SCAN. ioredis's Cluster fits in a few lines:
 * `{ sendCommand: (_key, _ro, args) => cluster.call(...args), masters: cluster.nodes('master'),
 *    nodeClient: async (node) => ({ sendCommand: (args) => node.call(...args) }) }`.
 */
export interface RedisClusterCommander {
  sendCommand(firstKey: string, isReadonly: boolean, args: string[]): Promise<unknown>;
  /** The current masters (the list changes after a failover or a resharding; it is read at each cleanup). */
  readonly masters: readonly unknown[];
  /** A client connected to one of `masters`. */
  nodeClient(master: never): Promise<RedisCommander>;
  /** node-redis: false until `connect()` was called; RedisStore then calls it once. */
  readonly isOpen?: boolean;
  connect?(): Promise<unknown>;
}

/** Options of `RedisStore(client | url, options)`. */
export interface RedisStoreOptions {
  /** Put before each session id to make its key (default `'session:'`). */
  prefix?: string;
  /**
   * Seconds a key may sit unused before Redis drops it on its own (default two days, and at least twice the
   * session timeout seen by cleanup): a safety net behind the session's own idle rule, not a replacement.
   */
  ttl?: number;
  /**
   * Milliseconds a request waits for the connection of a store made from a URL (at start, or while it
   * reconnects after an outage) before failing with 503 (default 2000).
   */
  connectTimeout?: number;
  /**
   * Milliseconds the connection of a store made from a URL may leave commands unanswered before the store
   * drops it and connects again, failing those commands with 503 (default 5000): a Redis that hangs with its
   * socket open costs requests this long, not forever. A client you pass keeps its own timeouts.
   */
  commandTimeout?: number;
}

/** The steps of the `locks` script (see SCRIPTS.locks). */
type LockStepName = 'take' | 'pass' | 'give';

/** One lock to take or give back in the next batch of the `locks` script: its keys and arguments, and whom to answer. */
interface LockStep {
  keys: [lock: string, session: string, line: string];
  step: LockStepName;
  token: string;
  lease: string;
  done: (reply: unknown) => void;
  fail: (err: unknown) => void;
}

/** How the store reaches Redis: one server, or a cluster whose commands go to the master of each key. */
interface Backend {
  /** Run `args`, whose first key is `key`, where that key lives. */
  send(key: string, args: string[]): Promise<unknown>;
  /** A client per master, to SCAN every one (a single server is its own only master). */
  masters(): Promise<RedisCommander[]>;
}

/** A node-redis client as created by the store itself (the part of its API used here). */
interface OwnedClient extends RedisCommander {
  readonly isReady: boolean;
  on(event: 'error' | 'ready', listener: (arg: unknown) => void): unknown;
  off(event: 'ready', listener: (arg: unknown) => void): unknown;
  connect(): Promise<unknown>;
  close?(): Promise<unknown>;
  quit?(): Promise<unknown>;
  destroy(): void;
}

// Writes are Lua scripts, so each runs as one step on the server even on a client shared by many requests.
const SCRIPTS = {
  /** KEYS[1]; ARGV: data, atime, version, expire-at (ms). Replaces whatever was there. */
  set: `redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'atime', ARGV[2], 'v', ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return 1`,
  /** KEYS[1]; ARGV: atime, expire-at. Never creates a record. */
  touch: `if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return 0 end
redis.call('HSET', KEYS[1], 'atime', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1`,
  /** KEYS[1]; ARGV: expected version ('' for absent), data, atime, new version, expire-at. */
  swap: `if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return -1 end
local v = redis.call('HGET', KEYS[1], 'v') or ''
if v ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'data', ARGV[2], 'atime', ARGV[3], 'v', ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return 1`,
  /**
   * KEYS: triples of a lock, its session and its line (the processes waiting for the lock, first come first,
   * each as `owner|last asked (ms)`); ARGV: this process (the owner part of its tokens), then triples of a
   * step, a token and a lease (ms), done in order. Steps:
   * - `take` sets the lock if it is free and no other process is ahead in the line, and reads the session
   *   in the same step: {1, data, atime} ({1} when there is no session), {2} when the key holds something
   *   else (the store's get then says what). When it cannot, this process joins the line (or
   *   notes that it asked again) and the answer is -2 when it is first in line, -1 when others are ahead.
   * - `pass` is a take that goes past the line: this process handing the lock to its own next request of the
   *   session, in the same script as the `give` before it.
   * - `give` deletes the lock if it is still the token's, answering 1.
   * A process that stopped asking for 200 ms (it gave up, or died) leaves the line at the next step.
   */
  locks: `local me = ARGV[1]
local now
local function clock()
  if not now then
    local t = redis.call('TIME')
    now = t[1] * 1000 + math.floor(t[2] / 1000)
  end
  return now
end
local out = {}
for n = 1, #KEYS / 3 do
  local lock, session, line = KEYS[3 * n - 2], KEYS[3 * n - 1], KEYS[3 * n]
  local step, token, lease = ARGV[3 * n - 1], ARGV[3 * n], ARGV[3 * n + 1]
  if step == 'give' then
    if redis.call('GET', lock) == token then redis.call('DEL', lock) end
    out[n] = 1
  else
    local first, mine, at = nil, nil, 0
    for _, entry in ipairs(redis.call('LRANGE', line, 0, -1)) do
      local owner, asked = string.match(entry, '^(.*)|(%d+)$')
      if owner == nil or clock() - tonumber(asked) > 200 then
        redis.call('LREM', line, 1, entry)
      else
        first = first or owner
        if owner == me then mine = entry elseif mine == nil then at = at + 1 end
      end
    end
    if (step == 'take' and first ~= nil and first ~= me) or not redis.call('SET', lock, token, 'NX', 'PX', lease) then
      local entry = me .. '|' .. clock()
      if mine then redis.call('LSET', line, at, entry) else redis.call('RPUSH', line, entry) end
      redis.call('PEXPIRE', line, 1000)
      if first == nil or first == me then out[n] = -2 else out[n] = -1 end
    else
      if mine then redis.call('LREM', line, 1, mine) end
      local fields = redis.pcall('HMGET', session, 'data', 'atime')
      if fields.err then out[n] = {2} else out[n] = {1, fields[1], fields[2]} end
    end
  end
end
return out`,
  /** KEYS[1] (a lock); ARGV: token, lease (ms). Extends the lock only if it is still this holder's. */
  renew: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
  /** KEYS[1]; ARGV: cutoff (ms). Deletes the record if it was last used before the cutoff. */
  expire: `if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return 0 end
local atime = tonumber(redis.call('HGET', KEYS[1], 'atime'))
if atime ~= nil and atime >= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
return 1`,
} as const;
type ScriptName = keyof typeof SCRIPTS;
const SHA = Object.fromEntries(
  Object.entries(SCRIPTS).map(([name, text]) => [name, createHash('sha1').update(text).digest('hex')]),
) as Record<ScriptName, string>;

/** Client errors that mean "Redis is not there right now" (node-redis sets no `name`, so the class decides). */
const UNAVAILABLE = new Set([
  'ClientClosedError',
  'ClientOfflineError',
  'DisconnectsClientError',
  'ConnectionTimeoutError',
  'SocketClosedUnexpectedlyError',
  'SocketTimeoutError',
  'ReconnectStrategyError',
]);

const DEFAULT_TTL = 2 * 86400;
/**
 * How long this process may keep handing a session's lock straight to its own next request of the session
 * while other processes are in line for it (one session hammered from several processes): long enough for
 * many requests in a row, short enough that each process in line waits a few of these at most.
 */
const HAND_ON_MS = 10;
/** What a take that did not get the lock answers about this process's place in the line (SCRIPTS.locks). */
const LINE_PLACES: Record<string, 'next' | 'in line'> = { '-2': 'next', '-1': 'in line' };
const UPDATE_ATTEMPTS = 100;

/**
 * Sessions in Redis (web.py has none; its `Store` contract made this a small class). Each session is a hash
 * `{data, atime, v}` at `${prefix}${id}` that Redis also expires `ttl` seconds after its last use. Every write
 * is one Lua script, so a reader sees the old record or the new one; `update` is a compare-and-swap on the
 * version `v`, retried on conflict, so app processes sharing one Redis keep each other's changes.
 *
 * `RedisStore(client)` uses a node-redis client you created and connected (you close it);
 * `RedisStore('redis://host:6379')` or `RedisStore()` creates one on first use, loading the optional
 * `redis` package only then, and `close()` closes it. `RedisStore(cluster)` with a node-redis
 * `createCluster()` client spreads sessions over the masters of a Redis Cluster: each key carries its id as a
 * hash tag (`${prefix}{${id}}`), so a session's record and its lock live in one slot, and cleanup scans
 * every master.
 */
export class RedisStoreImpl implements Store {
  readonly prefix: string;
  readonly #url: string | undefined;
  readonly #given: RedisCommander | RedisClusterCommander | undefined;
  /** Whether the client is a cluster: keys then carry the id as a hash tag, `${prefix}{${id}}`. */
  readonly cluster: boolean;
  readonly #connectTimeout: number;
  readonly #commandTimeout: number;
  /** Commands of the store's own client awaiting an answer, and when the last answer (or the first ask) came. */
  #pending = 0;
  #answered = 0;
  #watchdog: NodeJS.Timeout | undefined;
  /** Locks to take and to give back, in the order asked, for the next batch (see #step). */
  readonly #steps: LockStep[] = [];
  /** The batch of lock steps on its way to Redis, which close() lets finish. */
  #stepping: Promise<void> | undefined;
  /** Locks given back in the batch being filled, and since when this process has held each without a gap. */
  readonly #giving = new Map<string, number>();
  #ttl: number;
  #backend: Promise<Backend> | undefined;
  #owned: OwnedClient | undefined;
  #closed = false;
  #outageLogged = false;
  #readyWait: Promise<void> | undefined;

  constructor(
    client?: RedisCommander | RedisClusterCommander | string | null,
    options: RedisStoreOptions = {},
  ) {
    if (client === undefined || client === null || typeof client === 'string') {
      this.#url = checkUrl(client ?? undefined);
    } else if (typeof client === 'object' && typeof client.sendCommand === 'function') {
      this.#given = client;
    } else {
      throw new TypeError(
        "web.session.RedisStore(client, options): client must be a node-redis client (createClient() or createCluster() from 'redis') or a redis:// URL",
      );
    }
    this.cluster = this.#given !== undefined && isCluster(this.#given);
    const {
      prefix = 'session:',
      ttl = DEFAULT_TTL,
      connectTimeout = 2000,
      commandTimeout = 5000,
    } = options ?? {};
    if (typeof prefix !== 'string' || prefix.length > 256 || /[\r\n]/.test(prefix))
      throw new TypeError(
        'RedisStore: prefix must be a string of at most 256 characters without line breaks',
      );
    if (!Number.isFinite(ttl) || ttl <= 0)
      throw new TypeError('RedisStore: ttl must be a positive number of seconds');
    if (!Number.isFinite(connectTimeout) || connectTimeout < 0)
      throw new TypeError('RedisStore: connectTimeout must be a number of milliseconds');
    if (!Number.isFinite(commandTimeout) || commandTimeout <= 0)
      throw new TypeError('RedisStore: commandTimeout must be a positive number of milliseconds');
    this.#commandTimeout = commandTimeout;
    this.prefix = prefix;
    this.#ttl = ttl;
    this.#connectTimeout = connectTimeout;
  }

  async has(id: string): Promise<boolean> {
    if (!isValidId(id)) return false;
    const key = this.#key(id);
    return (await this.#send(key, ['EXISTS', key])) === 1;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    if (!isValidId(id)) return undefined;
    const [data, atime] = await this.#fields(this.#key(id), 'data', 'atime');
    return toRecord(data, atime);
  }

  async set(id: string, record: SessionRecord): Promise<void> {
    assertValidId(id);
    const atime = checkRecord(record);
    await this.#script('set', id, [record.data, String(atime), newVersion(), this.#expireAt(atime)]);
  }

  async delete(id: string): Promise<void> {
    if (!isValidId(id)) return;
    const key = this.#key(id);
    await this.#send(key, ['DEL', key]);
  }

  async touch(id: string, atime: number): Promise<void> {
    if (!isValidId(id)) return;
    const ms = Math.round(atime);
    if (!Number.isFinite(ms)) throw new TypeError('RedisStore.touch: atime must be a number of milliseconds');
    await this.#script('touch', id, [String(ms), this.#expireAt(ms)]);
  }

  /**
   * Walk the prefix with SCAN, on every master of a cluster, and delete what was idle past `timeout` (each
   * check-and-delete is one script, so a session used meanwhile survives). Redis's own expiry does this
   * too, later, as a safety net; locks of dead holders need no sweep (Redis expires them after their lease).
   */
  async cleanup(timeout: number): Promise<void> {
    this.#ttl = Math.max(this.#ttl, 2 * timeout);
    const cutoff = String(Date.now() - timeout * 1000);
    const pattern = `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    const backend = await this.#connection();
    const masters = await this.#guard(() => backend.masters());
    await Promise.all(
      masters.map(async (node) => {
        let cursor = '0';
        do {
          const reply = await this.#guard(() =>
            node.sendCommand(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '500']),
          );
          const [next = '0', keys = []] = Array.isArray(reply) ? (reply as [unknown, unknown]) : [];
          cursor = String(next);
          const ours = (Array.isArray(keys) ? keys : []).filter(
            (key): key is string => typeof key === 'string' && this.#idOf(key) !== undefined,
          );
          // Each through the store's routing: a key that moved to another master meanwhile is still reached.
          await Promise.all(ours.map((key) => this.#evalsha('expire', [key], [cutoff])));
        } while (cursor !== '0');
      }),
    );
  }

  async update(
    id: string,
    change: (current: SessionRecord | undefined) => SessionRecord | undefined,
  ): Promise<void> {
    assertValidId(id);
    const key = this.#key(id);
    for (let attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
      const [data, atime, version] = await this.#fields(key, 'data', 'atime', 'v');
      const current = toRecord(data, atime);
      const next = change(current);
      if (next === undefined) return;
      const ms = checkRecord(next);
      const expected = current !== undefined && typeof version === 'string' ? version : '';
      const done = await this.#script('swap', id, [
        expected,
        next.data,
        String(ms),
        newVersion(),
        this.#expireAt(ms),
      ]);
      if (done === 1) return;
      if (done === -1) throw new Error(`RedisStore: key ${key} holds something other than a session hash`);
      // Another process wrote between our read and our write: read again (with a little jitter).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
    }
    throw new Error(
      `RedisStore.update: session ${id.slice(0, 8)}… kept changing under ${UPDATE_ATTEMPTS} attempts`,
    );
  }

  /**
   * Hold session `id` across processes and hosts: `SET <key>:lock <token> NX PX <lease>`, retried until
   * `options.wait` by a process that waits in the session's line (see SCRIPTS.locks) for its turn; renewed
   * (PEXPIRE) while held and released by a compare-and-delete, so a holder never removes a lock that lapsed
   * and was taken by another. A holder that died leaves a key Redis itself expires after the lease. The step
   * that takes the lock also reads the session (the lock and the session share a slot), so a locked request
   * costs Redis no more round trips than one without a lock: this one, the write, the release.
   */
  lock(id: string, options: LockOptions): Promise<HeldLock | undefined> {
    try {
      assertValidId(id);
    } catch (err) {
      return Promise.reject(err);
    }
    const sessionKey = this.#key(id);
    const key = `${sessionKey}:lock`;
    const keys: LockStep['keys'] = [key, sessionKey, `${sessionKey}:line`];
    const token = lockToken();
    const lease = String(Math.max(1, Math.round(options.lease)));
    // This process's own next request of the session takes the lock in the script that gives it back, past
    // the processes in line for it, for HAND_ON_MS; then it joins the line behind them.
    const givenSince = this.#giving.get(key);
    let since = Date.now();
    let step: LockStepName = 'take';
    if (givenSince !== undefined && since - givenSince < HAND_ON_MS) {
      step = 'pass';
      since = givenSince;
    }
    let reply: unknown;
    const attempt = () =>
      new Promise<boolean | 'in line' | 'next'>((resolve, reject) => {
        const passing = step === 'pass';
        this.#step(
          keys,
          step,
          token,
          lease,
          (answer) => {
            if (!Array.isArray(answer)) return resolve(LINE_PLACES[String(answer)] ?? false);
            reply = answer;
            if (!passing) since = Date.now();
            resolve(true);
          },
          reject,
        );
        step = 'take'; // only the first attempt can pass; a lock taken later starts a stretch of its own
      });
    const give = () =>
      new Promise<unknown>((resolve, reject) => {
        if (!this.cluster) this.#giving.set(key, since);
        this.#step(keys, 'give', token, '', resolve, reject);
      });
    const renew = () => this.#evalsha('renew', [key], [token, lease]);
    return acquireLease(options, attempt, renew, give, `redis lock ${id.slice(0, 8)}…`).then((held) => {
      if (held === undefined) return undefined;
      // On one server, the steps of this store go out in the order asked, on one connection: a take asked
      // after this lock's release runs after it.
      const ordered = !this.cluster;
      if (!Array.isArray(reply) || Number(reply[0]) !== 1) return { release: held.release, ordered };
      return { release: held.release, ordered, read: { record: toRecord(reply[1], reply[2]) } };
    });
  }

  /**
   * Take, pass or give back a lock (the `locks` script), answering `done` with the step's reply. On one server
   * the steps asked in one turn of the event loop go together, in order, in one script (under load, many
   * requests arrive in the same turn); on a cluster each goes to its own slot's master.
   */
  #step(
    keys: LockStep['keys'],
    step: LockStepName,
    token: string,
    lease: string,
    done: (reply: unknown) => void,
    fail: (err: unknown) => void,
  ): void {
    if (this.cluster) {
      this.#evalsha('locks', keys, [LOCK_OWNER, step, token, lease]).then(
        (replies) => done(Array.isArray(replies) ? replies[0] : undefined),
        fail,
      );
      return;
    }
    const queue = this.#steps;
    queue.push({ keys, step, token, lease, done, fail });
    if (queue.length === 1) setImmediate(() => this.#sendSteps());
  }

  /** Send the queued lock steps as one script and answer each. */
  #sendSteps(): void {
    const batch = this.#steps.splice(0);
    this.#giving.clear();
    // One command, built in place: this runs for every few requests under load.
    const command = ['EVALSHA', SHA.locks, String(batch.length * 3)];
    for (const { keys } of batch) command.push(keys[0], keys[1], keys[2]);
    command.push(LOCK_OWNER);
    for (const { step, token, lease } of batch) command.push(step, token, lease);
    const sent = this.#run('locks', batch[0]?.keys[0] as string, command).then(
      (replies) => {
        for (let i = 0; i < batch.length; i++)
          (batch[i] as LockStep).done(Array.isArray(replies) ? replies[i] : replies);
      },
      (err: unknown) => {
        for (const b of batch) b.fail(err);
      },
    );
    this.#stepping = sent;
    sent.then(() => {
      if (this.#stepping === sent) this.#stepping = undefined;
    });
  }

  /** Close the connection the store opened itself; a client you passed in stays yours to close. */
  async close(): Promise<void> {
    // Lock steps already asked (a release sent after its answer) still go out, then the store closes.
    if (this.#steps.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    await this.#stepping;
    this.#closed = true;
    clearInterval(this.#watchdog);
    this.#watchdog = undefined;
    const owned = this.#owned;
    this.#owned = undefined;
    if (owned === undefined) return;
    try {
      if (owned.isReady) await (owned.close ?? owned.quit)?.call(owned);
      else owned.destroy();
    } catch {
      owned.destroy();
    }
  }

  /** HMGET, as an array whatever the client answered. */
  async #fields(key: string, ...names: string[]): Promise<unknown[]> {
    const reply = await this.#send(key, ['HMGET', key, ...names]);
    return Array.isArray(reply) ? reply : [];
  }

  /**
   * The key of session `id`. On a cluster the id is a hash tag, so a session and its lock share a slot (one
   * master holds both, and they move together when slots are resharded) while sessions spread over masters.
   */
  #key(id: string): string {
    return this.cluster ? `${this.prefix}{${id}}` : `${this.prefix}${id}`;
  }

  /** The session id a key found by SCAN belongs to, or undefined for a lock, a line or a key not made by a store. */
  #idOf(key: string): string | undefined {
    if (!key.startsWith(this.prefix)) return undefined;
    let id = key.slice(this.prefix.length);
    if (this.cluster) {
      if (!id.startsWith('{') || !id.endsWith('}')) return undefined;
      id = id.slice(1, -1);
    }
    return isValidId(id) ? id : undefined;
  }

  #expireAt(atime: number): string {
    return String(Math.round(atime + this.#ttl * 1000));
  }

  #script(name: ScriptName, id: string, args: string[]): Promise<unknown> {
    return this.#evalsha(name, [this.#key(id)], args);
  }

  /** EVALSHA, loading the script with EVAL the first time a server has not seen it. */
  #evalsha(name: ScriptName, keys: string[], args: string[]): Promise<unknown> {
    return this.#run(name, keys[0] as string, ['EVALSHA', SHA[name], String(keys.length), ...keys, ...args]);
  }

  /** Send `command` (`EVALSHA <sha of name> <key count> …`); as EVAL with the script's text if Redis has not seen it. */
  async #run(name: ScriptName, firstKey: string, command: string[]): Promise<unknown> {
    try {
      return await this.#send(firstKey, command);
    } catch (err) {
      if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
      const again = command.slice();
      again[0] = 'EVAL';
      again[1] = SCRIPTS[name];
      return this.#send(firstKey, again);
    }
  }

  async #send(key: string, args: string[]): Promise<unknown> {
    const backend = await this.#connection();
    if (this.#owned === undefined) return this.#guard(() => backend.send(key, args));
    if (this.#pending++ === 0) {
      this.#answered = Date.now();
      this.#watch();
    }
    try {
      return await this.#guard(() => backend.send(key, args));
    } finally {
      this.#pending--;
      this.#answered = Date.now();
    }
  }

  /**
   * While commands of the store's own client are out, check now and then that answers still come; after
   * commandTimeout without one, drop the client (its commands fail as unavailable) so the next command
   * connects afresh. One timer for the whole store: node-redis's own per-command timeout costs a timer and
   * an AbortSignal for every command, which at a few thousand requests a second is a third of the client's
   * work, so the store's client runs without it.
   */
  #watch(): void {
    if (this.#watchdog !== undefined) return;
    this.#watchdog = setInterval(
      () => {
        if (this.#pending === 0 || this.#closed) {
          clearInterval(this.#watchdog);
          this.#watchdog = undefined;
          return;
        }
        if (Date.now() - this.#answered < this.#commandTimeout) return;
        const stuck = this.#owned;
        this.#owned = undefined;
        this.#backend = undefined;
        this.#answered = Date.now();
        logError(
          new Error(`Redis answered none of ${this.#pending} commands for ${this.#commandTimeout} ms`),
          'webts RedisStore (dropping the connection and connecting again)',
        );
        stuck?.destroy();
      },
      Math.max(Math.floor(this.#commandTimeout / 4), 10),
    );
    this.#watchdog.unref();
  }

  /** Run `command`, turning "Redis is not there" into the 503 error. */
  async #guard<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      throw isUnavailable(err) ? new DatabaseUnavailableError('redis', err) : err;
    }
  }

  async #connection(): Promise<Backend> {
    if (this.#closed) throw new Error('RedisStore: the store was closed (store.close())');
    this.#backend ??= this.#open().catch((err: unknown) => {
      this.#backend = undefined;
      throw err;
    });
    const backend = await this.#backend;
    const owned = this.#owned;
    if (owned !== undefined && !owned.isReady) await this.#ready(owned);
    return backend;
  }

  /** The client: the one given (connected if it was not), or a new one that keeps (re)connecting. */
  async #open(): Promise<Backend> {
    const given = this.#given;
    if (given !== undefined) {
      if (given.isOpen === false && typeof given.connect === 'function') await given.connect();
      return isCluster(given) ? clusterBackend(given) : singleBackend(given);
    }
    const redis = await loadRedis();
    if (this.#closed) throw new Error('RedisStore: the store was closed (store.close())');
    // No offline queue: while Redis is down a command fails at once (a 503) instead of waiting for it.
    const client = redis.createClient({
      url: this.#url,
      disableOfflineQueue: true,
      // No per-command timer: the store's watchdog (#watch) does that job for all commands at once.
      commandOptions: { timeout: 0 },
      socket: {
        connectTimeout: Math.max(this.#connectTimeout, 500),
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
      },
    }) as unknown as OwnedClient;
    // Without a listener an 'error' event would end the process; log the first one of each outage.
    client.on('error', (err) => {
      if (this.#outageLogged || this.#closed) return;
      this.#outageLogged = true;
      logError(err, 'webts RedisStore (reconnecting)');
    });
    client.on('ready', () => {
      this.#outageLogged = false;
    });
    this.#owned = client;
    client.connect().catch(() => {}); // it keeps retrying on its own; requests wait in #ready
    return singleBackend(client);
  }

  /**
   * Wait up to connectTimeout for the store's own client to be connected. All waiting requests share one
   * 'ready' listener, removed when it fires, so a crowd waiting through an outage adds no listeners.
   */
  #ready(client: OwnedClient): Promise<void> {
    if (client.isReady) return Promise.resolve();
    this.#readyWait ??= new Promise<void>((resolve) => {
      const onReady = () => {
        client.off('ready', onReady);
        this.#readyWait = undefined;
        resolve();
      };
      client.on('ready', onReady);
    });
    const ready = this.#readyWait;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const where = this.#url ?? 'redis://localhost:6379';
        reject(
          new DatabaseUnavailableError(
            'redis',
            new Error(`no connection to ${redactUrl(where)} within ${this.#connectTimeout} ms`),
          ),
        );
      }, this.#connectTimeout);
      ready.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

type RedisModule = { createClient: (options: Record<string, unknown>) => unknown };

// `redis` is an optional peer dependency, imported the first time a store needs its own client.
let modulePromise: Promise<RedisModule> | undefined;
function loadRedis(): Promise<RedisModule> {
  modulePromise ??= import('redis').then(
    (m) =>
      (m as unknown as { default?: RedisModule }).default?.createClient
        ? (m as unknown as { default: RedisModule }).default
        : (m as unknown as RedisModule),
    (err: unknown) => {
      modulePromise = undefined;
      throw new Error(
        "web.session.RedisStore needs the 'redis' package (npm install redis), or pass it a connected client",
        { cause: err },
      );
    },
  );
  return modulePromise;
}

function isCluster(client: RedisCommander | RedisClusterCommander): client is RedisClusterCommander {
  return 'masters' in client && typeof (client as RedisClusterCommander).nodeClient === 'function';
}

function singleBackend(client: RedisCommander): Backend {
  return {
    send: (_key, args) => client.sendCommand(args),
    masters: async () => [client],
  };
}

function clusterBackend(cluster: RedisClusterCommander): Backend {
  return {
    // Never from a replica (isReadonly false): a replica may lag behind a lock or a write just made.
    send: (key, args) => cluster.sendCommand(key, false, args),
    masters: () => Promise.all(cluster.masters.map((master) => cluster.nodeClient(master as never))),
  };
}

function isUnavailable(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  if (UNAVAILABLE.has(err.constructor?.name ?? '')) return true;
  // Still loading its data, or a cluster that lost a master (and has no replica to promote yet).
  if (/^(LOADING|CLUSTERDOWN|MASTERDOWN|TRYAGAIN)\b/.test(String((err as Error).message))) return true;
  return errorCodes(err).some((code) => NETWORK_CODES.has(code));
}

function checkUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      'web.session.RedisStore(url): a Redis URL looks like redis://host:6379 or rediss://host:6380',
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new TypeError(
      `web.session.RedisStore(url): expected a redis:// or rediss:// URL, got ${parsed.protocol}`,
    );
  return url;
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

function checkRecord(record: SessionRecord): number {
  if (record === null || typeof record !== 'object' || typeof record.data !== 'string')
    throw new TypeError('RedisStore: a session record is { data: string, atime: number }');
  const ms = Math.round(record.atime);
  if (!Number.isFinite(ms)) throw new TypeError('RedisStore: record.atime must be a number of milliseconds');
  return ms;
}

/** A stored hash's fields as a record; no `data` means no session, a junk atime means "idle since 1970". */
function toRecord(data: unknown, atime: unknown): SessionRecord | undefined {
  if (typeof data !== 'string') return undefined;
  const ms = Number(atime);
  return { data, atime: Number.isFinite(ms) ? ms : 0 };
}

function newVersion(): string {
  return randomBytes(8).toString('hex');
}

/** `web.session.RedisStore(client | url, { prefix })`, with or without `new`. */
export const RedisStore = pyclass(RedisStoreImpl);
export type RedisStore = RedisStoreImpl;
