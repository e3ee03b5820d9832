import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { database } from '../../src/db/index.js';
import { DBStore } from '../../src/session/db-store.js';
import { DiskStore } from '../../src/session/disk-store.js';
import { MemoryStore } from '../../src/session/memory-store.js';
import { ShelfStore } from '../../src/session/shelf-store.js';
import { serverMissing } from '../helpers/servers.js';
import { redisStoreMaker } from './fixtures/redis.js';
import { removeDir, type StoreMaker, tempDir } from './helpers.js';

const pgMissing = await serverMissing('postgres');
const mysqlMissing = await serverMissing('mysql');

/** DBStore on a server database, in a table of its own that is dropped afterwards. */
function serverStore(
  name: string,
  params: Parameters<typeof database>[0],
  skip: string | undefined,
): StoreMaker {
  return {
    name,
    persistent: true,
    skip,
    make: async () => {
      const table = `sessions_${randomBytes(6).toString('hex')}`;
      const db = database(params);
      const extra: ReturnType<typeof database>[] = [];
      return {
        store: DBStore(db, table),
        reopen: () => {
          const again = database(params);
          extra.push(again);
          return DBStore(again, table);
        },
        dispose: async () => {
          await db.query(`DROP TABLE IF EXISTS ${table}`);
          await Promise.all([db, ...extra].map((d) => d.close().catch(() => {})));
        },
      };
    },
  };
}

/** Every session store, for the suites that run against each (add a store here and it is covered). */
export const STORES: StoreMaker[] = [
  { name: 'MemoryStore', make: async () => ({ store: MemoryStore(), dispose: () => {} }) },
  {
    name: 'DiskStore',
    persistent: true,
    make: async () => {
      const dir = tempDir('webts-sess-');
      return {
        store: DiskStore(join(dir, 'sessions')),
        reopen: () => DiskStore(join(dir, 'sessions')),
        dispose: () => removeDir(dir),
      };
    },
  },
  {
    name: 'DBStore on SQLite',
    persistent: true,
    make: async () => {
      const dir = tempDir('webts-dbstore-');
      const file = join(dir, 'sessions.db');
      const db = database({ dbn: 'sqlite', db: file });
      return {
        store: DBStore(db, 'sessions'),
        reopen: () => DBStore(database({ dbn: 'sqlite', db: file }), 'sessions'),
        dispose: async () => {
          await db.close().catch(() => {});
          removeDir(dir);
        },
      };
    },
  },
  {
    name: 'ShelfStore',
    persistent: true,
    make: async () => {
      const dir = tempDir('webts-shelf-');
      const store = ShelfStore(join(dir, 'shelf.db'));
      return {
        store,
        reopen: () => ShelfStore(join(dir, 'shelf.db')),
        dispose: async () => {
          await store.close().catch(() => {});
          removeDir(dir);
        },
      };
    },
  },
  serverStore(
    'DBStore on PostgreSQL',
    { dbn: 'postgres', db: 'test', user: 'postgres', host: '127.0.0.1' },
    pgMissing,
  ),
  serverStore(
    'DBStore on MySQL',
    { dbn: 'mysql', db: 'test', user: 'root', pw: '', host: '127.0.0.1' },
    mysqlMissing,
  ),
  await redisStoreMaker(),
];
