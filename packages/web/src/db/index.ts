/**
 * `web.database`: web.py's database layer for SQLite (node-sqlite3-wasm), PostgreSQL (pg) and MySQL/MariaDB
 * (mysql2). Standalone: nothing here imports the web core, and no driver loads until a database is used.
 */

/** What `db.withConnection` lends on SQLite: node-sqlite3-wasm's `Database` (a type only; loads nothing). */
export type { Database as SqliteConnection } from 'node-sqlite3-wasm';
export {
  buildSelect,
  type Clause,
  type SelectOptions,
  type Where,
} from './build.js';
export { type ClauseKind, checkClause, UnsafeClauseError } from './clauses.js';
export {
  DB,
  type DBClass,
  type DeleteOptions,
  database,
  type InsertValues,
  type MultipleInsertOptions,
  type QueryOptions,
  register_database,
  type UpdateValues,
  type WhereKeywords,
} from './database.js';
export type {
  ConnectionParams,
  Dbn,
  Dialect,
  Driver,
  ExecResult,
  Id,
  OwnConnection,
  Row,
  TxConnection,
} from './dialect.js';
export { DatabaseUnavailableError, TransactionError, UnknownDB, UnknownParamstyle } from './errors.js';
export { sqlify, sqllist, sqlors, sqlwhere } from './helpers.js';
export { type DatabaseParams, type DatabaseUrlParts, dburl2dict, parseDatabaseUrl } from './params.js';
export { checkIdentifier, reparam, type Vars } from './reparam.js';
export {
  type JoinOptions,
  type ParamStyle,
  SQLLiteral,
  SQLParam,
  type SQLPart,
  SQLQuery,
  sqlliteral,
  sqlparam,
  sqlquote,
} from './sqlquery.js';
export { Transaction } from './transaction.js';
