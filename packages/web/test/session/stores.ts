import { join } from 'node:path';
import { DiskStore } from '../../src/session/disk-store.js';
import { MemoryStore } from '../../src/session/memory-store.js';
import { removeDir, type StoreMaker, tempDir } from './helpers.js';

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
];
