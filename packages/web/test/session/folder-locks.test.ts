/**
 * The lock keeper of a shared folder (DiskStore, and the folder beside a SQLite database): the first process
 * to lock keeps the table, the others ask it over a Unix socket. Its death must cost no lock and no update:
 * the holders re-register with the next keeper, and a waiter gets the session only once its holder is done.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { heldInFolder, waitingInFolder } from '../../src/session/folder-locks.js';
import { waitFor } from '../helpers/sync.js';
import { type AppProcess, freshGet as get, printed, startApp } from './fixtures/processes.js';
import { removeDir, tempDir } from './helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/locked-app.ts', import.meta.url));

for (const kind of ['disk', 'sqlite'] as const) {
  describe(`${kind === 'disk' ? 'DiskStore' : 'DBStore on SQLite'}: the folder's lock keeper dies`, () => {
    const dir = tempDir('webts-keeper-');
    const env =
      kind === 'disk'
        ? { SESSION_STORE: 'disk', STORE_PATH: join(dir, 'sessions') }
        : { SESSION_STORE: 'sqlite', STORE_PATH: join(dir, 'sessions.db') };
    const folder = kind === 'disk' ? join(dir, 'sessions') : join(dir, 'sessions.db-session-locks');
    const apps: AppProcess[] = [];
    after(async () => {
      await Promise.all(apps.map((a) => a.stop()));
      removeDir(dir);
    });

    it('kill -9 of the keeper while another process holds a session: the holder keeps it, the waiter waits, nothing is lost', async () => {
      const [keeper, holder, waiter] = await Promise.all([
        startApp(fixture, { ...env, LOCK_TIMEOUT: '60' }),
        startApp(fixture, { ...env, LOCK_TIMEOUT: '60' }),
        startApp(fixture, { ...env, LOCK_TIMEOUT: '60' }),
      ]);
      apps.push(keeper, holder, waiter);
      const start = await get(`${keeper.base}/start`);
      const cookie = start.cookie;
      assert.match(cookie, /^webpy_session_id=/);
      // The first lock of the folder: this process becomes its keeper.
      assert.equal((await get(`${keeper.base}/count`, cookie)).text, '1');
      const holding = printed(holder, /HOLDING k /);
      const held = get(`${holder.base}/hold?name=k`, cookie);
      await holding;
      assert.equal(await heldInFolder(folder), 1, 'the keeper holds the lock for the holder');
      keeper.child.kill('SIGKILL');
      await new Promise((resolve) => keeper.child.once('exit', resolve));
      // The holder re-registers its lock with the next keeper; the waiter's request then queues behind it.
      const counted = get(`${waiter.base}/count`, cookie);
      await waitFor(async () => (await waitingInFolder(folder)) === 1, {
        message: 'the waiter queued behind the re-registered holder',
      });
      assert.equal(await heldInFolder(folder), 1, 'the lock held across the change is still held');
      await get(`${holder.base}/letgo?name=k`);
      assert.equal((await held).text, 'held k');
      const answer = await counted;
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.text, '2', 'the waiter ran after the holder: it saw the count of 1');
      const data = JSON.parse((await get(`${waiter.base}/get`, cookie)).text).data;
      assert.equal(data.held, 'k', "the holder's write survived");
      assert.equal(data.counter, 2, "and the waiter's");
      await waitFor(async () => (await heldInFolder(folder)) === 0, { message: 'no lock left' });
      await Promise.all([holder.stop(), waiter.stop()]);
    });

    it('kill -9 of the keeper while it holds a session itself: the other process takes over and serves the next request', async () => {
      const [keeper, other] = await Promise.all([
        startApp(fixture, { ...env, LOCK_TIMEOUT: '60' }),
        startApp(fixture, { ...env, LOCK_TIMEOUT: '60' }),
      ]);
      apps.push(keeper, other);
      const cookie = (await get(`${other.base}/start`)).cookie;
      // The processes of the test before are gone: the first to lock becomes the keeper, and holds the session.
      assert.equal((await get(`${keeper.base}/count`, cookie)).text, '1');
      const holding = printed(keeper, /HOLDING crash /);
      const cut = get(`${keeper.base}/hold?name=crash`, cookie).catch(() => 'cut' as const);
      await holding;
      keeper.child.kill('SIGKILL');
      assert.equal(await cut, 'cut');
      const next = await get(`${other.base}/count`, cookie);
      assert.equal(next.status, 200, next.text);
      assert.equal(next.text, '2', 'the last acknowledged state (1) was intact');
      await waitFor(async () => (await heldInFolder(folder)) === 0, { message: 'no lock left' });
    });
  });
}
