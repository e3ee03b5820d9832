/** RedisStore through an outage of its own Redis server (started and stopped by this test). */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { it } from 'node:test';
import { RedisStore } from '../../src/session/redis-store.js';
import { captureStderr } from './helpers.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `redis-server` on `port`, without persistence; resolves once it accepts connections. */
function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (/Ready to accept connections/.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

it('50 requests waiting through a Redis reconnect add no listeners (no MaxListenersExceededWarning)', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  const port = await freePort();
  let server = await startRedis(port);
  const store = RedisStore(`redis://127.0.0.1:${port}`, { connectTimeout: 30_000, prefix: 'reconnect:' });
  try {
    const { stderr } = await captureStderr(async () => {
      await store.set('ab12', { data: 'before', atime: Date.now() });
      await stop(server);
      // The client has lost its server: these wait for the reconnect (or fail as unavailable, never hang).
      const waiting = Array.from({ length: 50 }, () =>
        store.get('ab12').then(
          (r) => r?.data ?? 'gone',
          (err: Error) => `error ${err.name}`,
        ),
      );
      server = await startRedis(port);
      const answers = await Promise.all(waiting);
      // The new server is empty (no persistence): a served request finds no session.
      assert.ok(
        answers.every((a) => a === 'gone' || a === 'error DatabaseUnavailableError'),
        answers.join(),
      );
      // And once more, 50 at a time through a second outage: still no warning.
      await stop(server);
      const again = Array.from({ length: 50 }, () => store.get('ab12').catch(() => undefined));
      server = await startRedis(port);
      await Promise.all(again);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      assert.deepEqual(
        warnings.map((w) => `${w.name}: ${w.message}`),
        [],
      );
    });
    assert.match(stderr, /webts RedisStore \(reconnecting\)/, 'each outage is logged once');
  } finally {
    process.off('warning', onWarning);
    await store.close();
    await stop(server);
  }
});

it('a Redis that stops answering with its socket open (SIGSTOP) costs commandTimeout, then 503; the next request is served', async () => {
  const port = await freePort();
  const server = await startRedis(port);
  const store = RedisStore(`redis://127.0.0.1:${port}`, { prefix: 'frozen:', commandTimeout: 300 });
  try {
    await store.set('cd34', { data: 'before', atime: Date.now() });
    const { stderr } = await captureStderr(async () => {
      server.kill('SIGSTOP');
      try {
        const answers = await Promise.all(
          Array.from({ length: 20 }, () =>
            store.get('cd34').then(
              (r) => r?.data ?? 'gone',
              (err: Error) => `error ${err.name} ${(err as { status?: number }).status}`,
            ),
          ),
        );
        assert.deepEqual(new Set(answers), new Set(['error DatabaseUnavailableError 503']));
      } finally {
        server.kill('SIGCONT');
      }
      assert.equal((await store.get('cd34'))?.data, 'before', 'a new connection serves the next request');
    });
    assert.match(stderr, /answered none of 20 commands for 300 ms/);
  } finally {
    await store.close();
    await stop(server);
  }
});
