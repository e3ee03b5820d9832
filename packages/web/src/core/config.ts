/** `web.config`: the process-wide settings (not request state). */
/**
 * The settings behind `web.config`, with `get(key, default)` like a Python dict. Only declared keys
 * type-check, so a typo (`web.config.debgu`) is a compile error; a module (or an app) declares its own:
 * `declare module 'webts' { interface Config { mykey: string } }`.
 */
export interface Config {
  /** Show the debug error page (stack and request) on 500s and recompile changed templates. Default false. */
  debug: boolean;
  /** Largest request body read, in bytes; a larger one is answered 413. Default 10 MiB. */
  max_body_size: number;
  /**
   * Bytes of request bodies held in memory at once, by all requests together. A body that does not
   * fit now is answered `503` with `Retry-After` before it is read; one larger than this is 413.
   * Default 64 MiB.
   */
  max_body_memory: number;
  /** Milliseconds a client may take to send its whole body; after that 408. Default 30 s. */
  body_timeout: number;
  /** Longest request path + query, in characters; a longer one is answered 414. Default 8192. */
  max_url_length: number;
  /**
   * Cache-Control of files served from ./static/. Default `'public, max-age=0'` (cache, but ask again
   * each time: a 304 while the file is unchanged); `false` sends none (web.py). For file names that
   * change with their content: `'public, max-age=31536000, immutable'`.
   */
  static_cache_control: string | false;
  /**
   * Proxies whose X-Forwarded-For/-Proto/-Host are believed: addresses, CIDR ranges, or the names
   * `loopback`, `linklocal`, `uniquelocal` (a list, or one comma-separated string). Unset (the
   * default, web.py): `ctx.ip` is the socket's peer and the Host header is used as sent.
   */
  trust_proxy?: string | readonly string[] | ((address: string, hop: number) => boolean) | false;
  /**
   * Host names this server answers for (Django's ALLOWED_HOSTS): `example.com`, `.example.com` for the
   * domain and its subdomains, `*` for any. A request for another Host is `400`. Unset: any Host.
   */
  allowed_hosts?: readonly string[];
  /**
   * URL schemes a redirect may point to (`web.seeother('https://…')`); any other (`javascript:`, `data:`)
   * throws `UnsafeRedirectError`. Default `['http', 'https']`; add e.g. `'myapp'` for a native app's callback.
   */
  redirect_schemes: readonly string[];
  /** web.py `config.get(key, default)`: the value, or `dflt` when the key is unset. */
  get<T = unknown>(key: string, dflt?: T): T;
}

function makeConfig(): Config {
  const config = {
    debug: false,
    max_body_size: 10 * 1024 * 1024,
    max_body_memory: 64 * 1024 * 1024,
    body_timeout: 30_000,
    max_url_length: 8192,
    static_cache_control: 'public, max-age=0',
    redirect_schemes: ['http', 'https'],
  } as unknown as Config;
  // Not enumerable, so `Object.keys(web.config)` lists only settings, as in web.py.
  Object.defineProperty(config, 'get', {
    enumerable: false,
    value<T>(key: string, dflt?: T): T {
      const value = (config as unknown as Record<string, unknown>)[key];
      return (value === undefined || value === null ? dflt : value) as T;
    },
  });
  return config;
}

/** `web.config`: process-wide settings (not request state). */
export const config: Config = makeConfig();
