/**
 * The differential corpus, ported by the command: each web.py app of ../differential/apps is ported by
 * `webts port` (instead of the hand port beside it), and the differential cases of that app run against
 * the original and the machine port. Apps whose port still has a TODO are listed, not run.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { port } from '../../src/port/command.js';
import { CASES, KNOWN_BUGS, PENDING_FEATURES } from '../differential/cases.js';
import { type Case, describeDifferences, type Pair, runCase } from '../differential/harness.js';
import { type SmtpSink, startSmtpSink } from '../differential/smtp.js';
import { linkWebts, startPorted } from './pair.js';

const here = dirname(fileURLToPath(import.meta.url));
const apps = join(here, '..', 'differential', 'apps');
const root = mkdtempSync(join(tmpdir(), 'port-differential-'));

/** Port apps/<dir>/app.py into a folder of its own where `webts` resolves; the TODOs it left. */
function portApp(dir: string): { out: string; todos: string[] } {
  const out = join(root, dir, 'ts');
  const source = join(root, dir, 'py');
  cpSync(join(apps, dir), source, { recursive: true, filter: (f) => !f.endsWith('.ts') });
  const result = port(join(source, 'app.py'), { out });
  linkWebts(out);
  return { out, todos: result.todos.map((t) => `${t.file}:${t.line}: ${t.reason}`) };
}

/**
 * Apps whose port still leaves TODOs, with what it cannot translate yet (docs/port.md). Each is asserted to
 * still leave some, so it cannot start porting cleanly unnoticed; every other app must port with none.
 */
const PORT_TODOS: Readonly<Record<string, string>> = {
  basicauth: 'the base64 and re modules',
  csrf: 'uuid4, a **kwargs wrapper and a decorator',
};

const byApp = new Map<string, Case[]>();
const skipped = new Set([...PENDING_FEATURES, ...KNOWN_BUGS].map((e) => e.case));
for (const c of CASES) if (!skipped.has(c.name)) byApp.set(c.dir, [...(byApp.get(c.dir) ?? []), c]);

describe('the differential corpus, ported by webts port, answers as web.py does', { concurrency: 2 }, () => {
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const dir of readdirSync(apps).sort()) {
    if (!existsSync(join(apps, dir, 'app.py'))) continue;
    const cases = byApp.get(dir) ?? [];
    describe(`differential/apps/${dir}`, () => {
      let ported: ReturnType<typeof portApp> | undefined;
      let pair: Pair | undefined;
      let sinks: { py: SmtpSink; ts: SmtpSink } | undefined;
      before(async () => {
        ported = portApp(dir);
        if (ported.todos.length > 0) return;
        if (CASES.some((c) => c.dir === dir && c.smtp))
          sinks = { py: await startSmtpSink(), ts: await startSmtpSink() };
        const pyCwd = join(root, dir, 'cwd-py');
        const tsCwd = join(root, dir, 'cwd-ts');
        mkdirSync(pyCwd);
        mkdirSync(tsCwd);
        pair = await startPorted(
          dir,
          { app: join(apps, dir, 'app.py'), cwd: pyCwd },
          { app: join(ported.out, 'app.ts'), cwd: tsCwd },
          sinks,
        );
      });
      after(async () => {
        await pair?.stop();
        await Promise.all([sinks?.py.close(), sinks?.ts.close()]);
      });

      for (const c of cases) {
        it(c.name, async () => {
          assert.ok(ported);
          const pending = PORT_TODOS[dir];
          if (pending !== undefined) {
            assert.ok(
              ported.todos.length > 0,
              `apps/${dir} now ports with no TODO: take it out of PORT_TODOS (${pending})`,
            );
            return;
          }
          assert.deepEqual(ported.todos, [], 'the port left TODOs');
          assert.ok(pair, 'both sides started');
          const results = await runCase(c, pair);
          assert.deepEqual(
            results
              .filter((r) => r.pyProblem)
              .map((r) => `${r.step.method ?? 'GET'} ${r.step.path}: ${r.pyProblem}`),
            [],
          );
          assert.ok(
            results.every((r) => r.same),
            `${describeDifferences(results)}\n${pair.logs()}`,
          );
        });
      }
    });
  }
});
