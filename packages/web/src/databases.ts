/**
 * `web.database`: the database layer in db/, with web.py's debug habit restored: while
 * `web.config.debug` (or `web.config.debug_sql`) is on, every statement is printed to stderr.
 */
import * as db from './db/index.js';
import { config } from './storage.js';

/** web.py `web.database(dbn=..., db=...)`, with or without `new`; no driver loads until the first statement. */
export function database(params?: db.DatabaseParams | string): db.DB {
  const opened = db.database(params);
  opened.printing = Boolean(config.get('debug_sql', config.debug));
  return opened;
}

export type { DB, Row } from './db/index.js';
export { DatabaseUnavailableError, reparam, SQLLiteral, SQLQuery, sqlliteral, sqlquote } from './db/index.js';
