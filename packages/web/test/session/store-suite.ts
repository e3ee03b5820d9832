import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encode } from '../../src/session/codec.js';
import type { Store } from '../../src/session/store.js';

/** How a store under test is made, reopened (a "restart") and thrown away. */
export interface StoreFixture {
  store: Store;
  /** A second store over the same medium, as after a process restart; undefined for in-memory stores. */
  reopen?: () => Promise<Store> | Store;
  dispose: () => Promise<void> | void;
}

const ID = 'a'.repeat(40);
const ID2 = 'b'.repeat(40);

/**
 * The conformance suite every session store runs (web.py's test base class with make_session
 * overridden, or hono's common router cases): `storeSuite('DiskStore', async () => ({ store, dispose }))`.
 */
export function storeSuite(
  name: string,
  make: () => Promise<StoreFixture>,
  options: { skip?: string | boolean; persistent?: boolean; atomicUpdate?: boolean } = {},
): void {
  describe(`${name} keeps the Store contract`, { skip: options.skip }, () => {
    const withStore = (fn: (fixture: StoreFixture) => Promise<void>) => async () => {
      const fixture = await make();
      try {
        await fn(fixture);
      } finally {
        await fixture.store.close?.();
        await fixture.dispose();
      }
    };

    it(
      'an unknown id is absent',
      withStore(async ({ store }) => {
        assert.equal(await store.get(ID), undefined);
        assert.equal(await store.has(ID), false);
      }),
    );

    it(
      'set then get gives the same data and atime',
      withStore(async ({ store }) => {
        const atime = Date.now() - 5000;
        await store.set(ID, { data: '{"x":1}', atime });
        const record = await store.get(ID);
        assert.equal(record?.data, '{"x":1}');
        assert.ok(Math.abs((record?.atime ?? 0) - atime) < 1500, `atime ${record?.atime} vs ${atime}`);
        assert.equal(await store.has(ID), true);
        assert.equal(await store.get(ID2), undefined, 'other ids stay absent');
      }),
    );

    it(
      'set replaces, delete removes, deleting twice is fine',
      withStore(async ({ store }) => {
        await store.set(ID, { data: 'one', atime: Date.now() });
        await store.set(ID, { data: 'two', atime: Date.now() });
        assert.equal((await store.get(ID))?.data, 'two');
        await store.delete(ID);
        assert.equal(await store.get(ID), undefined);
        await store.delete(ID);
      }),
    );

    it(
      'touch moves atime but keeps the data, and never creates a record',
      withStore(async ({ store }) => {
        const old = Date.now() - 3_600_000;
        await store.set(ID, { data: 'kept', atime: old });
        const now = Date.now();
        await store.touch(ID, now);
        const record = await store.get(ID);
        assert.equal(record?.data, 'kept');
        assert.ok((record?.atime ?? 0) > old + 3_000_000);
        await store.touch(ID2, now);
        assert.equal(await store.has(ID2), false);
      }),
    );

    it(
      'cleanup removes sessions idle past the timeout and keeps the rest',
      withStore(async ({ store }) => {
        await store.set(ID, { data: 'old', atime: Date.now() - 7200_000 });
        await store.set(ID2, { data: 'fresh', atime: Date.now() });
        await store.cleanup(3600);
        assert.equal(await store.get(ID), undefined);
        assert.equal((await store.get(ID2))?.data, 'fresh');
      }),
    );

    it(
      'encoded data with quotes, escaped NUL, newlines, unicode and 1 MB round-trips verbatim',
      withStore(async ({ store }) => {
        // Stores receive codec output: JSON text, so control characters arrive escaped, never raw.
        const odd = encode({
          s: `'"; DROP TABLE sessions; --\u0000\n\r\u2028 caf\u00e9 \ud83d\ude00 ${'x'.repeat(1 << 20)}`,
        });
        await store.set(ID, { data: odd, atime: Date.now() });
        assert.equal((await store.get(ID))?.data, odd);
      }),
    );

    it(
      'rejects ids that are not hex instead of touching its medium',
      withStore(async ({ store }) => {
        for (const bad of [
          '../../etc/passwd',
          '',
          'zz',
          'a'.repeat(129),
          'ab/cd',
          'ab\u0000cd',
          "a' OR '1'='1",
        ]) {
          await assert.rejects(
            async () => store.set(bad, { data: 'x', atime: Date.now() }),
            TypeError,
            `set(${JSON.stringify(bad)})`,
          );
          let got: unknown;
          try {
            got = await store.get(bad);
          } catch (err) {
            assert.ok(err instanceof TypeError, `get(${JSON.stringify(bad)}) threw ${err}`);
          }
          assert.equal(got, undefined);
        }
      }),
    );

    it(
      'many concurrent writes of one id leave one whole record',
      withStore(async ({ store }) => {
        const values = Array.from({ length: 40 }, (_, i) => `${i}:${'v'.repeat(10_000 + i)}`);
        await Promise.all(values.map((data) => store.set(ID, { data, atime: Date.now() })));
        const record = await store.get(ID);
        assert.ok(record && values.includes(record.data), 'the record is one of the writes, not a mix');
      }),
    );

    it(
      'concurrent writes of different ids all land',
      withStore(async ({ store }) => {
        const ids = Array.from({ length: 50 }, (_, i) => i.toString(16).padStart(40, '0'));
        await Promise.all(ids.map((id) => store.set(id, { data: `data-${id}`, atime: Date.now() })));
        for (const id of ids) assert.equal((await store.get(id))?.data, `data-${id}`);
      }),
    );

    if (options.persistent)
      it(
        'a reopened store (a restart) still has the sessions',
        withStore(async ({ store, reopen }) => {
          assert.ok(reopen, 'a persistent store fixture must say how to reopen it');
          await store.set(ID, { data: 'survives', atime: Date.now() });
          await store.close?.();
          const again = await reopen();
          try {
            assert.equal((await again.get(ID))?.data, 'survives');
          } finally {
            await again.close?.();
          }
        }),
      );

    if (options.atomicUpdate)
      it(
        'update reads and writes in one step, so concurrent updates all count',
        withStore(async ({ store }) => {
          assert.equal(typeof store.update, 'function');
          await store.set(ID, { data: '0', atime: Date.now() });
          await Promise.all(
            Array.from({ length: 20 }, () =>
              store.update?.(ID, (current) => ({
                data: String(Number(current?.data ?? '0') + 1),
                atime: Date.now(),
              })),
            ),
          );
          assert.equal((await store.get(ID))?.data, '20');
        }),
      );
  });
}
