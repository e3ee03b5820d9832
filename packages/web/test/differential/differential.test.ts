import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CASES, KNOWN_BUGS, PENDING_FEATURES } from './cases.js';
import {
  type Case,
  describeDifferences,
  documented,
  normaliseCookie,
  type Pair,
  runCase,
  type Seen,
  startPair,
} from './harness.js';

/** The cases grouped by app, in corpus order: one process pair per app serves all its cases. */
const byApp = new Map<string, Case[]>();
for (const c of CASES) byApp.set(c.dir, [...(byApp.get(c.dir) ?? []), c]);

describe('differential: web.py 0.62 apps and their webts ports answer alike', { concurrency: 3 }, () => {
  it('every pending or known-bug entry names a case, and names are unique', () => {
    const names = new Set(CASES.map((c) => c.name));
    assert.equal(names.size, CASES.length);
    for (const entry of [...PENDING_FEATURES, ...KNOWN_BUGS]) assert.ok(names.has(entry.case), entry.case);
  });

  it('cookies are compared with attributes sorted, dates as distances and random values masked', () => {
    const soon = new Date(Date.now() + 3600_000).toUTCString();
    assert.equal(
      normaliseCookie(`sid=abc123; Path=/; HttpOnly; Expires=${soon}; SameSite=Lax`, ['sid']),
      'sid=<random>; expires=<now+60min>; httponly; path=/; samesite=lax',
    );
    assert.equal(
      normaliseCookie('gone=; expires=Mon, 20 Mar 1995 23:07:47 GMT; Path=/', []),
      'gone=; expires=<past date>; path=/',
    );
  });

  it('a documented difference is forgiven only when webts answers exactly as documented', () => {
    const py: Seen = {
      status: '500 Internal Server Error',
      headers: {},
      cookies: [],
      body: 'internal server error',
    };
    const as = (status: string, body: string): Seen => ({ status, headers: {}, cookies: [], body });
    const exact = as('400 Bad Request', 'bad request');
    documented(exact, py, { status: '400 Bad Request', body: 'bad request' });
    assert.deepEqual(exact, py);
    const other = as('400 Bad Request', 'something else');
    documented(other, py, { status: '400 Bad Request', body: 'bad request' });
    assert.deepEqual(other, as('400 Bad Request', 'something else'));
  });

  for (const [dir, cases] of byApp) {
    describe(`apps/${dir}`, () => {
      let pair: Pair | undefined;
      before(async () => {
        pair = await startPair(dir, { smtp: cases.some((c) => c.smtp) });
      });
      after(async () => {
        await pair?.stop();
      });

      for (const c of cases) {
        const pending = PENDING_FEATURES.find((p) => p.case === c.name);
        const bug = KNOWN_BUGS.find((b) => b.case === c.name);
        const title = pending
          ? `${c.name} [pending: ${pending.missing}] still differs`
          : bug
            ? `${c.name} [known bug] still differs`
            : c.name;
        it(title, async () => {
          assert.ok(pair, 'both sides started');
          const results = await runCase(c, pair);
          if (process.env.DIFF_SHOW) console.log(JSON.stringify(results, null, 1));
          const broken = results.filter((r) => r.pyProblem);
          assert.deepEqual(
            broken.map((r) => `${r.step.method ?? 'GET'} ${r.step.path}: ${r.pyProblem}`),
            [],
            `the web.py app itself misbehaves\n${pair.logs()}`,
          );
          const differences = describeDifferences(results);
          if (pending || bug) {
            assert.notEqual(
              differences,
              '',
              `${c.name} now answers like web.py: move it out of ${pending ? 'PENDING_FEATURES' : 'KNOWN_BUGS'}`,
            );
          } else {
            assert.equal(
              differences,
              '',
              `${c.name}: webts differs from web.py\n${differences}\n${pair.logs()}`,
            );
          }
        });
      }
    });
  }
});
