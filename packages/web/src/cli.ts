#!/usr/bin/env node
/**
 * The `webts` command. `webts dev app.ts [address]` runs an app under the dev reloader: TypeScript directly
 * (through tsx, installed in the app's project), restarted on every change to its sources or templates, on
 * a port that stays open, with MemoryStore sessions kept across restarts. `webts port app.py [--out DIR]`
 * turns a web.py application into a webts one (docs/port.md).
 */
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { supervise } from './http/dev.js';
import { parseAddress } from './http/serve.js';
import { portCommand } from './port/command.js';

const USAGE = `usage: webts dev APP [address]
       webts port APP.py|FOLDER [--out DIR]

  webts dev app.ts            serve app.ts on 0.0.0.0:8080, restarting it when a file changes
  webts dev app.js 8081       the address is what app.run() takes: PORT, HOST or HOST:PORT
  webts port app.py --out x   write x/app.ts, a webts port of the web.py application app.py
`;

/** Node options for running `script`: TypeScript goes through tsx, resolved from the app's own project. */
function execArgvFor(script: string): string[] {
  if (!/^\.[cm]?ts$/.test(extname(script))) return [];
  try {
    createRequire(join(resolve(script), '..', 'noop.js')).resolve('tsx');
  } catch {
    throw new Error(
      `${script} is TypeScript, and running it needs tsx in your project: npm install --save-dev tsx`,
    );
  }
  return ['--import', 'tsx'];
}

async function main(argv: string[]): Promise<void> {
  const [command, script, ...rest] = argv;
  if (command === 'port') {
    process.exitCode = portCommand(
      argv.slice(1),
      (s) => process.stdout.write(s),
      (s) => process.stderr.write(s),
    );
    return;
  }
  if (command !== 'dev' || script === undefined || script.startsWith('-')) {
    process.stderr.write(USAGE);
    process.exitCode = command === undefined || command === '--help' || command === '-h' ? 0 : 2;
    return;
  }
  const { host, port } = parseAddress(rest[0]);
  const stop = await supervise({ script, args: rest, execArgv: execArgvFor(script), host, port });
  const quit = () => {
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`webts: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
