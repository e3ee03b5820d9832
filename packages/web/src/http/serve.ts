/** Serving an app on a socket: `listen()`, web.py's `app.run()` and where it listens. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { config } from '../core/config.js';
import { flushAccessLog } from './access-log.js';
import { EXPECTS_CONTINUE } from './body.js';
import { isDevChild, supervise, takeConnections } from './dev.js';
import { makeNodeHandler, type NodeOptions, type Servable } from './node-handler.js';

/** How `listen()` serves: static files from a folder, and an access log. */
export interface ServeOptions {
  /** Serve `/static/…` from this folder (default `./static`, relative to the working directory); false to turn off. */
  static?: string | false;
  /** Write web.py's access log line per request to stderr (default: on for `run()`, off for `listen()`). */
  log?: boolean;
}

/**
 * A Node server for `app`. It answers `Expect: 100-continue` itself: the `100 Continue` is sent only
 * when the body is about to be read, so a request a processor refuses is answered before the client
 * sends its body at all (Node would send it at once).
 */
function createAppServer(app: Servable, options: NodeOptions): Server {
  const handler = makeNodeHandler(app, options);
  const server = createServer(handler);
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    (req as { [EXPECTS_CONTINUE]?: boolean })[EXPECTS_CONTINUE] = true;
    handler(req, res);
  });
  return server;
}

/** Listen on `port`/`host`; resolves when the server is accepting connections. */
export function listen(
  app: Servable,
  port: number,
  host: string,
  options: ServeOptions = {},
): Promise<Server> {
  const server = createAppServer(app, { static: options.static ?? 'static', log: options.log ?? false });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Where `app.run()` listens, from argv like web.py: `8081`, `127.0.0.1`, `127.0.0.1:9000`;
 * env `PORT` wins; default `0.0.0.0:8080`.
 */
export function parseAddress(
  arg: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { host: string; port: number } {
  if (env.PORT) return { host: '0.0.0.0', port: toPort(env.PORT) };
  if (!arg) return { host: '0.0.0.0', port: 8080 };
  if (/^\d+$/.test(arg)) return { host: '0.0.0.0', port: toPort(arg) };
  const colon = arg.lastIndexOf(':');
  if (colon === -1) return { host: arg, port: 8080 };
  return { host: arg.slice(0, colon).replace(/^\[|\]$/g, ''), port: toPort(arg.slice(colon + 1)) };
}

function toPort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`not a port number: ${JSON.stringify(text)}`);
  return port;
}

/**
 * The address cannot be had (taken by another server, or a port below 1024 without the right): one line
 * that says so and how to choose another, then exit 1, instead of a stack from deep inside Node.
 */
function exitOnPortTrouble(err: unknown, host: string, port: number): never {
  const code = (err as { code?: unknown } | null)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const other = port === 8080 ? 8081 : 8080;
  if (code === 'EADDRINUSE')
    process.stderr.write(
      `webts: ${where} is already in use by another program. Pick another port: node ${scriptName()} ${other} (or PORT=${other}).\n`,
    );
  else if (code === 'EACCES')
    process.stderr.write(
      `webts: no permission to listen on ${where} (ports below 1024 need privileges). Pick another port: node ${scriptName()} ${other}.\n`,
    );
  else if (code === 'EADDRNOTAVAIL')
    process.stderr.write(`webts: ${host} is not an address of this machine. Try 127.0.0.1 or 0.0.0.0.\n`);
  else throw err;
  process.exit(1);
}

function scriptName(): string {
  const script = process.argv[1] ?? 'app.js';
  return script.split(/[\\/]/).pop() ?? script;
}

/**
 * `app.run()`: listen where argv says, print the address, log requests, stop cleanly on SIGINT/SIGTERM.
 * With `web.config.debug` it runs under the dev reloader (dev.ts), as web.py's debug mode does: this process
 * supervises and never resolves, the app serves from a child process that is restarted on every change.
 */
export async function run(app: Servable): Promise<Server> {
  const { host, port } = parseAddress(process.argv[2]);
  let server: Server;
  if (isDevChild()) {
    server = createAppServer(app, { static: 'static', log: true });
    takeConnections(server);
  } else if (config.debug && process.env.WEBTS_RELOAD !== '0' && process.argv[1] !== undefined) {
    const stopDev = await supervise({
      script: process.argv[1],
      args: process.argv.slice(2),
      execArgv: process.execArgv,
      host,
      port,
    }).catch((err: unknown) => exitOnPortTrouble(err, host, port));
    const quit = () => void stopDev().then(() => process.exit(0));
    process.once('SIGINT', quit);
    process.once('SIGTERM', quit);
    return new Promise<never>(() => {});
  } else {
    server = await listen(app, port, host, { log: true }).catch((err: unknown) =>
      exitOnPortTrouble(err, host, port),
    );
    const address = server.address();
    const shownPort = typeof address === 'object' && address ? address.port : port;
    process.stdout.write(`http://${host.includes(':') ? `[${host}]` : host}:${shownPort}/\n`);
  }
  const stop = (signal: string) => {
    process.stderr.write(`${signal}: shutting down\n`);
    server.close(() => {
      flushAccessLog();
      process.exit(0);
    });
    server.closeIdleConnections();
    // Requests still running get a few seconds to finish, then their connections are cut.
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, 5000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return server;
}
