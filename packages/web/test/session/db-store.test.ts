import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { database, register_database } from '../../src/db/index.js';
import { postgres } from '../../src/db/postgres.js';
import { DBStore } from '../../src/session/db-store.js';
import { serverMissing } from '../helpers/servers.js';
import { storeSuite } from './store-suite.js';
import { STORES } from './stores.js';

// The Store contract on every SQL-backed store (DBStore on each database, ShelfStore).
for (const maker of STORES.filter((m) => m.name.startsWith('DBStore') || m.name === 'ShelfStore')) {
  storeSuite(maker.name, maker.make, { skip: maker.skip, persistent: maker.persistent, atomicUpdate: true });
}

describe('DBStore on a registered database without a lock connection of its own', {
  skip: await serverMissing('postgres'),
}, () => {
  it('a shared store says what is missing; { shared: false } works', async () => {
    // PostgreSQL's dialect, with a driver that cannot open a connection outside its pool.
    register_database('pg_without_own', {
      ...postgres,
      connect: (params) => {
        const driver = postgres.connect(params);
        return {
          run: (sql, values) => driver.run(sql, values),
          begin: () => driver.begin(),
          withConnection: (fn) => driver.withConnection(fn),
          close: () => driver.close(),
        };
      },
    });
    const db = database({ dbn: 'pg_without_own', db: 'test', user: 'postgres', host: '127.0.0.1' });
    const table = `no_own_${process.pid}`;
    try {
      const shared = DBStore(db, table);
      await assert.rejects(
        shared.lock?.('ab12', { lease: 1000, wait: 100 }) ?? Promise.resolve(),
        /cannot open a connection of its own for session locks; give the store \{ shared: false \}/,
      );
      const private_ = DBStore(db, table, { shared: false });
      assert.equal(private_.lock, undefined);
      await private_.set('ab12', { data: 'x', atime: Date.now() });
      assert.equal((await private_.get('ab12'))?.data, 'x');
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    }
  });
});
