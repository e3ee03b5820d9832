/**
 * The database cannot be reached or went away (connection refused, reset or terminated, server shutting
 * down, pool timed out). It carries `status = 503` so the web layer answers "503 Service Unavailable" and
 * logs `cause`; any other SQL error is a plain Error (a 500). web.py has no equivalent: there every
 * driver error is a 500.
 */
export class DatabaseUnavailableError extends Error {
  /** HTTP status the web layer should answer with. */
  readonly status = 503;

  constructor(dbn: string, cause: unknown) {
    const why =
      cause instanceof Error ? cause.message || String((cause as { code?: unknown }).code) : String(cause);
    super(`${dbn} database unavailable: ${why}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** Error codes from Node sockets that mean "no server on the other end (any more)". */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The `code` of an error (or of one in its `cause` chain / AggregateError list) that is a string. */
export function errorCodes(err: unknown, depth = 0): string[] {
  if (!err || typeof err !== 'object' || depth > 4) return [];
  const out: string[] = [];
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') out.push(code);
  if (err instanceof AggregateError) for (const e of err.errors) out.push(...errorCodes(e, depth + 1));
  out.push(...errorCodes((err as { cause?: unknown }).cause, depth + 1));
  return out;
}

/** `web.database` was given a `dbn` no engine is registered for (web.py `web.db.UnknownDB`). */
export class UnknownDB extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownDB';
  }
}

/** `q.query(style)` was asked for a placeholder style it does not know (web.py `web.db.UnknownParamstyle`). */
export class UnknownParamstyle extends Error {
  constructor(style: string) {
    super(
      `unknown paramstyle ${JSON.stringify(style)}: use 'qmark', 'dollar', 'format', 'pyformat' or 'numeric'`,
    );
    this.name = 'UnknownParamstyle';
  }
}

/**
 * A transaction was used after it ended: a statement, `commit()` or a savepoint on a transaction that
 * already committed or rolled back (web.py defines `web.db.TransactionError` but never raises it).
 */
export class TransactionError extends Error {
  constructor(message = 'the transaction has already ended') {
    super(message);
    this.name = 'TransactionError';
  }
}
