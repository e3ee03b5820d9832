/**
 * `web.database` and the `web.db` namespace: the database layer in db/, with web.py's debug habit
 * restored: while `web.config.debug` (or `web.config.debug_sql`) is on, every statement is printed to
 * stderr. `import { db } from 'webts'` (or `web.db`) holds everything web.py's `web.db` module has.
 */

import { config } from '../core/config.js';
import * as db from './index.js';

declare module '../core/config.js' {
  interface Config {
    /** web.py: print every SQL statement (default: `web.config.debug`). */
    debug_sql?: boolean;
  }
}

function withPrinting(opened: db.DB): db.DB {
  opened.printing = Boolean(config.get('debug_sql', config.debug));
  return opened;
}

/**
 * web.py `web.database(dbn=..., db=...)`, with or without `new`; no driver loads until the first
 * statement. A `dbn` added with `web.db.register_database` opens the registered engine.
 */
export const database: typeof db.database = new Proxy(db.database, {
  apply: (target, self, args: Parameters<typeof db.database>) =>
    withPrinting(Reflect.apply(target, self, args)),
  construct: (target, args: Parameters<typeof db.database>) => withPrinting(Reflect.construct(target, args)),
});

export type {
  Clause,
  DatabaseParams,
  DatabaseUrlParts,
  DBClass,
  Dialect,
  JoinOptions,
  ParamStyle,
  Row,
  SelectOptions,
  SQLPart,
  SqliteConnection,
  Vars,
  Where,
} from './index.js';
export {
  DatabaseUnavailableError,
  DB,
  dburl2dict,
  register_database,
  reparam,
  SQLLiteral,
  SQLParam,
  SQLQuery,
  sqlify,
  sqllist,
  sqlliteral,
  sqlors,
  sqlparam,
  sqlquote,
  sqlwhere,
  Transaction,
  TransactionError,
  UnknownDB,
  UnknownParamstyle,
  UnsafeClauseError,
} from './index.js';
