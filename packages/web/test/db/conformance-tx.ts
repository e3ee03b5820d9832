/** Transactions and concurrency part of the conformance suite (see conformance.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DB, Transaction } from '../../src/db/index.js';
import { Barrier, InFlight, Latch } from '../helpers/sync.js';
import { type SuiteContext, useTodoTable } from './conformance.js';

export function transactionSuite({ makeDb, prefix }: SuiteContext): void {
  const todo = `${prefix}_tx`;
  let db: DB;
  const titles = async () =>
    (await db.select<{ title: string }>(todo, { order: 'title' })).map((r) => r.title);

  describe('transactions', () => {
    useTodoTable(makeDb, todo, (opened) => {
      db = opened;
    });

    test('a callback transaction commits and returns the callback value', async () => {
      const out = await db.transaction(async () => {
        await db.insert(todo, { title: 'a' });
        await db.insert(todo, { title: 'b' });
        return 42;
      });
      assert.equal(out, 42);
      assert.deepEqual(await titles(), ['a', 'b']);
    });

    test('a throw inside rolls everything back and rethrows the same error', async () => {
      const boom = new Error('boom');
      await assert.rejects(
        db.transaction(async () => {
          await db.insert(todo, { title: 'a' });
          throw boom;
        }),
        (err) => err === boom,
      );
      assert.deepEqual(await titles(), []);
    });

    test('web.py form: t = await db.transaction(); t.commit() / t.rollback()', async () => {
      const t = await db.transaction();
      assert.ok(t instanceof Transaction);
      await db.insert(todo, { title: 'kept' });
      await t.commit();
      const u = await db.transaction();
      await db.insert(todo, { title: 'dropped' });
      await u.rollback();
      assert.deepEqual(await titles(), ['kept']);
      await assert.rejects(t.commit(), /already ended/);
      await u.rollback(); // a second rollback does nothing
    });

    test('nested transactions are savepoints: an inner rollback keeps the outer work', async () => {
      await db.transaction(async () => {
        await db.insert(todo, { title: 'outer' });
        await assert.rejects(
          db.transaction(async () => {
            await db.insert(todo, { title: 'inner' });
            throw new Error('inner fails');
          }),
          /inner fails/,
        );
        await db.transaction(async () => {
          await db.insert(todo, { title: 'inner2' });
        });
      });
      assert.deepEqual(await titles(), ['inner2', 'outer']);
    });

    test('an outer rollback also undoes committed savepoints', async () => {
      await assert.rejects(
        db.transaction(async () => {
          await db.transaction(async () => {
            await db.insert(todo, { title: 'inner' });
          });
          throw new Error('outer fails');
        }),
      );
      assert.deepEqual(await titles(), []);
    });

    test('statements outside the transaction do not see its uncommitted rows', async () => {
      const inserted = new Latch('the transaction to insert its row');
      const end = new Latch('the outside statement to be sent');
      const tx = db
        .transaction(async () => {
          await db.insert(todo, { title: 'secret' });
          inserted.open();
          await end.wait();
          throw new Error('roll back');
        })
        .catch(() => 'rolled back');
      await inserted.wait();
      const outside = titles(); // sent while the transaction is open
      // On SQLite (one connection) it waits for the transaction to end; on a pool it is answered beside it,
      // while the transaction is still open. Neither sees 'secret'.
      if (db.dbn !== 'sqlite') assert.deepEqual(await outside, []);
      end.open();
      assert.deepEqual(await outside, []);
      assert.equal(await tx, 'rolled back');
      assert.deepEqual(await titles(), []);
    });

    test('many overlapping transactions never interleave: each commits or rolls back whole', async () => {
      const N = 24;
      // On a pool, the first two transactions wait for each other once they have written a row, so
      // transactions do overlap; SQLite's one connection runs them one after another.
      const serialised = db.dbn === 'sqlite';
      const meet = serialised ? undefined : new Barrier(2, 'two transactions open at once');
      const open = new InFlight();
      const runs = Array.from({ length: N }, (_, i) =>
        db
          .transaction(async () => {
            open.enter();
            try {
              for (let k = 0; k < 3; k++) {
                await db.insert(todo, { title: `t${String(i).padStart(2, '0')}-${k}`, n: i });
                if (k === 0) await meet?.arrive();
                await sleep(Math.random() * 3); // varies the interleaving; the overlap is the barrier's
              }
            } finally {
              open.leave();
            }
            // Inside its transaction a run sees its own three rows, and no half of another run.
            const own = await db.select(todo, { where: { n: i } });
            assert.equal(own.length, 3);
            if (i % 3 === 0) throw new Error(`fail ${i}`);
            return i;
          })
          .then(
            () => 'ok',
            (err: Error) => err.message,
          ),
      );
      const outside = Array.from({ length: 10 }, () => db.select(todo).then((r) => r.length % 3));
      const results = await Promise.all(runs);
      if (serialised) assert.equal(open.max, 1, 'one transaction at a time on one connection');
      else assert.ok(open.max >= 2, `transactions overlapped (${open.max} open at once)`);
      for (const [i, r] of results.entries()) assert.equal(r, i % 3 === 0 ? `fail ${i}` : 'ok');
      // Readers outside only ever see whole transactions (3 rows each).
      assert.deepEqual(await Promise.all(outside), Array(10).fill(0));
      const rows = await db.select<{ n: number }>(todo);
      const committed = new Set(rows.map((r) => r.n));
      assert.equal(rows.length, (N - N / 3) * 3);
      for (let i = 0; i < N; i++) assert.equal(committed.has(i), i % 3 !== 0);
    });

    test('web.py-form savepoints: t2.rollback() undoes only what came after it', async () => {
      const t1 = await db.transaction();
      await db.insert(todo, { title: 'one' });
      const t2 = await db.transaction();
      assert.equal(t2.depth, 1);
      await db.insert(todo, { title: 'two' });
      await t2.rollback();
      await db.insert(todo, { title: 'three' });
      await t1.commit();
      assert.deepEqual(await titles(), ['one', 'three']);
    });

    test('web.py-form transactions in concurrent requests stay apart', async () => {
      // Each async function stands for one request handler using the web.py idiom. On a pool, the first
      // two meet inside their transactions, so they do overlap; SQLite runs them one after another.
      const serialised = db.dbn === 'sqlite';
      const meet = serialised ? undefined : new Barrier(2, 'two requests inside their transactions at once');
      const open = new InFlight();
      const handler = async (i: number) => {
        const t = await db.transaction();
        open.enter();
        try {
          await db.insert(todo, { title: `r${String(i).padStart(2, '0')}`, n: i });
          await meet?.arrive();
          await sleep(Math.random() * 5); // varies the interleaving; the overlap is the barrier's
          await db.insert(todo, { title: `r${String(i).padStart(2, '0')}b`, n: i });
          if (i % 2) throw new Error('odd requests fail');
          await t.commit();
        } catch (err) {
          await t.rollback();
          return (err as Error).message;
        } finally {
          open.leave();
        }
        return 'ok';
      };
      const out = await Promise.all(Array.from({ length: 12 }, (_, i) => handler(i)));
      if (serialised) assert.equal(open.max, 1, 'one transaction at a time on one connection');
      else assert.ok(open.max >= 2, `transactions overlapped (${open.max} open at once)`);
      assert.deepEqual(
        out,
        Array.from({ length: 12 }, (_, i) => (i % 2 ? 'odd requests fail' : 'ok')),
      );
      const rows = await db.select<{ n: number }>(todo);
      assert.equal(rows.length, 12);
      assert.ok(rows.every((r) => r.n % 2 === 0));
    });

    test('a failed statement inside a transaction rolls it back when the error escapes', async () => {
      await assert.rejects(
        db.transaction(async () => {
          await db.insert(todo, { title: 'before' });
          await db.query('SELECT * FROM no_such_table_at_all');
        }),
      );
      assert.deepEqual(await titles(), []);
      // The database is still usable afterwards (the connection went back clean).
      await db.insert(todo, { title: 'after' });
      assert.deepEqual(await titles(), ['after']);
    });
  });
}
