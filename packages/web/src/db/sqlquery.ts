import { pyclass } from '../pyclass.js';
import { formatDate } from './values.js';

/** A value that travels to the driver as a bound parameter (web.py `SQLParam`). */
export class SQLParam {
  /** `label` names where the value came from (`vars.id`, `value for column title`) for error messages. */
  constructor(
    readonly value: unknown,
    readonly label?: string,
  ) {}
}

class SQLLiteralImpl {
  /** SQL text pasted verbatim into a statement, e.g. `CURRENT_TIMESTAMP`. Never build one from user input. */
  constructor(readonly text: string) {
    if (typeof text !== 'string') throw new TypeError('SQLLiteral expects a string of SQL');
  }
  toString(): string {
    return this.text;
  }
}

/** Raw SQL inlined unquoted, e.g. `db.insert('t', { created: SQLLiteral('CURRENT_TIMESTAMP') })` (web.py `web.SQLLiteral`). */
export const SQLLiteral = pyclass(SQLLiteralImpl);
/** Instance type of {@link SQLLiteral}. */
export type SQLLiteral = SQLLiteralImpl;
/** Lower-case alias of {@link SQLLiteral} (web.py `web.sqlliteral`). */
export const sqlliteral = (text: string): SQLLiteral => new SQLLiteralImpl(text);

/** How placeholders are written by {@link SQLQuery.query}: `?`, `$1`, `%s` or `:1`. */
export type ParamStyle = 'qmark' | 'dollar' | 'format' | 'numeric';

/** Piece of a statement: SQL text, or a parameter. */
export type SQLItem = string | SQLParam;

/** Turns a string into a quoted SQL literal; dialects differ (MySQL also escapes backslashes). */
export type StringQuoter = (s: string) => string;

/** Standard SQL string literal: quotes doubled, nothing else special (PostgreSQL, SQLite). */
export const standardQuote: StringQuoter = (s) => `'${s.replaceAll("'", "''")}'`;

/** Inline rendering of one parameter value, for display only (`String(query)`). */
export function literal(value: unknown, quote: StringQuoter = standardQuote): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof SQLLiteralImpl) return value.text;
  switch (typeof value) {
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'number':
      return Number.isFinite(value) ? String(value) : quote(String(value));
    case 'bigint':
      return String(value);
    case 'string':
      return quote(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'NULL' : quote(formatDate(value));
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex')}'`;
  if (Array.isArray(value)) return `(${value.map((v) => literal(v, quote)).join(', ')})`;
  return quote(String(value));
}

class SQLQueryImpl {
  /** The statement as text and parameters, in order. */
  readonly items: readonly SQLItem[];
  #quote: StringQuoter;

  /** Builds a query from text, a parameter or a list of both (web.py `SQLQuery(items)`). */
  constructor(
    items: string | SQLParam | SQLLiteral | readonly (SQLItem | SQLLiteral)[] = [],
    quote?: StringQuoter,
  ) {
    const list = Array.isArray(items) ? items : [items];
    this.items = mergeText(list.map((i) => (i instanceof SQLLiteralImpl ? i.text : (i as SQLItem))));
    this.#quote = quote ?? standardQuote;
  }

  /** Joins queries/text with `sep` between them (web.py `SQLQuery.join`). */
  static join(parts: readonly (SQLQueryImpl | SQLItem | SQLLiteral)[], sep = ''): SQLQueryImpl {
    const out: (SQLItem | SQLLiteral)[] = [];
    parts.forEach((p, i) => {
      if (i > 0 && sep) out.push(sep);
      if (p instanceof SQLQueryImpl) out.push(...p.items);
      else out.push(p);
    });
    return new SQLQueryImpl(out);
  }

  /** A new query with `other` appended (web.py `q + other`). */
  concat(...others: (SQLQueryImpl | SQLItem | SQLLiteral)[]): SQLQueryImpl {
    return SQLQueryImpl.join([this, ...others]).withQuoter(this.#quote);
  }

  /** The same query, rendering string literals with the given dialect's quoting in `toString()`. */
  withQuoter(quote: StringQuoter): SQLQueryImpl {
    return new SQLQueryImpl(this.items, quote);
  }

  /** The statement text with placeholders (web.py `q.query(paramstyle)`); default style `?`. */
  query(style: ParamStyle = 'qmark'): string {
    let n = 0;
    return this.items
      .map((item) => {
        if (typeof item === 'string') return style === 'format' ? item.replaceAll('%', '%%') : item;
        n += 1;
        return style === 'qmark' ? '?' : style === 'dollar' ? `$${n}` : style === 'format' ? '%s' : `:${n}`;
      })
      .join('');
  }

  /** The parameter values in placeholder order (web.py `q.values()`). */
  values(): unknown[] {
    return this.items.filter((i): i is SQLParam => i instanceof SQLParam).map((p) => p.value);
  }

  /** The statement with values inlined and quoted, for logs and `_test` (never executed). */
  toString(): string {
    return this.items.map((i) => (typeof i === 'string' ? i : literal(i.value, this.#quote))).join('');
  }
}

function mergeText(items: SQLItem[]): SQLItem[] {
  const out: SQLItem[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (typeof item === 'string' && typeof last === 'string') out[out.length - 1] = last + item;
    else if (item !== '') out.push(item);
  }
  return out;
}

/** A statement with its parameters kept apart (web.py `web.db.SQLQuery`); `String(q)` inlines them for display. */
export const SQLQuery = pyclass(SQLQueryImpl);
/** Instance type of {@link SQLQuery}. */
export type SQLQuery = SQLQueryImpl;

/** True for a {@link SQLQuery}. */
export function isSQLQuery(v: unknown): v is SQLQuery {
  return v instanceof SQLQueryImpl;
}

/** True for a {@link SQLLiteral}. */
export function isSQLLiteral(v: unknown): v is SQLLiteral {
  return v instanceof SQLLiteralImpl;
}

/**
 * A value as a query fragment: one parameter, a `(a, b)` list for arrays, literal text for SQLLiteral
 * (web.py `web.sqlquote`). `String(sqlquote("O'x"))` is `'O''x'`.
 */
export function sqlquote(value: unknown, name = 'value'): SQLQuery {
  if (value instanceof SQLLiteralImpl) return new SQLQueryImpl(value.text);
  if (value instanceof SQLQueryImpl) return value;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      throw new Error(`${name} is an empty array; SQL has no empty list "()" (check for it before querying)`);
    }
    const items: SQLItem[] = ['('];
    value.forEach((v, i) => {
      if (i > 0) items.push(', ');
      items.push(new SQLParam(v, `${name}[${i}]`));
    });
    items.push(')');
    return new SQLQueryImpl(items);
  }
  return new SQLQueryImpl(new SQLParam(value, name));
}
