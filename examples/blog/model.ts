// model.py of web.py's blog example: every database call the app makes, in one place.
import web from 'webts';

/**
 * A row of the entries table. `posted_on` is a Date on PostgreSQL/MySQL, UTC text on SQLite. A type
 * alias, not an interface, so that `form.fill(post)` accepts it as a plain record.
 */
export type Post = {
  id: number;
  title: string;
  content: string;
  posted_on: Date | string;
};

// webts: DATABASE_URL (postgres://…, mysql://…) picks another database; the SQLite file otherwise.
export const db = process.env.DATABASE_URL
  ? web.database(process.env.DATABASE_URL)
  : web.database({ dbn: 'sqlite', db: 'blog.db' });

// webts: the table name can be changed (BLOG_TABLE), so that several copies can share one database.
const table = process.env.BLOG_TABLE ?? 'entries';
if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table))
  throw new Error(`BLOG_TABLE must be a plain SQL name, not ${table}`);

// web.py ships this as schema.sql (MySQL only). 64-bit keys so that any id a URL can carry (up to
// 2^53) is a valid key everywhere; MEDIUMTEXT on MySQL because its TEXT stops at 64 KB.
const SCHEMA = {
  sqlite: `CREATE TABLE IF NOT EXISTS ${table} (
    id INTEGER PRIMARY KEY, title TEXT, content TEXT, posted_on DATETIME)`,
  postgres: `CREATE TABLE IF NOT EXISTS ${table} (
    id BIGSERIAL PRIMARY KEY, title TEXT, content TEXT, posted_on TIMESTAMP)`,
  mysql: `CREATE TABLE IF NOT EXISTS ${table} (
    id BIGINT AUTO_INCREMENT PRIMARY KEY, title MEDIUMTEXT, content MEDIUMTEXT, posted_on DATETIME)`,
} as const;

/** Creates the table when it is missing (web.py: `mysql blog < schema.sql` by hand). */
export async function create_schema(): Promise<void> {
  await db.query(SCHEMA[db.dbn]);
}

export function get_posts(): Promise<Post[]> {
  return db.select<Post>(table, { order: 'id DESC' });
}

export async function get_post(id: number): Promise<Post | null> {
  // web.py catches the IndexError of `[0]`; a JavaScript array just gives undefined.
  const rows = await db.select<Post>(table, { where: 'id=$id', vars: { id } });
  return rows[0] ?? null;
}

export function new_post(title: string, text: string): Promise<unknown> {
  return db.insert(table, { title, content: text, posted_on: new Date() });
}

export function del_post(id: number): Promise<number> {
  return db.delete(table, { where: 'id=$id', vars: { id } });
}

export function update_post(id: number, title: string, text: string): Promise<number> {
  return db.update(table, { where: 'id=$id', vars: { id }, title, content: text });
}
