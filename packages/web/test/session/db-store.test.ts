import { storeSuite } from './store-suite.js';
import { STORES } from './stores.js';

// The Store contract on every SQL-backed store (DBStore on each database, ShelfStore).
for (const maker of STORES.filter((m) => m.name.startsWith('DBStore') || m.name === 'ShelfStore')) {
  storeSuite(maker.name, maker.make, { skip: maker.skip, persistent: maker.persistent, atomicUpdate: true });
}
