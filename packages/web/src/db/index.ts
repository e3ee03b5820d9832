/**
 * `web.database`: web.py's database layer for SQLite (node-sqlite3-wasm), PostgreSQL (pg) and MySQL/MariaDB
 * (mysql2). Standalone: nothing here imports the web core, and no driver loads until a database is used.
 */
export { buildSelect, type SelectOptions, type Where } from './build.js';
export {
  type DB,
  type DeleteOptions,
  database,
  type InsertValues,
  type MultipleInsertOptions,
  type QueryOptions,
  type UpdateValues,
  type WhereKeywords,
} from './database.js';
export type { ConnectionParams, Dbn, Dialect, ExecResult, Id, Row } from './dialect.js';
export { DatabaseUnavailableError } from './errors.js';
export { type DatabaseParams, parseDatabaseUrl } from './params.js';
export { checkIdentifier, reparam, type Vars } from './reparam.js';
export { type ParamStyle, SQLLiteral, SQLParam, SQLQuery, sqlliteral, sqlquote } from './sqlquery.js';
export { Transaction } from './transaction.js';
