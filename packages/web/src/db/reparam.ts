import { type SQLItem, SQLQuery, sqlquote } from './sqlquery.js';

/** Values that `$name` references in a SQL string look up (web.py's `vars` dict): any object, class instances too. */
export type Vars = object;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function readName(sql: string, i: number): number {
  let j = i;
  while (j < sql.length && NAME_CHAR.test(sql[j] as string)) j++;
  return j;
}

/** Reads `[0]`, `['k']` or `["k"]` at `i`; returns the key and the index after `]`, or undefined. */
function readIndex(sql: string, i: number): { key: string | number; end: number } | undefined {
  const close = sql.indexOf(']', i + 1);
  if (close < 0) return undefined;
  const inner = sql.slice(i + 1, close);
  if (/^\d+$/.test(inner)) return { key: Number(inner), end: close + 1 };
  const quoted = /^'([^']*)'$|^"([^"]*)"$/.exec(inner);
  if (quoted) return { key: (quoted[1] ?? quoted[2]) as string, end: close + 1 };
  return undefined;
}

// Own properties, or ones a class defines (getters); never what every object inherits (toString...).
function hasVar(vars: Vars, name: string): boolean {
  return Object.hasOwn(vars, name) || (name in vars && !(name in Object.prototype));
}

function member(base: unknown, key: string | number, path: string): unknown {
  if (base === null || typeof base !== 'object') {
    throw new Error(
      `SQL refers to $${path} but the value before it is ${base === null ? 'null' : typeof base}`,
    );
  }
  if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw new Error(`SQL may not refer to $${path}`);
  if (!(key in base)) throw new Error(`SQL refers to $${path} but it has no such property`);
  return (base as Record<string | number, unknown>)[key];
}

/**
 * Turns `$name` references in `sql` into bound parameters taken from `vars` (web.py `web.reparam`).
 * `$name.attr`, `$name[0]` and `$name['key']` reach inside values, `$$` is a literal `$`, arrays become
 * `(a, b)` lists, a missing name is an error naming it. A `$` not followed by a name stays as it is.
 */
export function reparam(sql: string, vars: Vars = {}): SQLQuery {
  if (typeof sql !== 'string') throw new TypeError('reparam expects a SQL string');
  if (vars === null || typeof vars !== 'object') throw new TypeError('vars must be an object of values');
  const items: SQLItem[] = [];
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const dollar = sql.indexOf('$', i);
    if (dollar < 0) {
      text += sql.slice(i);
      break;
    }
    text += sql.slice(i, dollar);
    const next = sql[dollar + 1];
    if (next === '$') {
      text += '$';
      i = dollar + 2;
      continue;
    }
    if (next === undefined || !NAME_START.test(next)) {
      text += '$';
      i = dollar + 1;
      continue;
    }
    let end = readName(sql, dollar + 1);
    const name = sql.slice(dollar + 1, end);
    if (!hasVar(vars, name)) throw new Error(`SQL refers to $${name} but vars has no "${name}"`);
    let value: unknown = (vars as Record<string, unknown>)[name];
    let path = name;
    for (;;) {
      if (sql[end] === '.' && NAME_START.test(sql[end + 1] ?? '')) {
        const stop = readName(sql, end + 1);
        const key = sql.slice(end + 1, stop);
        path += `.${key}`;
        value = member(value, key, path);
        end = stop;
      } else if (sql[end] === '[') {
        const idx = readIndex(sql, end);
        if (!idx) break;
        path += sql.slice(end, idx.end);
        value = member(value, idx.key, path);
        end = idx.end;
      } else break;
    }
    if (text) items.push(text);
    text = '';
    items.push(...sqlquote(value, `vars.${path}`).items);
    i = end;
  }
  if (text) items.push(text);
  return new SQLQuery(items);
}

// Letters, digits, `_` and `$`, optionally `schema.table`: anything else (quotes, `;`, spaces, comments)
// could end the identifier and start new SQL, so it is refused instead of being pasted in.
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_$]*(?:\.[\p{L}_][\p{L}\p{N}_$]*)?$/u;

/** Returns `name` if it is a plain table/column name, else throws a clear error (web.py pastes names unchecked). */
export function checkIdentifier(name: unknown, what: string): string {
  if (typeof name !== 'string' || !IDENTIFIER.test(name) || name.length > 128) {
    throw new Error(
      `invalid ${what} ${JSON.stringify(name)}: use letters, digits, _ and $ only (optionally schema.name); ` +
        'quotes, spaces, semicolons and other punctuation are refused',
    );
  }
  return name;
}
