/**
 * `webts port` end to end: each app of corpus/ is ported by the command, then the original runs under
 * web.py 0.62 and the port under webts, the same requests go to both (the differential harness), and
 * the answers must agree. The ports are also type-checked with `tsc --strict` against the webts package.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { port, summary } from '../../src/port/command.js';
import {
  describeDifferences,
  type Pair,
  runCase,
  type Side,
  startPortFile,
  startPythonFile,
} from '../differential/harness.js';
import { CORPUS, type CorpusApp } from './corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..', '..');
const tsc = join(packageDir, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');

/** Copy the corpus app, port it, and make `webts` resolvable from the port's folder. */
export function prepare(app: CorpusApp): { root: string; pyDir: string; tsDir: string; report: string } {
  const root = mkdtempSync(join(tmpdir(), `port-${app.dir}-`));
  const pyDir = join(root, 'py');
  const tsDir = join(root, 'ts');
  cpSync(join(here, 'corpus', app.dir), pyDir, { recursive: true });
  const result = port(join(pyDir, app.main ?? 'app.py'), { out: tsDir });
  mkdirSync(join(tsDir, 'node_modules'), { recursive: true });
  symlinkSync(packageDir, join(tsDir, 'node_modules', 'webts'), 'dir');
  return { root, pyDir, tsDir, report: summary(result) };
}

async function startBoth(app: CorpusApp, pyDir: string, tsDir: string): Promise<Pair> {
  const main = (app.main ?? 'app.py').replace(/\.py$/, '');
  const [py, ts] = await Promise.allSettled([
    startPythonFile(join(pyDir, `${main}.py`), pyDir),
    startPortFile(join(tsDir, `${main}.ts`), tsDir),
  ]);
  const sides = [py, ts].filter((s): s is PromiseFulfilledResult<Side> => s.status === 'fulfilled');
  const stop = async () => {
    await Promise.all(sides.map((s) => s.value.stop()));
  };
  if (py.status === 'rejected' || ts.status === 'rejected') {
    await stop();
    throw py.status === 'rejected' ? py.reason : (ts as PromiseRejectedResult).reason;
  }
  return {
    dir: app.dir,
    py: py.value,
    ts: ts.value,
    logs: () => `--- web.py stderr\n${py.value.stderr()}\n--- webts stderr\n${ts.value.stderr()}`,
    stop,
  };
}

it('every port of the corpus type-checks with tsc --strict against webts', () => {
  const root = mkdtempSync(join(tmpdir(), 'port-tsc-'));
  try {
    const files: string[] = [];
    for (const app of CORPUS) {
      const out = join(root, app.dir);
      port(join(here, 'corpus', app.dir, app.main ?? 'app.py'), { out });
      files.push(
        ...readdirSync(out)
          .filter((f) => f.endsWith('.ts'))
          .map((f) => join(out, f)),
      );
    }
    const semantics = join(root, 'semantics');
    port(join(here, 'python', 'semantics.py'), { out: semantics });
    files.push(join(semantics, 'semantics.ts'));
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    symlinkSync(packageDir, join(root, 'node_modules', 'webts'), 'dir');
    writeFileSync(join(root, 'package.json'), '{"type": "module"}\n');
    const run = spawnSync(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--target',
        'ES2022',
        '--module',
        'NodeNext',
        '--moduleResolution',
        'NodeNext',
        '--skipLibCheck',
        '--types',
        'node',
        '--typeRoots',
        join(packageDir, 'node_modules', '@types'),
        ...files,
      ],
      { encoding: 'utf8', cwd: root },
    );
    assert.equal(run.status, 0, run.stdout + run.stderr);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it("Python's statements and expressions: the port of python/semantics.py prints what Python prints", () => {
  const root = mkdtempSync(join(tmpdir(), 'port-semantics-'));
  try {
    const source = join(here, 'python', 'semantics.py');
    const result = port(source, { out: root });
    assert.deepEqual(result.todos, []);
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    symlinkSync(packageDir, join(root, 'node_modules', 'webts'), 'dir');
    const py = spawnSync('/usr/bin/python3', [source], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    const ts = spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(root, 'semantics.ts')],
      {
        encoding: 'utf8',
        cwd: root,
      },
    );
    assert.equal(ts.stderr, '');
    assert.equal(ts.stdout, py.stdout);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

describe('webts port: the corpus ports with no hand edit and answers as web.py does', {
  concurrency: 2,
}, () => {
  for (const app of CORPUS) {
    describe(`corpus/${app.dir}`, () => {
      let pair: Pair | undefined;
      let prepared: ReturnType<typeof prepare> | undefined;
      before(async () => {
        prepared = prepare(app);
        pair = await startBoth(app, prepared.pyDir, prepared.tsDir);
      });
      after(async () => {
        await pair?.stop();
        if (prepared) rmSync(prepared.root, { recursive: true, force: true });
      });

      it('ports without a TODO', () => {
        assert.ok(prepared);
        assert.match(prepared.report, /nothing left to do by hand/, prepared.report);
      });

      for (const c of app.cases) {
        it(c.name, async () => {
          assert.ok(pair, 'both sides started');
          const results = await runCase(c, pair);
          const broken = results.filter((r) => r.pyProblem);
          assert.deepEqual(
            broken.map((r) => `${r.step.method ?? 'GET'} ${r.step.path}: ${r.pyProblem}`),
            [],
            `the web.py app itself misbehaves\n${pair.logs()}`,
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
