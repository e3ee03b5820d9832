// Makes sure the webts workspace package is built before its bench servers import it.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './harness.mjs';

const ROOT = path.dirname(BENCH_DIR);

/**
 * Builds packages/web to packages/web/dist with the repo's own TypeScript (`tsc -b`, incremental).
 * Returns { ok, reason }: not ok when there is nothing to import afterwards.
 */
export function buildWebts(log) {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const entry = path.join(ROOT, 'packages', 'web', 'dist', 'index.js');
  log('building webts (tsc -b packages/web)…');
  const r = spawnSync(process.execPath, [tsc, '-b', 'packages/web'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    // tsc -b still emits on type errors; only a missing entry point stops the webts systems.
    const first = `${r.stdout}${r.stderr}`.trim().split('\n').slice(0, 5).join('\n    ');
    log(`  (!) tsc -b reported errors (building anyway where it emitted):\n    ${first}`);
  }
  if (!existsSync(entry))
    return { ok: false, reason: 'packages/web/dist/index.js does not exist (webts not built)' };
  return { ok: true };
}
