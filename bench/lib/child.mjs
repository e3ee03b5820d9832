// The server side of the harness protocol. Every server under bench/servers/ is started by run.mjs as its own
// child process (so autocannon in the parent never shares its event loop), listens on an ephemeral port on
// 127.0.0.1 and reports it over the IPC channel. The parent may then ask it to count or clear its session
// records between rounds.

/**
 * Reports `server` (a listening node:http Server) to the parent and answers its requests.
 * `hooks.count()` returns how many session records the server's store holds (or null when it cannot tell);
 * `hooks.clear()` empties the store so that rounds start from the same state.
 */
export function serve(server, hooks = {}) {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on a TCP port');
  if (!process.send) {
    // Started by hand: say where it listens and keep running.
    console.log(`listening on http://127.0.0.1:${address.port}/`);
    return;
  }
  process.on('message', async (msg) => {
    try {
      if (msg?.type === 'count') {
        const value = hooks.count ? await hooks.count() : null;
        process.send({ type: 'count', id: msg.id, value });
      } else if (msg?.type === 'clear') {
        if (hooks.clear) await hooks.clear();
        process.send({ type: 'clear', id: msg.id });
      }
    } catch (err) {
      process.send({ type: 'error', id: msg?.id, message: String(err?.stack ?? err) });
    }
  });
  // The parent's channel closing means the harness is gone; do not linger.
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', port: address.port });
}

/** Sends a startup failure to the parent (with the stack, since the child's stderr goes to /dev/null). */
export function fail(err) {
  const message = String(err?.stack ?? err);
  // Exit only once the message is out: process.exit() would drop a send still queued.
  if (process.send && process.connected) process.send({ type: 'fatal', message }, () => process.exit(1));
  else {
    console.error(message);
    process.exit(1);
  }
}

/** Parses `--key value` pairs from argv into an object (values stay strings). */
export function argvOptions(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a?.startsWith('--')) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) out[a.slice(2)] = 'true';
      else {
        out[a.slice(2)] = next;
        i++;
      }
    }
  }
  return out;
}

/** Listens on an ephemeral port on 127.0.0.1 and resolves once listening. */
export function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

process.on('uncaughtException', fail);
// Exit normally on the harness's SIGTERM so that 'exit' hooks (temp dir cleanup) run.
process.on('SIGTERM', () => process.exit(0));
process.on('unhandledRejection', fail);
