import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import web, * as star from '../../src/index.js';

/**
 * `sorted(n for n in dir(web) if not n.startswith('_'))` of web.py 0.62, checked in (with the public names of its modules, webapi's and
 * browser's `__all__`) so the test runs without Python.
 */
const fixture = JSON.parse(readFileSync(new URL('./webpy-names.json', import.meta.url), 'utf8')) as {
  web: string[];
  'browser.__all__': string[];
} & Record<(typeof MODULES)[number], string[]>;

/** web.py's modules whose public names (`__all__`, or `dir()` without `_` names) the fixture holds. */
const MODULES = ['utils', 'net', 'http', 'db', 'template', 'form', 'session'] as const;

/** Module names with no meaning in Node (docs/porting.md lists them). */
const MODULE_PYTHON_ONLY: Partial<Record<(typeof MODULES)[number], string[]>> = {
  template: ['test'], // web.py's doctest runner
  form: ['copy', 'net', 're', 'utils', 'web'], // modules web.form imports for itself
};

/** web.py names with no meaning in Node (docs/porting.md says why, name by name). */
const PYTHON_ONLY = [
  'os', // Python's os module, re-exported by accident of `from ... import *`
  'sys', // likewise
  'py3helpers', // Python 2/3 compatibility shims
  'web', // the package importing itself
  'wsgi', // WSGI server selection (FastCGI/SCGI/simple) from argv
  'runwsgi', // the same, as a function: use app.run() or web.httpserver.runsimple
  'runfcgi', // FastCGI (flup)
  'runscgi', // SCGI (flup)
];

/**
 * Names other branches still have to add (empty now: web.db came with the db branch, web.utils /
 * web.net / web.http / sendmail / emailerrors with the utils branch); a name left here that exists
 * is reported too.
 */
const ADDED_BY_OTHER_BRANCHES: string[] = [];

describe("web.py's top-level names", () => {
  it('every one exists in webts, or is listed as Python-only (or still to come from another branch)', () => {
    const have = new Set(Object.keys(web));
    const missing = fixture.web.filter(
      (n) => !have.has(n) && !PYTHON_ONLY.includes(n) && !ADDED_BY_OTHER_BRANCHES.includes(n),
    );
    assert.deepEqual(missing, []);
  });

  it('the Python-only names are really absent, and the allowance holds only names still missing', () => {
    const have = new Set(Object.keys(web));
    assert.deepEqual(
      PYTHON_ONLY.filter((n) => have.has(n)),
      [],
    );
    assert.deepEqual(
      ADDED_BY_OTHER_BRANCHES.filter((n) => have.has(n)),
      [],
      'these now exist: take them out of ADDED_BY_OTHER_BRANCHES',
    );
    for (const n of [...PYTHON_ONLY, ...ADDED_BY_OTHER_BRANCHES]) assert.ok(fixture.web.includes(n), n);
  });

  it('import web and import * as web give the same names', () => {
    // The default export is web.ts's namespace; the package's namespace adds only `default`.
    assert.deepEqual(
      Object.keys(web).sort(),
      Object.keys(star)
        .filter((n) => n !== 'default')
        .sort(),
    );
    for (const n of Object.keys(web))
      assert.equal((web as Record<string, unknown>)[n], (star as Record<string, unknown>)[n], n);
    assert.ok(Object.keys(web).length > 100);
  });

  it("web.browser has web.py's AppBrowser, Browser and BrowserError (AppHandler is urllib's plumbing)", () => {
    const missing = fixture['browser.__all__'].filter((n) => !(n in web.browser) && n !== 'AppHandler');
    assert.deepEqual(missing, []);
  });
});

describe("web.py's module names", () => {
  for (const module of MODULES) {
    it(`web.${module} has every public name of web.py's web.${module}, or lists it as Python-only`, () => {
      const namespace = (web as unknown as Record<string, Record<string, unknown>>)[module];
      assert.ok(namespace, `web.${module} exists`);
      const pythonOnly = MODULE_PYTHON_ONLY[module] ?? [];
      const missing = fixture[module].filter((n) => !(n in namespace) && !pythonOnly.includes(n));
      assert.deepEqual(missing, []);
      assert.deepEqual(
        pythonOnly.filter((n) => n in namespace),
        [],
      );
    });
  }
});
