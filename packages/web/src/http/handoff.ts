/**
 * State handed from one process of the dev reloader to the next (see dev.ts): a MemoryStore's sessions
 * survive an edit of the app. Outside the reloader every call here is a no-op.
 *
 * The reloader names a file in `WEBTS_DEV_STATE`. Each process reads it once at start, and writes it on exit
 * with what every registered part dumps. Parts are told apart by kind and by the order they were created in,
 * which is the same from one run of the same app to the next.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

type Saved = Record<string, unknown>;

const file = process.env.WEBTS_DEV_STATE;
let saved: Saved | undefined;
const dumps = new Map<string, () => unknown>();
const counts = new Map<string, number>();

function load(path: string): Saved {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Saved) : {};
  } catch {
    return {}; // the first run, or a process that died before writing
  }
}

function write(path: string): void {
  const state: Saved = {};
  for (const [key, dump] of dumps) state[key] = dump();
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  renameSync(temp, path);
}

/**
 * Register a part whose state should outlive a reload: returns what the previous process handed over for it
 * (undefined on the first run and outside the reloader), and calls `dump` when this process exits.
 */
export function handoff<T>(kind: string, dump: () => T): T | undefined {
  if (file === undefined) return undefined;
  if (saved === undefined) {
    saved = load(file);
    process.once('exit', () => write(file));
  }
  const index = counts.get(kind) ?? 0;
  counts.set(kind, index + 1);
  const key = `${kind}#${index}`;
  dumps.set(key, dump);
  return saved[key] as T | undefined;
}
