// model.py of web.py's to-do example: every database call the app makes, in one place.
import web from 'webts';

/** A row of the todo table. */
export interface Todo {
  id: number;
  title: string;
}

// webts: DATABASE_URL (postgres://…, mysql://…) picks another database; the SQLite file otherwise.
export const db = process.env.DATABASE_URL
  ? web.database(process.env.DATABASE_URL)
  : web.database({ dbn: 'sqlite', db: 'todo.db' });

// webts: the table name can be changed (TODO_TABLE), so that several copies can share one database.
const table = process.env.TODO_TABLE ?? 'todo';
if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table))
  throw new Error(`TODO_TABLE must be a plain SQL name, not ${table}`);

// web.py ships this as schema.sql (MySQL only). Each engine spells an auto-numbered key its own way;
// 64-bit keys so that any id a URL can carry (up to 2^53) is a valid key everywhere, and MEDIUMTEXT
// on MySQL because its TEXT stops at 64 KB.
const SCHEMA = {
  sqlite: `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY, title TEXT)`,
  postgres: `CREATE TABLE IF NOT EXISTS ${table} (id BIGSERIAL PRIMARY KEY, title TEXT)`,
  mysql: `CREATE TABLE IF NOT EXISTS ${table} (id BIGINT AUTO_INCREMENT PRIMARY KEY, title MEDIUMTEXT)`,
} as const;

/** Creates the table when it is missing (web.py: `sqlite3 todo.db < schema.sql` by hand). */
export async function create_schema(): Promise<void> {
  await db.query(SCHEMA[db.dbn]);
}

export function get_todos(): Promise<Todo[]> {
  return db.select<Todo>(table, { order: 'id' });
}

export function new_todo(text: string): Promise<unknown> {
  return db.insert(table, { title: text });
}

export function del_todo(id: number): Promise<number> {
  return db.delete(table, { where: 'id=$id', vars: { id } });
}
