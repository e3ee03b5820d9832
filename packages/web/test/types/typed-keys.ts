// Type-level checks, compiled by `tsc -p packages/web/test` (never run): web.config and web.ctx take
// only declared keys, so a typo is a compile error; an app declares its own keys once.
import web from '../../src/index.js';

declare module '../../src/index.js' {
  interface Config {
    typed_keys_setting: string;
  }
  interface Context {
    typedKeysUser: string | undefined;
  }
}

export function typedKeys(): void {
  web.config.debug = true;
  // @ts-expect-error a typo of `debug` is not a setting
  web.config.debgu = true;
  // @ts-expect-error a key nobody declared
  web.ctx.foo = 1;
  // @ts-expect-error reading an undeclared key is refused too
  void web.ctx.foo;

  // Declared above, as an app does: both compile.
  web.config.typed_keys_setting = 'x';
  web.ctx.typedKeysUser = 'ann';
  const user: string | undefined = web.ctx.typedKeysUser;
  void user;
  // @ts-expect-error the declared type holds
  web.ctx.typedKeysUser = 5;
  // web.py's own fields stay typed as before.
  const path: string = web.ctx.path;
  void path;
}
