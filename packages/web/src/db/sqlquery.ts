import { pyclass } from '../util/pyclass.js';
import { UnknownParamstyle } from './errors.js';
import { formatDate } from './values.js';

/** How placeholders are written by {@link SQLQuery.query}: `?`, `$1`, `%s` (format/pyformat) or `:1`. */
export type ParamStyle = 'qmark' | 'dollar' | 'format' | 'pyformat' | 'numeric';

function marker(style: string, n: number): string {
  switch (style) {
    case 'qmark':
      return '?';
    case 'dollar':
      return `$${n}`;
    case 'format':
    case 'pyformat':
      return '%s';
    case 'numeric':
      return `:${n}`;
  }
  throw new UnknownParamstyle(style);
}

class SQLParamImpl {
  /** `label` names where the value came from (`vars.id`, `value for column title`) for error messages. */
  constructor(
    readonly value: unknown,
    readonly label?: string,
  ) {}

  /** This parameter's placeholder in `style` (web.py `get_marker`); `n` is its 1-based position. */
  get_marker(style: ParamStyle = 'qmark', n = 1): string {
    return marker(style, n);
  }

  /** A query holding just this parameter (web.py `sqlparam(v).sqlquery()`). */
  sqlquery(): SQLQueryImpl {
    return new SQLQueryImpl([this]);
  }

  /** The value as text (web.py `str(SQLParam(v))`). */
  toString(): string {
    return String(this.value);
  }
}

/**
 * A value that travels to the driver as a bound parameter (web.py `SQLParam`), callable with or
 * without `new`. An SQLLiteral value is pasted as SQL text instead.
 */
export const SQLParam = pyclass(SQLParamImpl);
/** Instance type of {@link SQLParam}. */
export type SQLParam = SQLParamImpl;
/** Lower-case alias of {@link SQLParam} (web.py `web.sqlparam`). */
export const sqlparam = SQLParam;

class SQLLiteralImpl {
  /** SQL text pasted verbatim into a statement, e.g. `CURRENT_TIMESTAMP`. Never build one from user input. */
  constructor(readonly text: string) {
    if (typeof text !== 'string') throw new TypeError('SQLLiteral expects a string of SQL');
  }
  /** The SQL text (web.py's attribute name). */
  get v(): string {
    return this.text;
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
export const sqlliteral = SQLLiteral;

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

/** What a query can be built from: text, parameters, literals and other queries. */
export type SQLPart = SQLQueryImpl | SQLItem | SQLLiteral;

/** Options of {@link SQLQuery.join} (web.py's `prefix`, `suffix` and `target` keywords). */
export interface JoinOptions {
  /** Text put before the first part, e.g. `'('`. */
  prefix?: string;
  /** Text put after the last part, e.g. `')'`. */
  suffix?: string;
  /** Append to this query (changing it) instead of making a new one; it is returned. */
  target?: SQLQueryImpl;
}

// Text stays text, a parameter holding an SQLLiteral becomes its text (as in web.py), queries are spread.
function flatten(part: SQLPart, out: SQLItem[]): void {
  if (part instanceof SQLQueryImpl) out.push(...part.items);
  else if (part instanceof SQLLiteralImpl) out.push(part.text);
  else if (part instanceof SQLParamImpl && part.value instanceof SQLLiteralImpl) out.push(part.value.text);
  else out.push(part);
}

class SQLQueryImpl {
  #items: SQLItem[];
  #quote: StringQuoter;

  /** Builds a query from text, a parameter, a query or a list of them (web.py `SQLQuery(items)`). */
  constructor(items: SQLPart | readonly SQLPart[] = [], quote?: StringQuoter) {
    const out: SQLItem[] = [];
    for (const item of Array.isArray(items) ? (items as readonly SQLPart[]) : [items as SQLPart]) {
      flatten(item, out);
    }
    this.#items = mergeText(out);
    this.#quote = quote ?? standardQuote;
  }

  /** The statement as text and parameters, in order. */
  get items(): readonly SQLItem[] {
    return this.#items;
  }

  /**
   * Joins queries, text and parameters with `sep` between them (web.py `SQLQuery.join(items, sep=' ',
   * prefix=None, suffix=None, target=None)`): `SQLQuery.join(['a', 'b'], ', ', { prefix: '(', suffix: ')' })`
   * is `(a, b)`. Empty strings are skipped but still separated, as in web.py.
   */
  static join(parts: Iterable<SQLPart>, sep = ' ', options: JoinOptions = {}): SQLQueryImpl {
    const out: SQLPart[] = [];
    if (options.prefix) out.push(options.prefix);
    let i = 0;
    for (const p of parts) {
      if (i > 0 && sep) out.push(sep);
      out.push(p);
      i += 1;
    }
    if (options.suffix) out.push(options.suffix);
    if (options.target) {
      options.target.append(...out);
      return options.target;
    }
    return new SQLQueryImpl(out);
  }

  /** Adds text, parameters or queries to the end of this query, changing it (web.py `q.append(v)`, `q += v`). */
  append(...values: SQLPart[]): this {
    const out = [...this.#items];
    for (const v of values) flatten(v, out);
    this.#items = mergeText(out);
    return this;
  }

  /** A new query with `others` appended (web.py `q + other`). */
  concat(...others: SQLPart[]): SQLQueryImpl {
    return SQLQueryImpl.join([this, ...others], '').withQuoter(this.#quote);
  }

  /** The same query, rendering string literals with the given dialect's quoting in `toString()`. */
  withQuoter(quote: StringQuoter): SQLQueryImpl {
    return new SQLQueryImpl(this.items, quote);
  }

  /**
   * The statement text with placeholders (web.py `q.query(paramstyle)`); default style `?`. With
   * `format`/`pyformat` a `%` in the text is doubled. An unknown style throws UnknownParamstyle.
   */
  query(style: ParamStyle = 'qmark'): string {
    marker(style, 0);
    const percent = style === 'format' || style === 'pyformat';
    let n = 0;
    return this.items
      .map((item) => {
        if (typeof item === 'string') return percent ? item.replaceAll('%', '%%') : item;
        n += 1;
        return marker(style, n);
      })
      .join('');
  }

  /** The parameter values in placeholder order (web.py `q.values()`). */
  values(): unknown[] {
    return this.items.filter((i): i is SQLParam => i instanceof SQLParamImpl).map((p) => p.value);
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
 * A value as a query fragment: one parameter, a `(a, b)` list for arrays and Sets, literal text for
 * SQLLiteral (web.py `web.sqlquote`). `String(sqlquote("O'x"))` is `'O''x'`.
 */
export function sqlquote(value: unknown, name = 'value'): SQLQuery {
  if (value instanceof SQLLiteralImpl) return new SQLQueryImpl(value.text);
  if (value instanceof SQLQueryImpl) return value;
  // A Set is a list too, as a Python set is for web.py: `(a, b, c)` in insertion order.
  if (value instanceof Set) value = [...value];
  if (Array.isArray(value)) {
    if (value.length === 0) {
      throw new Error(`${name} is an empty array; SQL has no empty list "()" (check for it before querying)`);
    }
    const items: SQLItem[] = ['('];
    value.forEach((v, i) => {
      if (i > 0) items.push(', ');
      items.push(new SQLParamImpl(v, `${name}[${i}]`));
    });
    items.push(')');
    return new SQLQueryImpl(items);
  }
  return new SQLQueryImpl(new SQLParamImpl(value, name));
}
