/**
 * The dev reloader, web.py's debug-mode autoreload for Node: a supervisor process owns the listening socket
 * and runs the app in a child process, handing it each connection; when a source file or a template changes
 * it stops that child and starts a new one. The port never closes: a connection made during the restart waits
 * for the new process instead of failing. MemoryStore sessions are handed over (handoff.ts); every other
 * store keeps its sessions outside the process anyway.
 *
 * Started by `webts dev app.ts [address]`, or by `app.run()` when `web.config.debug` is on.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { type FSWatcher, mkdtempSync, rmSync, watch } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';

/** Set in the app's process by the supervisor. */
const DEV_CHILD = 'WEBTS_DEV_CHILD';
/** The message that carries one connection to the app's process. */
const SOCKET_MESSAGE = 'webts:socket';
/** The app's process says it can take connections. */
const READY_MESSAGE = 'webts:ready';

const SOURCE = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.json']);
const IGNORED = new Set(['node_modules', '.git', 'dist', 'coverage']);

/** True in a process the reloader started (app.run() then takes its socket from the supervisor). */
export function isDevChild(): boolean {
  return process.env[DEV_CHILD] === '1';
}

/**
 * Does a change to `file` (relative to the watched folder) call for a restart? Source files anywhere, and
 * anything in a `templates` folder; never node_modules, VCS or build folders, nor session files.
 */
export function watched(file: string): boolean {
  const parts = file.split(sep);
  if (parts.some((p) => IGNORED.has(p))) return false;
  if (parts.slice(0, -1).includes('templates')) return true;
  return SOURCE.has(extname(file));
}

export interface DevOptions {
  /** The app's script. */
  script: string;
  /** Arguments after the script (the address, as `app.run()` reads it). */
  args: string[];
  /** Node options for the app's process, e.g. `['--import', 'tsx']`. */
  execArgv: string[];
  /** Where to listen. */
  host: string;
  port: number;
}

/**
 * Run the supervisor: listen on host:port, start the app, restart it on every change. Resolves to a
 * function that stops everything (used by tests; the CLI stops on SIGINT/SIGTERM).
 */
export async function supervise(options: DevOptions): Promise<() => Promise<void>> {
  const root = dirname(resolve(options.script));
  const stateDir = mkdtempSync(join(tmpdir(), 'webts-dev-'));
  const server = await listenOn(options.host, options.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shown = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`;
  const say = (text: string) => process.stderr.write(`webts dev: ${text}\n`);

  let child: ChildProcess | undefined;
  let ready = false;
  let waiting: Socket[] = [];
  let restarting: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const deliver = (socket: Socket) => {
    if (child !== undefined && ready) child.send(SOCKET_MESSAGE, socket);
    else waiting.push(socket);
  };
  server.on('connection', deliver);

  const startChild = () => {
    const env = { ...process.env, [DEV_CHILD]: '1', WEBTS_DEV_STATE: join(stateDir, 'state.json') };
    const current = fork(options.script, options.args, { execArgv: options.execArgv, env, stdio: 'inherit' });
    child = current;
    ready = false;
    current.on('message', (message) => {
      if (message !== READY_MESSAGE || child !== current) return;
      ready = true;
      const queued = waiting;
      waiting = [];
      for (const socket of queued) deliver(socket);
    });
    current.once('exit', (code, signal) => {
      if (child === current) {
        child = undefined;
        ready = false;
      }
      if (!stopped && !current.killed) {
        say(`${options.script} exited (${signal ?? `code ${code}`}); waiting for a change to start it again`);
      }
    });
  };

  const stopChild = (): Promise<void> => {
    const current = child;
    child = undefined;
    ready = false;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null)
      return Promise.resolve();
    return new Promise((done) => {
      current.once('exit', () => done());
      current.kill('SIGTERM');
    });
  };

  const restart = (why: string) => {
    if (restarting) {
      again = true; // one more restart once this one is done, for the changes made meanwhile
      return;
    }
    restarting = (async () => {
      do {
        again = false;
        await stopChild();
        if (stopped) return;
        say(`${why} changed; restarting`);
        startChild();
      } while (again);
    })().finally(() => {
      restarting = undefined;
    });
  };

  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(root, { recursive: true }, (_event, file) => {
    if (file === null || !watched(file.toString())) return;
    clearTimeout(timer);
    // Editors write a file in several steps: restart once they are done.
    timer = setTimeout(() => restart(file.toString()), 80);
  });

  say(`serving ${options.script} on ${shown}, restarting it when a file in ${root} changes`);
  process.stdout.write(`${shown}\n`);
  startChild();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    watcher.close();
    await restarting;
    await stopChild();
    for (const socket of waiting) socket.destroy();
    await new Promise<void>((done) => server.close(() => done()));
    rmSync(stateDir, { recursive: true, force: true });
  };
}

function listenOn(host: string, port: number): Promise<Server> {
  // The supervisor only holds the socket: connections are accepted by the app's process.
  const server = createServer({ pauseOnConnect: true });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * In the app's process: feed every connection the supervisor hands over to `server` (which does not listen
 * itself), then tell the supervisor it can send them.
 */
export function takeConnections(server: Server): void {
  process.on('message', (message: unknown, socket: unknown) => {
    if (message === SOCKET_MESSAGE && socket) {
      server.emit('connection', socket);
      (socket as Socket).resume();
    }
  });
  // A supervisor that is gone (killed with -9, say) leaves nobody to hand over connections: stop too.
  process.once('disconnect', () => process.exit(0));
  process.send?.(READY_MESSAGE);
}
