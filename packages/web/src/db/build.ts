/**
 * Statement builders behind `db.select/insert/update/delete` (web.py `DB.select` & co). They only make
 * SQLQuery objects; nothing here talks to a driver, so `_test: true` and the real call build the same text.
 */
import { type ClauseKind, checkClause } from './clauses.js';
import { checkIdentifier, reparam, type Vars } from './reparam.js';
import {
  isSQLLiteral,
  isSQLQuery,
  type SQLItem,
  type SQLLiteral,
  SQLParam,
  SQLQuery,
  sqlquote,
} from './sqlquery.js';

/** A WHERE condition: SQL text with `$vars`, `{column: value}` (AND-ed), an id number, or a built SQLQuery. */
export type Where = string | number | bigint | SQLQuery | Readonly<Record<string, unknown>>;

function isPlainObject(v: unknown): v is Readonly<Record<string, unknown>> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** `a, b` from one table name or a list of them, each checked. */
export function tableList(tables: string | readonly string[], what = 'table name'): string {
  const list = typeof tables === 'string' ? tables.split(',').map((t) => t.trim()) : tables;
  if (list.length === 0) throw new Error('no table given');
  return list.map((t) => checkIdentifier(t, what)).join(', ');
}

/** One value for a column: a parameter, or SQLLiteral text inlined. */
function valueItem(value: unknown, label: string): SQLItem | SQLQuery {
  if (isSQLLiteral(value)) return value.text;
  if (isSQLQuery(value)) return value;
  if (Array.isArray(value)) throw new TypeError(`${label} is an array; a column takes one value`);
  return new SQLParam(value, label);
}

/** `a = $1 AND b IS NULL AND c IN ($2, $3)` from an object, keys sorted (web.py `sqlwhere`). */
export function whereFromObject(obj: Readonly<Record<string, unknown>>, joiner = ' AND '): SQLQuery {
  const parts: SQLQuery[] = [];
  for (const key of Object.keys(obj).sort()) {
    const col = checkIdentifier(key, 'column name');
    const value = obj[key];
    if (value === null) parts.push(new SQLQuery(`${col} IS NULL`));
    else if (Array.isArray(value))
      parts.push(new SQLQuery(`${col} IN `).concat(sqlquote(value, `where.${key}`)));
    else parts.push(SQLQuery.join([`${col} = `, valueItem(value, `where.${key}`)], ''));
  }
  return SQLQuery.join(parts, joiner);
}

/** The condition after WHERE, or undefined for "no WHERE clause". */
export function whereClause(where: Where | undefined | null, vars: Vars | undefined): SQLQuery | undefined {
  if (where === undefined || where === null || where === '') return undefined;
  if (typeof where === 'number' || typeof where === 'bigint') {
    return SQLQuery.join(['id = ', new SQLParam(where, 'where')], '');
  }
  if (typeof where === 'string') return reparam(where, vars);
  if (isSQLQuery(where)) return where;
  if (isPlainObject(where)) return Object.keys(where).length ? whereFromObject(where) : undefined;
  throw new TypeError('where must be a SQL string, an object of column values, an id number or a SQLQuery');
}

/** LIMIT/OFFSET value: a non-negative integer (numeric strings from a form are accepted), always bound. */
function count(v: unknown, name: string): SQLItem | SQLQuery {
  if (isSQLLiteral(v)) return v.text;
  if (isSQLQuery(v)) return v;
  return new SQLParam(integer(v, name), name);
}

function integer(v: unknown, name: string): number | bigint {
  const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  if (typeof n === 'bigint' && n >= 0n) return n;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n;
  throw new TypeError(`${name} must be a non-negative integer, got ${JSON.stringify(String(v))}`);
}

/**
 * A `what`/`order`/`group` option: a string checked against a small grammar (column names, commas,
 * ASC/DESC, ... — see clauses.ts), an SQLLiteral pasted as it is, or an SQLQuery used as it is.
 */
export type Clause = string | SQLLiteral | SQLQuery;

/** Options of `db.select` (web.py `select(tables, vars, what, where, order, group, limit, offset)`). */
export interface SelectOptions {
  what?: Clause;
  where?: Where;
  vars?: Vars;
  order?: Clause;
  group?: Clause;
  limit?: number | bigint | string | SQLLiteral | SQLQuery;
  offset?: number | bigint | string | SQLLiteral | SQLQuery;
  _test?: boolean;
}

/** One `what`/`order`/`group` value as a query fragment; a plain string must pass {@link checkClause}. */
function clause(kind: ClauseKind, value: Clause, vars: Vars | undefined): SQLQuery | string {
  if (isSQLLiteral(value)) return value.text;
  if (isSQLQuery(value)) return value;
  return reparam(checkClause(kind, value), vars ?? {});
}

