/**
 * `web.storage`: a dictionary with attribute access. In JavaScript every object already has
 * attribute access, so a Storage is a plain object; `storage()` exists so ported code reads the same.
 */
export type Storage<T extends object = Record<string, unknown>> = T;

/** Make a storage object from a plain object (web.py `web.storage(a=1)` → `web.storage({ a: 1 })`). */
export function storage<T extends object>(init?: T): Storage<T> {
  return { ...(init ?? {}) } as T;
}
