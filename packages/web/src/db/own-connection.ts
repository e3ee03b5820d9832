/** What PostgreSQL's and MySQL's connections of their own share: end listeners, an unref'd socket, a registry. */
import type { OwnConnection } from './dialect.js';

/** A driver connection as seen here: it emits 'error' and 'end', and keeps its socket at `connection.stream`. */
interface DriverConnection {
  on(event: 'error' | 'end', listener: (err?: unknown) => void): unknown;
  connection?: { stream?: unknown };
}

/**
 * Wrap `conn` (connected) as an OwnConnection: its listeners hear once of its end (an error, the server
 * closing it, or `close()`), it stays in `open` until then, and its socket does not keep the process alive.
 */
export function ownConnection(
  conn: DriverConnection,
  open: Set<OwnConnection>,
  run: OwnConnection['run'],
  end: () => Promise<void>,
): OwnConnection {
  const listeners: ((err: unknown) => void)[] = [];
  let ended = false;
  const finish = (err: unknown) => {
    if (ended) return;
    ended = true;
    open.delete(own);
    for (const listener of listeners) listener(err);
  };
  conn.on('error', finish);
  conn.on('end', () => finish(new Error('the connection ended')));
  const own: OwnConnection = {
    run,
    onEnd: (listener) => {
      listeners.push(listener);
    },
    close: async () => {
      finish(new Error('the connection was closed'));
      await end();
    },
  };
  (conn.connection?.stream as { unref?: () => void } | undefined)?.unref?.();
  open.add(own);
  return own;
}
