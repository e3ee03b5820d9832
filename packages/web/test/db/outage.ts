/**
 * "The database went away" tests for the pooled engines. A small TCP proxy sits between the pool and the
 * real server; destroying it (and its sockets) looks to the driver exactly like a server that died or a
 * network cut, without stopping the real server other test files are using.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type DatabaseParams, DatabaseUnavailableError, type DB, database } from '../../src/db/index.js';
import { bounded } from '../helpers/sync.js';
import { createTodo } from './conformance.js';

/** A TCP forwarder that can be cut (all connections closed) and brought back on the same port. */
export class TcpProxy {
  port = 0;
  #server: Server | undefined;
  /** The sockets of the clients (the pool's connections) and of the upstream server, in pairs. */
  readonly #pairs = new Set<{ client: Socket; upstream: Socket }>();
  /** What clients sent since the last `stop()`, latin-1, for `forwarded()`. */
  #sent = '';
  #watchers: { text: string; resolve: () => void }[] = [];

  constructor(readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target);
      const pair = { client, upstream };
      this.#pairs.add(pair);
      client.on('close', () => this.#pairs.delete(pair));
      for (const s of [client, upstream]) {
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (chunk: Buffer) => this.#saw(chunk));
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    if (addr && typeof addr === 'object') this.port = addr.port;
    this.#server = server;
  }

  #saw(chunk: Buffer): void {
    this.#sent += chunk.toString('latin1');
    const ready = this.#watchers.filter((w) => this.#sent.includes(w.text));
    this.#watchers = this.#watchers.filter((w) => !this.#sent.includes(w.text));
    for (const w of ready) w.resolve();
  }

  /** Resolves once a client has sent `text` (e.g. a statement's SQL) on to the server since the last stop. */
  forwarded(text: string): Promise<void> {
    if (this.#sent.includes(text)) return Promise.resolve();
    const seen = new Promise<void>((resolve) => this.#watchers.push({ text, resolve }));
    return bounded(seen, `the proxy to forward ${JSON.stringify(text)}`);
  }

  /**
   * Stops listening and cuts every connection: the server side is dropped, each client is sent the end of
   * the stream, and this resolves once every client has read it and closed its side (node sockets do so
   * on their own), so whatever the test does next meets a pool that knows its connections are gone.
   */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#sent = '';
    // First stop accepting (a client that reconnects at once must find nothing), then cut what is open.
    const closed: Promise<unknown>[] = [
      new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
    ];
    for (const { client, upstream } of this.#pairs) {
      upstream.destroy();
      if (client.destroyed) continue;
      closed.push(once(client, 'close'));
      client.unpipe(upstream);
      client.resume(); // what the client still sends goes nowhere
      client.end();
    }
    await bounded(Promise.all(closed), 'the clients to close their side of the cut connections');
  }
}

const unavailable = (err: unknown) => {
  assert.ok(err instanceof DatabaseUnavailableError, `expected DatabaseUnavailableError, got ${String(err)}`);
  assert.equal(err.status, 503);
  assert.ok(err.cause, 'the driver error is kept as the cause');
  return true;
};

/** Registers the outage tests for one pooled engine reached at `params.host:params.port`. */
export function outageSuite(
  name: string,
  params: DatabaseParams,
  table: string,
  skip: string | undefined,
): void {
  describe(`${name}: the database goes away mid-use`, { skip }, () => {
    const proxy = new TcpProxy({ host: params.host ?? '127.0.0.1', port: Number(params.port) });
    let db: DB;
    const sleepSQL = name === 'postgres' ? 'SELECT pg_sleep(3) AS s' : 'SELECT SLEEP(3) AS s';

    before(async () => {
      await proxy.start();
      db = database({ ...params, port: proxy.port, poolSize: 4 });
      await createTodo(db, table);
    });
    after(async () => {
      await proxy.stop().catch(() => {});
      await proxy.start();
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
      await proxy.stop();
    });

    test('with the server gone, calls reject with the 503 error; on its return the same db works again', async () => {
      // Warm the pool so idle connections exist when the server disappears.
      await Promise.all([db.select(table), db.select(table), db.select(table)]);
      await proxy.stop();
      await assert.rejects(db.select(table), unavailable);
      await assert.rejects(db.insert(table, { title: 'lost' }), unavailable);
      await assert.rejects(
        db.transaction(async () => {}),
        unavailable,
      );
      await proxy.start();
      const id = await db.insert(table, { title: 'back' });
      assert.deepEqual(await db.select(table, { what: 'title', where: { id } }), [{ title: 'back' }]);
    });

    test('a connection cut during a running query rejects with the 503 error', async () => {
      const running = assert.rejects(db.query(sleepSQL), unavailable);
      await proxy.forwarded(sleepSQL); // the query is on the server, running for 3 s
      await proxy.stop();
      await running;
      await proxy.start();
      assert.equal((await db.query('SELECT 1 AS one'))[0]?.one, 1);
    });

    test('a transaction whose connection dies rejects with 503 and leaves nothing behind', async () => {
      await db.delete(table, { where: '' });
      await assert.rejects(
        db.transaction(async () => {
          await db.insert(table, { title: 'half' });
          await proxy.stop();
          await db.insert(table, { title: 'never' });
        }),
        unavailable,
      );
      await proxy.start();
      assert.deepEqual(await db.select(table), []);
      // The pool is whole again: several connections at once work.
      const counts = await Promise.all(Array.from({ length: 6 }, () => db.query('SELECT 1 AS one')));
      assert.equal(counts.length, 6);
    });

    test('the web.py-form transaction reports 503 on commit after a cut; rollback stays quiet', async () => {
      const t = await db.transaction();
      await db.insert(table, { title: 'pending' });
      await proxy.stop();
      await assert.rejects(t.commit(), unavailable);
      const u = await (async () => {
        await proxy.start();
        const v = await db.transaction();
        await db.insert(table, { title: 'pending2' });
        await proxy.stop();
        return v;
      })();
      await u.rollback();
      await proxy.start();
      assert.deepEqual(await db.select(table, { where: { title: 'pending' } }), []);
      assert.deepEqual(await db.select(table, { where: { title: 'pending2' } }), []);
    });

    test('an unreachable port rejects with 503 at once instead of hanging', async () => {
      const nowhere = new TcpProxy({ host: '127.0.0.1', port: 9 });
      await nowhere.start();
      const port = nowhere.port;
      await nowhere.stop();
      const gone = database({ ...params, port });
      try {
        await assert.rejects(gone.query('SELECT 1'), unavailable);
      } finally {
        await gone.close();
      }
    });
  });
}
