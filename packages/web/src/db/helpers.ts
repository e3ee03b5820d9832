/**
 * web.py's small query-building functions in `web.db`: sqllist, sqlors, sqlwhere, sqlify. They build
 * SQLQuery objects (values stay bound parameters) or, for sqllist and sqlify, plain text.
 */
import { checkIdentifier } from './reparam.js';
import { literal, type SQLItem, SQLParam, type SQLPart, SQLQuery } from './sqlquery.js';

/** `'a, b'` from a list of names; a string is returned as it is (web.py `web.sqllist`). */
export function sqllist(list: string | Iterable<string>): string {
  return typeof list === 'string' ? list : [...list].join(', ');
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return (
    v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && Symbol.iterator in (v as object)
  );
}

/**
 * ORs `left` + value for every value (web.py `web.sqlors`): `sqlors('foo = ', [1, 2, 3])` is
 * `(foo = 1 OR foo = 2 OR foo = 3 OR 1=2)`, one value gives `foo = 1`, none gives `1=2` (matches nothing).
 * The values are bound parameters; `left` is SQL you write.
 */
export function sqlors(left: string | SQLQuery, values: unknown): SQLQuery {
  if (isIterable(values) && typeof values !== 'string') {
    const list = [...values];
    if (list.length === 0) return new SQLQuery('1=2');
    if (list.length > 1) {
      const parts: SQLPart[] = ['('];
      list.forEach((v, i) => {
        parts.push(left, new SQLParam(v, `sqlors value ${i}`), ' OR ');
      });
      parts.push('1=2)');
      return new SQLQuery(parts);
    }
    return new SQLQuery([left, new SQLParam(list[0], 'sqlors value 0')]);
  }
  return new SQLQuery([left, new SQLParam(values, 'sqlors value')]);
}

/**
 * `k1 = v1 AND k2 = v2` from `[key, value]` pairs, in the order given (web.py `web.sqlwhere(data,
 * grouping=' AND ')`); a plain object counts as its entries. Values are bound (an SQLLiteral is pasted);
 * keys must be plain column names. Note: `null` gives `= NULL` here as in web.py — use a where object in
 * `db.select` for `IS NULL`.
 */
export function sqlwhere(
  data: Iterable<readonly [string, unknown]> | Readonly<Record<string, unknown>>,
  grouping = ' AND ',
): SQLQuery {
  const pairs: Iterable<readonly [string, unknown]> = isIterable(data)
    ? (data as Iterable<readonly [string, unknown]>)
    : Object.entries(data);
  const parts: SQLQuery[] = [];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError('sqlwhere expects [key, value] pairs (or an object of column values)');
    }
    const [key, value] = pair as readonly [unknown, unknown];
    const col = checkIdentifier(key, 'column name');
    const item: SQLItem | SQLPart = new SQLParam(value, `sqlwhere value for ${col}`);
    parts.push(new SQLQuery([`${col} = `, item]));
  }
  return SQLQuery.join(parts, grouping);
}

/**
 * A value as SQL literal text (web.py `web.sqlify`), the form `String(query)` shows: `NULL`, `3`,
 * `'it''s'`. For display and logs; to run SQL, bind values instead (sqlquote, `$name`).
 */
export function sqlify(value: unknown): string {
  return literal(value);
}
