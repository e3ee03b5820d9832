import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CASES, KNOWN_BUGS, PENDING_FEATURES } from './cases.js';
import { describeDifferences, runCase } from './harness.js';

describe('differential: web.py 0.62 apps and their webts ports answer alike', { concurrency: 3 }, () => {
  it('every pending or known-bug entry names a case', () => {
    const names = new Set(CASES.map((c) => c.name));
    for (const entry of [...PENDING_FEATURES, ...KNOWN_BUGS]) assert.ok(names.has(entry.case), entry.case);
    assert.equal(names.size, CASES.length, 'case names are unique');
  });

  for (const c of CASES) {
    const pending = PENDING_FEATURES.find((p) => p.case === c.name);
    const bug = KNOWN_BUGS.find((b) => b.case === c.name);
    const title = pending
      ? `${c.name} [pending: ${pending.missing}] still differs`
      : bug
        ? `${c.name} [known bug] still differs`
        : c.name;
    it(title, async () => {
      const { results, logs } = await runCase(c);
      if (process.env.DIFF_SHOW) console.log(JSON.stringify(results, null, 1));
      const broken = results.filter((r) => r.pyProblem);
      assert.deepEqual(
        broken.map((r) => `${r.step.method ?? 'GET'} ${r.step.path}: ${r.pyProblem}`),
        [],
        `the web.py app itself misbehaves\n${logs}`,
      );
      const differences = describeDifferences(results);
      if (pending || bug) {
        assert.notEqual(
          differences,
          '',
          `${c.name} now answers like web.py: move it out of ${pending ? 'PENDING_FEATURES' : 'KNOWN_BUGS'}`,
        );
      } else {
        assert.equal(differences, '', `${c.name}: webts differs from web.py\n${differences}\n${logs}`);
      }
    });
  }
});
