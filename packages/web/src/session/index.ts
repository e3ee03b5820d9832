/** `web.session`: sessions kept in a store, reached through a cookie. */

import { config } from '../core/config.js';
import { pyclass } from '../util/pyclass.js';
import { defaultParameters } from './parameters.js';
import { SessionImpl } from './session.js';
import type { Store as StoreContract } from './store.js';
import { StoreBase } from './store-base.js';

export { DBStore } from './db-store.js';
export { DiskStore } from './disk-store.js';
export { MemoryStore } from './memory-store.js';
export type { SessionParameters } from './parameters.js';
export { defaultParameters } from './parameters.js';
export {
  type RedisClusterCommander,
  type RedisCommander,
  RedisStore,
  type RedisStoreOptions,
} from './redis-store.js';
export { type Initializer, SessionExpired } from './session.js';
export { ShelfStore } from './shelf-store.js';
export type { SessionRecord } from './store.js';
export { isValidId } from './store.js';

/** web.py `web.session.Store`: `class MyStore extends web.session.Store { has(id) { … } … }`. */
export const Store = StoreBase;
/** What a session store implements (see store.ts); a class extending `Store` has it. */
export type Store = StoreContract;

// web.py has `web.config.session_parameters` from import on; change it before creating a Session.
config.session_parameters ??= defaultParameters();

/** `web.session.Session(app, store, initializer)`, with or without `new`. */
export const Session = pyclass(SessionImpl);
export type Session = SessionImpl;
