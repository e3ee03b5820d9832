/**
 * Helpers of the `webts port` tests: make `webts` resolvable from a port's folder, and start a web.py
 * app and its machine port side by side as a differential-harness Pair.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Pair, type Side, startPortFile, startPythonFile } from '../differential/harness.js';
import type { SmtpSink } from '../differential/smtp.js';

/** packages/web: what `webts` resolves to from a port's folder. */
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `DIR/node_modules/webts` → this package, so a port written to DIR imports webts as a user's would. */
export function linkWebts(dir: string): void {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(packageDir, join(dir, 'node_modules', 'webts'), 'dir');
}

/** The two apps, each in its working folder (with an SMTP sink's port in SMTP_PORT when `mail` is given). */
export async function startPorted(
  name: string,
  py: { app: string; cwd: string },
  ts: { app: string; cwd: string },
  mail?: { py: SmtpSink; ts: SmtpSink },
): Promise<Pair> {
  const env = (port?: number): Record<string, string> => (port ? { SMTP_PORT: String(port) } : {});
  const [pySide, tsSide] = await Promise.allSettled([
    startPythonFile(py.app, py.cwd, env(mail?.py.port)),
    startPortFile(ts.app, ts.cwd, env(mail?.ts.port)),
  ]);
  const started = [pySide, tsSide].filter((s): s is PromiseFulfilledResult<Side> => s.status === 'fulfilled');
  const stop = async () => {
    await Promise.all(started.map((s) => s.value.stop()));
  };
  if (pySide.status === 'rejected' || tsSide.status === 'rejected') {
    await stop();
    throw pySide.status === 'rejected' ? pySide.reason : (tsSide as PromiseRejectedResult).reason;
  }
  const [p, t] = [pySide.value, tsSide.value];
  return {
    dir: name,
    py: p,
    ts: t,
    logs: () => `--- web.py stderr\n${p.stderr()}\n--- webts stderr\n${t.stderr()}`,
    ...(mail ? { mail } : {}),
    stop,
  };
}
