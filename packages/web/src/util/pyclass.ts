/**
 * Python classes are called like functions (`web.application(urls, globals())`), JavaScript
 * classes need `new`. `pyclass(C)` returns the same class, callable both ways, so a port of a
 * web.py line keeps working whether or not the user writes `new`.
 */
export type PyClass<C extends abstract new (...args: never[]) => unknown> = C &
  ((...args: ConstructorParameters<C>) => InstanceType<C>);

export function pyclass<C extends new (...args: never[]) => unknown>(cls: C): PyClass<C> {
  return new Proxy(cls, {
    apply(target, _this, args) {
      return Reflect.construct(target, args);
    },
  }) as PyClass<C>;
}
