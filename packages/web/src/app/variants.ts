import { requireContext } from '../core/context.js';
import { pyclass } from '../util/pyclass.js';
import { ApplicationImpl, notfoundFor, type Target } from './application.js';

/** A class `page` registers: its static `path` (null: none), else `/` + its name. */
type PageClass = (abstract new (...args: never[]) => object) & { path?: string | null };

/**
 * web.py `web.auto_application()`: urls built from the classes themselves. web.py registers a
 * class when it subclasses `app.page`; JavaScript classes cannot run code when subclassed, so
 * here `app.page` is a function (usable as a decorator): `app.page(class hello { GET() {} })`
 * maps `/hello`; a static `path` field gives another pattern, `path = null` none.
 */
export class AutoApplicationImpl extends ApplicationImpl {
  constructor() {
    super([], {});
  }

  /** Register `cls` at `cls.path`, or `/` + its name (web.py's metaclass does the same). */
  readonly page = <C extends PageClass>(cls: C, context?: { addInitializer?(f: () => void): void }): C => {
    if (typeof cls !== 'function')
      throw new TypeError('app.page expects a handler class: app.page(class hello { GET() { … } })');
    const register = () => {
      const path = Object.hasOwn(cls, 'path') ? cls.path : `/${cls.name}`;
      if (path !== null && path !== undefined) this.add_mapping(path, cls as unknown as Target);
    };
    // As a standard decorator, wait until the class (and its static `path`) is fully defined.
    if (context?.addInitializer) context.addInitializer(register);
    else register();
    return cls;
  };
}

/** web.py `web.subdomain_application(mapping)`: pick the target by the Host (port removed). */
export class SubdomainApplicationImpl extends ApplicationImpl {
  readonly #hosts: { regexp: RegExp; pattern: string; target: Target }[] = [];

  /** `mapping` is web.py's flat list: host pattern, target, host pattern, target, … */
  constructor(
    mapping: readonly (string | Function | ApplicationImpl)[] = [],
    fvars: Record<string, unknown> = {},
  ) {
    super([], fvars);
    if (mapping.length % 2 !== 0)
      throw new TypeError(
        `web.subdomain_application: the mapping has an odd number of entries (${mapping.length})`,
      );
    for (let i = 0; i < mapping.length; i += 2) {
      const pattern = mapping[i];
      if (typeof pattern !== 'string')
        throw new TypeError(`web.subdomain_application: mapping[${i}] should be a host pattern string`);
      // Anchored at both ends, as web.py anchors it; the pattern is the developer's, not the client's.
      this.#hosts.push({
        regexp: new RegExp(`^(?:${pattern})$`, 'i'),
        pattern,
        target: mapping[i + 1] as Target,
      });
    }
  }

  override handle(): unknown {
    const ctx = requireContext('app.handle()');
    const host = ctx.host.replace(/:\d*$/, '');
    for (const { regexp, pattern, target } of this.#hosts) {
      const match = regexp.exec(host);
      if (match !== null) return this._delegate(ctx, target, match.slice(1), pattern);
    }
    throw notfoundFor(ctx);
  }
}

/** `web.auto_application()`, with or without `new`. */
export const auto_application = pyclass(AutoApplicationImpl);
/** `web.subdir_application(urls, mapping)`: web.py's name for an application mounted under a prefix. */
export const subdir_application = pyclass(ApplicationImpl);
/** `web.subdomain_application(mapping, fvars)`, with or without `new`. */
export const subdomain_application = pyclass(SubdomainApplicationImpl);

/**
 * web.py `web.autodelegate(prefix)`: a method that calls `prefix + first segment` of its argument
 * (`/prefs/password` → `GET_password()`, `/prefs/password/change` → `GET_password('/change')`),
 * or answers 404 when the class has no such method.
 */
export function autodelegate(prefix = ''): (this: object, arg?: string) => unknown {
  return function delegated(this: object, arg = '') {
    const slash = arg.indexOf('/');
    const name = prefix + (slash === -1 ? arg : arg.slice(0, slash));
    const args = slash === -1 ? [] : [`/${arg.slice(slash + 1)}`];
    const method = (this as Record<string, unknown>)[name];
    // Only the class's own methods: never `constructor` or anything from Object.prototype. And, as web.py's
    // TypeError becomes a 404, not a method that declares no parameter for the rest of the path (JavaScript
    // would drop the argument).
    if (
      typeof method !== 'function' ||
      name === 'constructor' ||
      name in Object.prototype ||
      (args.length > 0 && !declaresParameters(method))
    )
      throw notfoundFor(requireContext('web.autodelegate'));
    return (method as (...a: string[]) => unknown).apply(this, args);
  };
}

/** Whether a function declares any parameter (`f()` does not; `f(a)`, `f(a = '')`, `f(...a)`, `a => a` do). */
function declaresParameters(fn: Function): boolean {
  if (fn.length > 0) return true;
  const source = Function.prototype.toString.call(fn);
  const open = source.indexOf('(');
  const arrow = source.indexOf('=>');
  if (open === -1 || (arrow !== -1 && arrow < open)) return true; // `a => …`: one parameter, no parentheses
  return !/^\(\s*\)/.test(source.slice(open));
}
