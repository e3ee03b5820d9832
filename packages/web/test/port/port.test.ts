/**
 * `webts port` end to end: each app of corpus/ is ported by the command, then the original runs under
 * web.py 0.62 and the port under webts, the same requests go to both (the differential harness), and
 * the answers must agree. The ports are also type-checked with `tsc --strict` against the webts package.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { port, summary } from '../../src/port/command.js';
import { describeDifferences, type Pair, runCase } from '../differential/harness.js';
import { CORPUS, type CorpusApp } from './corpus.js';
import { linkWebts, packageDir, startPorted } from './pair.js';

const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(packageDir, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');

/** Copy the corpus app, port it, and make `webts` resolvable from the port's folder. */
export function prepare(app: CorpusApp): { root: string; pyDir: string; tsDir: string; report: string } {
  const root = mkdtempSync(join(tmpdir(), `port-${app.dir}-`));
  const pyDir = join(root, 'py');
  const tsDir = join(root, 'ts');
  cpSync(join(here, 'corpus', app.dir), pyDir, { recursive: true });
  const result = port(join(pyDir, app.main ?? 'app.py'), { out: tsDir });
  linkWebts(tsDir);
  return { root, pyDir, tsDir, report: summary(result) };
}

it('every port of the corpus (and of the differential corpus) type-checks with tsc --strict against webts', () => {
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
    // The differential corpus's apps too, TODOs and all: what is left for a person still compiles.
    const differential = join(here, '..', 'differential', 'apps');
    for (const dir of readdirSync(differential)) {
      const out = join(root, `differential-${dir}`);
      port(join(differential, dir, 'app.py'), { out });
      files.push(join(out, 'app.ts'));
    }
    const semantics = join(root, 'semantics');
    port(join(here, 'python', 'semantics.py'), { out: semantics });
    files.push(join(semantics, 'semantics.ts'));
    linkWebts(root);
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
    linkWebts(root);
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
        const main = (app.main ?? 'app.py').replace(/\.py$/, '');
        pair = await startPorted(
          app.dir,
          { app: join(prepared.pyDir, `${main}.py`), cwd: prepared.pyDir },
          { app: join(prepared.tsDir, `${main}.ts`), cwd: prepared.tsDir },
        );
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
