import type { ConnectionParams, Dbn } from './dialect.js';
import { UnknownDB } from './errors.js';

/** What `web.database({...})` accepts (web.py `web.database(dbn=..., db=..., user=..., pw=..., host=..., port=...)`). */
export interface DatabaseParams {
  /** `'sqlite'`, `'postgres'` (or `'postgresql'`) or `'mysql'` (or `'mariadb'`). */
  dbn: string;
  /** Database name; for SQLite the file path or `':memory:'`. */
  db?: string;
  user?: string | null;
  /** Password (web.py's key; `password` is accepted too). */
  pw?: string | null;
  password?: string | null;
  host?: string | null;
  port?: number | string | null;
  /** Largest number of pooled connections for PostgreSQL / MySQL (default 10). */
  poolSize?: number;
  /** TLS for PostgreSQL / MySQL: `true` (verified) or `'no-verify'`. */
  ssl?: boolean | 'no-verify';
  /**
   * SQLite: hold the file's lock for as long as the database is open (`PRAGMA locking_mode=EXCLUSIVE`).
   * Statements get much faster (no lock taken and dropped around each one), but no other process can use
   * the file meanwhile. For a database one app process owns.
   */
  exclusive?: boolean;
}

const ALIASES: Readonly<Record<string, Dbn>> = {
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  postgres: 'postgres',
  postgresql: 'postgres',
  pgsql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
};

function dbnOf(name: string): Dbn {
  const dbn = ALIASES[name.toLowerCase()];
  if (!dbn) {
    throw new UnknownDB(
      `web.database: unsupported dbn ${JSON.stringify(name)}; use 'sqlite', 'postgres' or 'mysql'` +
        ' (firebird, mssql and oracle from web.py are not ported)',
    );
  }
  return dbn;
}

function portOf(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new Error(`web.database: invalid port ${JSON.stringify(v)}`);
  return n;
}

function sslOf(v: string): boolean | 'no-verify' {
  switch (v) {
    case 'disable':
    case 'false':
    case '0':
      return false;
    case 'no-verify':
    case 'require':
    case 'prefer':
      return 'no-verify';
    case 'verify-ca':
    case 'verify-full':
    case 'true':
    case '1':
      return true;
  }
  throw new Error(`web.database: unsupported sslmode/ssl value ${JSON.stringify(v)}`);
}

/**
 * Parses `scheme://user:pw@host:port/db` (web.py `dburl2dict`). SQLite URLs name a file:
 * `sqlite:///rel/path.db` (relative), `sqlite:////abs/path.db`, `sqlite:file.db`, `sqlite:///:memory:`.
 */
export function parseDatabaseUrl(url: string, as?: Dbn): { dbn: Dbn } & ConnectionParams {
  const scheme = urlScheme(url);
  if (!scheme) throw new Error('web.database: a database URL looks like postgres://user:pw@host:5432/dbname');
  const dbn = as ?? dbnOf(scheme);
  if (dbn === 'sqlite') {
    const rest = url.slice(scheme.length + 1);
    const path = rest.startsWith('//') ? rest.slice(3) : rest;
    if (!path) throw new Error('web.database: a sqlite URL needs a file name, e.g. sqlite:///todo.db');
    return { dbn, db: decodeURIComponent(path) };
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('web.database: malformed database URL (expected scheme://user:pw@host:port/dbname)');
  }
  const out: { dbn: Dbn } & ConnectionParams = {
    dbn,
    db: decodeURIComponent(u.pathname.replace(/^\//, '')),
    user: u.username ? decodeURIComponent(u.username) : undefined,
    pw: u.password ? decodeURIComponent(u.password) : undefined,
    host: u.hostname ? u.hostname.replace(/^\[|\]$/g, '') : undefined,
    port: portOf(u.port),
  };
  for (const [key, value] of u.searchParams) {
    if (key === 'sslmode' || key === 'ssl') out.ssl = sslOf(value);
    else throw new Error(`web.database: unsupported URL option ${JSON.stringify(key)} (only sslmode/ssl)`);
  }
  return out;
}

/** The scheme of a database URL (`postgres` in `postgres://...`), or undefined. */
export function urlScheme(url: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1];
}

/** The engine name `web.database(arg)` asks for, lower-cased, before aliases are resolved. */
export function requestedDbn(arg?: DatabaseParams | string): string | undefined {
  const url = arg === undefined ? process.env.DATABASE_URL : arg;
  if (typeof url === 'string') return urlScheme(url)?.toLowerCase();
  return typeof url?.dbn === 'string' ? url.dbn.toLowerCase() : undefined;
}

/**
 * Normalises `web.database(...)` arguments; no argument reads `DATABASE_URL` from the environment.
 * `as` is the SQL family of an engine added with `register_database` (its own name is not built in).
 */
export function resolveParams(arg?: DatabaseParams | string, as?: Dbn): { dbn: Dbn } & ConnectionParams {
  if (arg === undefined) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('web.database: pass {dbn, db, ...} or a URL, or set DATABASE_URL');
    return parseDatabaseUrl(url, as);
  }
  if (typeof arg === 'string') return parseDatabaseUrl(arg, as);
  if (typeof arg !== 'object' || arg === null || typeof arg.dbn !== 'string') {
    throw new TypeError(
      "web.database: expected {dbn: 'sqlite' | 'postgres' | 'mysql', db, ...} or a URL string",
    );
  }
  const dbn = as ?? dbnOf(arg.dbn);
  if (typeof arg.db !== 'string' || arg.db === '') {
    throw new Error(`web.database: missing db (the ${dbn === 'sqlite' ? 'file name' : 'database name'})`);
  }
  const poolSize = arg.poolSize;
  if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 1)) {
    throw new Error('web.database: poolSize must be a positive integer');
  }
  return {
    dbn,
    db: arg.db,
    user: arg.user ?? undefined,
    pw: arg.pw ?? arg.password ?? undefined,
    host: arg.host ?? undefined,
    port: portOf(arg.port),
    poolSize,
    ssl: arg.ssl,
    exclusive: arg.exclusive === true,
  };
}

/** What {@link dburl2dict} gives: web.py's keys, `null` where the URL has no such part (Python's None). */
export interface DatabaseUrlParts {
  dbn: string;
  db: string;
  user?: string | null;
  pw?: string | null;
  host?: string | null;
  port?: number | null;
  ssl?: boolean | 'no-verify';
}

/**
 * web.py `web.db.dburl2dict(url)`: a database URL as `{dbn, user, pw, db, host, port}` (SQLite URLs give
 * `{dbn, db}`), which `web.database(...)` accepts back. `dbn` is the URL's scheme as written.
 */
export function dburl2dict(url: string): DatabaseUrlParts {
  const parsed = parseDatabaseUrl(url);
  const dbn = (urlScheme(url) as string).toLowerCase();
  if (parsed.dbn === 'sqlite') return { dbn, db: parsed.db };
  const out: DatabaseUrlParts = {
    dbn,
    user: parsed.user ?? null,
    pw: parsed.pw ?? null,
    db: parsed.db,
    host: parsed.host ?? null,
    port: parsed.port ?? null,
  };
  if (parsed.ssl !== undefined) out.ssl = parsed.ssl;
  return out;
}
