/** Values a statement parameter may hold once checked (before a dialect adapts booleans/bytes). */
export type BindValue = null | boolean | number | bigint | string | Uint8Array;

// In u-mode a surrogate pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE_SURROGATE_ALL = /\p{Surrogate}/gu;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A Date as UTC text `YYYY-MM-DD HH:MM:SS[.mmm]`: the form SQLite's CURRENT_TIMESTAMP uses, and one that
 * PostgreSQL (session time zone UTC) and MySQL (time_zone +00:00) read as the same instant.
 */
export function formatDate(d: Date): string {
  const s =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return ms ? `${s}.${pad(ms, 3)}` : s;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object')
    return `an object (${Object.getPrototypeOf(v)?.constructor?.name ?? 'no prototype'})`;
  return typeof v;
}

/**
 * Checks one parameter value and puts it in a driver-neutral form: Dates become UTC text, strings with
 * lone surrogates are made well-formed (UTF-8 cannot carry them; every driver would replace them anyway,
 * each differently). `name` says where the value came from, for the error message.
 */
export function toBindValue(v: unknown, name: string): BindValue {
  switch (typeof v) {
    case 'string':
      return LONE_SURROGATE.test(v) ? v.replace(LONE_SURROGATE_ALL, '\ufffd') : v;
    case 'number':
    case 'bigint':
    case 'boolean':
      return v;
    case 'undefined':
      throw new TypeError(`${name} is undefined; use null for SQL NULL`);
  }
  if (v === null) return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new TypeError(`${name} is an invalid Date`);
    return formatDate(v);
  }
  if (v instanceof Uint8Array) return v;
  throw new TypeError(
    `${name} is ${describe(v)}, which cannot be a SQL parameter (use a string, number, boolean, Date, Uint8Array or null; JSON.stringify objects)`,
  );
}
