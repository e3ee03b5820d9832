import { MemoryStore } from '../../src/session/memory-store.js';
import { storeSuite } from './store-suite.js';

storeSuite('MemoryStore', async () => ({ store: MemoryStore(), dispose: () => {} }));
storeSuite('MemoryStore (new)', async () => ({ store: new MemoryStore(), dispose: () => {} }));
