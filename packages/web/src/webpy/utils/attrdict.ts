/**
 * A dictionary with attribute access whose methods cannot be shadowed by a key: `c.add('add')` twice
 * still works (web.py's Storage subclasses behave the same, since Python looks methods up first).
 * The keys live in a store the owner chooses (one object, or one per request for ThreadedDict).
 */

/** Wrap `self` (an instance whose methods read `store()`) in a Proxy exposing the store's keys. */
export function attrDict<T extends object>(self: T, store: () => Record<string, unknown>): T {
  return new Proxy(self, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target) {
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return store()[key];
    },
    set(_target, key, value) {
      if (typeof key === 'symbol') return false;
      store()[key] = value;
      return true;
    },
    deleteProperty(_target, key) {
      if (typeof key === 'symbol') return false;
      return delete store()[key];
    },
    has(_target, key) {
      return typeof key === 'string' && Object.hasOwn(store(), key);
    },
    ownKeys() {
      return Object.keys(store());
    },
    getOwnPropertyDescriptor(_target, key) {
      const data = store();
      if (typeof key !== 'string' || !Object.hasOwn(data, key)) return undefined;
      return { value: data[key], writable: true, enumerable: true, configurable: true };
    },
    defineProperty(_target, key, descriptor) {
      if (typeof key === 'symbol' || !('value' in descriptor)) return false;
      store()[key] = descriptor.value;
      return true;
    },
  });
}

/** A new object with no prototype, so keys such as `__proto__` or `toString` are plain keys. */
export function emptyDict(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}
