import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import web from '../../src/index.js';
import { muteWarnings, warningsDuring as warningsDuringAny } from '../helpers/stderr.js';

/** The next process warning with `code` (warnings are emitted on a later tick), caught, not printed. */
function nextWarning(code: string): Promise<Error & { code?: string }> {
  const unmute = muteWarnings();
  return new Promise((resolve) => {
    const listener = (w: Error & { code?: string }) => {
      if (w.code !== code) return;
      process.off('warning', listener);
      unmute();
      resolve(w);
    };
    process.on('warning', listener);
  });
}

/** The messages of the warnings with `code` emitted while `fn` runs (caught, not printed). */
async function warningsDuring(code: string, fn: () => void): Promise<string[]> {
  return (await warningsDuringAny(fn)).filter((w) => w.code === code).map((w) => w.message);
}

describe('friendly failures at start-up', () => {
  it('a port already in use: one line saying so and how to pick another, exit status 1', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      const script = fileURLToPath(new URL('./fixtures/run-app.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, `127.0.0.1:${port}`], {
        env: { ...process.env, NODE_TEST_CONTEXT: undefined, PORT: undefined },
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const [code] = (await once(child, 'exit')) as [number];
      assert.equal(code, 1);
      assert.equal(
        stderr,
        `webts: 127.0.0.1:${port} is already in use by another program. Pick another port: node run-app.ts 8080 (or PORT=8080).\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('a urls target that is not in the mapping suggests the nearest class name', () => {
    class Index {
      GET() {
        return 'i';
      }
    }
    class Login {
      GET() {
        return 'l';
      }
    }
    assert.throws(
      () => web.application(['/', 'Indx'], { Index, Login }),
      /no class named 'Indx'\. Did you mean 'Index'\?/,
    );
    assert.throws(() => web.application(['/', 'index'], { Index, Login }), /Did you mean 'Index'\?/);
    assert.throws(() => web.application(['/', 'Logni'], { Index, Login }), /Did you mean 'Login'\?/);
    assert.throws(
      () => web.application(['/', 'Something'], { Index, Login }),
      (e: Error) => /no class named 'Something'/.test(e.message) && !/Did you mean/.test(e.message),
    );
  });

  it('a handler class with get() but no GET() warns when the app is built, and GET is still a 405 as in web.py', async () => {
    class Lower {
      get() {
        return 'never';
      }
      post() {
        return 'never';
      }
    }
    class Both {
      get() {
        return 'helper';
      }
      GET() {
        return 'ok';
      }
    }
    let app: ReturnType<typeof web.application> | undefined;
    const warnings = await warningsDuring('WEBTS_LOWERCASE_METHOD', () => {
      app = web.application(
        [
          '/lower',
          'Lower',
          '/both',
          'Both',
          '/inline',
          class Inline {
            put() {}
          },
        ],
        {
          Lower,
          Both,
        },
      );
    });
    assert.deepEqual(warnings, [
      'web.application: Lower has a method get() but no GET(); handler methods are named after the HTTP method in capitals, as in web.py: GET()',
      'web.application: Lower has a method post() but no POST(); handler methods are named after the HTTP method in capitals, as in web.py: POST()',
      'web.application: Inline has a method put() but no PUT(); handler methods are named after the HTTP method in capitals, as in web.py: PUT()',
    ]);
    assert.equal((await app?.request('/lower'))?.status, '405 Method Not Allowed');
    assert.equal((await app?.request('/both'))?.data, 'ok');
    // Said once per class, not again for each app that uses it.
    assert.deepEqual(
      await warningsDuring('WEBTS_LOWERCASE_METHOD', () => web.application(['/', 'Lower'], { Lower })),
      [],
    );
  });
});

describe('templates at start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-friendly-'));
  after(() => {
    web.config.debug = false;
    rmSync(dir, { recursive: true, force: true });
  });
  const folder = (name: string, files: Record<string, string>) => {
    const path = join(dir, name);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(path, file, '..'), { recursive: true });
      writeFileSync(join(path, file), text);
    }
    return path;
  };

  it('a template folder that does not exist is reported when render() is called', async () => {
    const missing = join(dir, 'no-such-folder');
    const warning = nextWarning('WEBTS_NO_TEMPLATES');
    const render = web.template.render(missing);
    assert.equal(
      (await warning).message,
      `web.template.render: the template folder ${missing} does not exist`,
    );
    assert.throws(() => render.index?.(), /Template folder is not readable: "index"/); // and still an error at use
    assert.throws(
      () => web.template.render(missing, { preload: true }),
      new RegExp(`The template folder does not exist or is not readable: ${missing}`),
    );
  });

  it('preload: a syntax error in any template, sub-folders too, is thrown by render() with its file and line', () => {
    const good = folder('good', { 'index.html': '$def with (x)\n<p>$x</p>\n', 'parts/nav.html': '<nav/>\n' });
    const render = web.template.render(good, { preload: true });
    assert.equal(String(render.index?.('a')), '<p>a</p>\n');
    const bad = folder('bad', { 'index.html': 'ok\n', 'parts/nav.html': 'line one\n$for x in:\n  $x\n' });
    assert.throws(
      () => web.template.render(bad, { preload: true }),
      (e: Error) => e.message.includes(join(bad, 'parts/nav.html')) && /line 2|:2\b/.test(e.message),
    );
    // Without preload the same folder loads, and the error waits for the page that needs it.
    const lazy = web.template.render(bad);
    assert.equal(String(lazy.index?.()), 'ok\n');
    assert.throws(() => lazy.parts?.nav?.(), /nav\.html/);
  });

  it('with web.config.debug on, web.template.render preloads', () => {
    const bad = folder('debug-bad', { 'index.html': '$if:\n' });
    web.config.debug = true;
    try {
      assert.throws(() => web.template.render(bad), /index\.html/);
      assert.doesNotThrow(() => web.template.render(bad, { preload: false }));
    } finally {
      web.config.debug = false;
    }
  });
});