/** `SELECT what FROM tables [WHERE] [GROUP BY] [ORDER BY] [LIMIT] [OFFSET]`. */
export function buildSelect(tables: string | readonly string[], o: SelectOptions = {}): SQLQuery {
  const vars = o.vars;
  // Every clause is checked before any is built, so nothing half-made can be sent.
  const what = clause('what', o.what ?? '*', vars);
  const from = tableList(tables);
  const where = whereClause(o.where, vars);
  const group = o.group ? clause('group', o.group, vars) : undefined;
  const order = o.order ? clause('order', o.order, vars) : undefined;
  const limit = o.limit !== undefined && o.limit !== null ? count(o.limit, 'limit') : undefined;
  const offset = o.offset !== undefined && o.offset !== null ? count(o.offset, 'offset') : undefined;
  const parts: (SQLQuery | string)[] = [SQLQuery.join(['SELECT ', what, ' FROM ', from], '')];
  if (where) parts.push(SQLQuery.join(['WHERE ', where], ''));
  if (group !== undefined) parts.push(SQLQuery.join(['GROUP BY ', group], ''));
  if (order !== undefined) parts.push(SQLQuery.join(['ORDER BY ', order], ''));
  if (limit !== undefined) parts.push(SQLQuery.join(['LIMIT ', limit], ''));
  if (offset !== undefined) parts.push(SQLQuery.join(['OFFSET ', offset], ''));
  return SQLQuery.join(parts, ' ');
}

/** Column names of one row to insert, sorted like web.py, and the row's values in that order. */
export function insertColumns(row: Readonly<Record<string, unknown>>): string[] {
  if (!isPlainObject(row)) throw new TypeError('a row to insert must be a plain object of column values');
  return Object.keys(row)
    .sort()
    .map((k) => checkIdentifier(k, 'column name'));
}

/** `(v1, v2)` for one row. */
export function valuesTuple(row: Readonly<Record<string, unknown>>, cols: readonly string[]): SQLQuery {
  const items = cols.map((c) => valueItem(row[c], `value for column ${c}`));
  return SQLQuery.join(['(', SQLQuery.join(items, ', '), ')'], '');
}

/** `INSERT INTO t (a, b) VALUES (...), (...)`; `emptyInsert` is the dialect's "all defaults" tail. */
export function buildInsert(
  table: string,
  rows: readonly Readonly<Record<string, unknown>>[],
  emptyInsert: string,
): SQLQuery {
  const name = checkIdentifier(table, 'table name');
  const first = rows[0];
  if (!first) throw new Error('nothing to insert');
  const cols = insertColumns(first);
  if (cols.length === 0) return new SQLQuery(`INSERT INTO ${name} ${emptyInsert}`);
  const key = cols.join(',');
  rows.forEach((r, i) => {
    if (insertColumns(r).join(',') !== key) {
      throw new Error(
        `multiple_insert: row ${i} has columns ${insertColumns(r).join(', ')}; every row needs ${cols.join(', ')}`,
      );
    }
  });
  return SQLQuery.join(
    [
      `INSERT INTO ${name} (${cols.join(', ')}) VALUES `,
      SQLQuery.join(
        rows.map((r) => valuesTuple(r, cols)),
        ', ',
      ),
    ],
    '',
  );
}

/** `UPDATE tables SET a = $1, b = $2 [WHERE ...]` (keys sorted). */
export function buildUpdate(
  tables: string | readonly string[],
  values: Readonly<Record<string, unknown>>,
  where: Where,
  vars: Vars | undefined,
): SQLQuery {
  const keys = Object.keys(values);
  if (keys.length === 0) throw new Error('db.update needs at least one column to set');
  const sets = keys
    .sort()
    .map((k) =>
      SQLQuery.join(
        [`${checkIdentifier(k, 'column name')} = `, valueItem(values[k], `value for column ${k}`)],
        '',
      ),
    );
  const parts: SQLQuery[] = [
    SQLQuery.join([`UPDATE ${tableList(tables)} SET `, SQLQuery.join(sets, ', ')], ''),
  ];
  const w = whereClause(where, vars);
  if (w) parts.push(SQLQuery.join(['WHERE ', w], ''));
  return SQLQuery.join(parts, ' ');
}

/** `DELETE FROM table [USING ...] [WHERE ...]`. */
export function buildDelete(
  table: string,
  where: Where,
  vars: Vars | undefined,
  using?: string | readonly string[],
): SQLQuery {
  const parts: (SQLQuery | string)[] = [`DELETE FROM ${checkIdentifier(table, 'table name')}`];
  if (using !== undefined) parts.push(`USING ${tableList(using)}`);
  const w = whereClause(where, vars);
  if (w) parts.push(SQLQuery.join(['WHERE ', w], ''));
  return SQLQuery.join(parts, ' ');
}
