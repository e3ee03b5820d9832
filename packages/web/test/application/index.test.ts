import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import web, * as star from '../../src/index.js';

describe("import web from 'webts'", () => {
  it('the default export and the namespace expose the same API', () => {
    const names = Object.keys(star)
      .filter((k) => k !== 'default')
      .sort();
    assert.deepEqual(Object.keys(web).sort(), names); // the default export is web.ts's namespace: no 'default' in it
    for (const name of names)
      assert.equal((web as Record<string, unknown>)[name], (star as Record<string, unknown>)[name], name);
    for (const name of [
      'application',
      'ctx',
      'input',
      'data',
      'cookies',
      'setcookie',
      'header',
      'seeother',
      'notfound',
      'config',
      'storage',
      'loadhook',
      'unloadhook',
      'isMain',
      'HTTPError',
    ])
      assert.ok(name in star, name);
  });

  it("the package name 'webts' resolves (built dist) and gives the same API both ways", (t) => {
    const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    if (!existsSync(dist)) {
      t.skip('packages/web/dist is not built (run `npx tsc -b`)');
      return;
    }
    // A child process: the test itself runs the TypeScript sources, the package name resolves to dist.
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const d = (await import('webts')).default; const n = await import('webts'); console.log(JSON.stringify([typeof d.application, d.application === n.application, Object.keys(n).length > 20]));",
      ],
      { cwd: fileURLToPath(new URL('../../../..', import.meta.url)), encoding: 'utf8' },
    );
    assert.deepEqual(JSON.parse(out), ['function', true, true]);
  });
});
