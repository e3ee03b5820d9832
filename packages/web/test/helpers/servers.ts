import { connect } from 'node:net';

/** The database and cache servers the test machines run (see .ci/run). */
export const SERVERS = {
  postgres: { host: '127.0.0.1', port: 5432 },
  mysql: { host: '127.0.0.1', port: 3306 },
  redis: { host: '127.0.0.1', port: 6379 },
} as const;

export type ServerName = keyof typeof SERVERS;

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Why a suite that needs `name` cannot run here, or `undefined` when it can. On a laptop without the
 * server the suite is skipped with this one-line reason; under CI (env CI set) a missing server throws,
 * so CI can never pass by skipping.
 */
export async function serverMissing(name: ServerName): Promise<string | undefined> {
  const { host, port } = SERVERS[name];
  if (await reachable(host, port)) return undefined;
  const reason = `${name} is not reachable on ${host}:${port}`;
  if (process.env.CI) throw new Error(`${reason}, and CI must run these tests (.ci/run starts it)`);
  return reason;
}
