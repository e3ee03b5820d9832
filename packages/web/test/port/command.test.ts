/**
 * `webts port` as a command: its errors (a syntax error with file:line, a missing file, no python3),
 * its summary with the TODOs left and their places, and what it writes besides the .ts files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'src', 'cli.ts');
const work = mkdtempSync(join(tmpdir(), 'port-cli-'));

function webts(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), cli, ...args], {
    encoding: 'utf8',
    cwd: work,
    env: { ...process.env, ...env },
  });
}

function write(name: string, text: string): string {
  const path = join(work, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('webts port, the command', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  it('ports a file into --out, copies templates/ and static/, writes a package.json, and says so', () => {
    write(
      'site/app.py',
      "import web\nurls = ('/', 'Index')\napp = web.application(urls, globals())\n\nclass Index:\n    def GET(self):\n        return 'hi'\n\nif __name__ == '__main__':\n    app.run()\n",
    );
    write('site/templates/page.html', '$def with (x)\n<p>$x</p>\n');
    write('site/static/style.css', 'body { color: red }\n');
    const run = webts(['port', 'site/app.py', '--out', 'ported']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /translated site\/app\.py → ported\/app\.ts \(1 classes, 1 handler methods, 0 functions\)/,
    );
    assert.match(run.stdout, /copied templates\/ unchanged/);
    assert.match(run.stdout, /copied static\/ unchanged/);
    assert.match(run.stdout, /nothing left to do by hand/);
    assert.equal(
      readFileSync(join(work, 'ported/templates/page.html'), 'utf8'),
      '$def with (x)\n<p>$x</p>\n',
    );
    assert.ok(existsSync(join(work, 'ported/static/style.css')));
    assert.equal(JSON.parse(readFileSync(join(work, 'ported/package.json'), 'utf8')).type, 'module');
    const code = readFileSync(join(work, 'ported/app.ts'), 'utf8');
    assert.match(code, /const app = web\.application\(urls, \(\) => \(\{ Index \}\)\);/);
    assert.match(code, /if \(web\.isMain\(import\.meta\)\) app\.run\(\);/);
  });

  it('lists each construct it could not translate with file:line, and marks it in the output', () => {
    write(
      'todo/app.py',
      "import web\nimport csv\n\ndef f(x):\n    return {1, 2}\n\nclass Index:\n    def GET(self):\n        with open('x') as fh:\n            return fh.read()\n",
    );
    const run = webts(['port', 'todo/app.py', '--out', 'todo-out']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /3 place\(s\) not translated/);
    assert.match(run.stdout, /todo\/app\.py:2: module `csv` has no webts translation: import csv/);
    assert.match(run.stdout, /todo\/app\.py:5: sets are not translated: return \{1, 2\}/);
    assert.match(
      run.stdout,
      /todo\/app\.py:9: `with` is translated for `db\.transaction\(\)` only: with open\('x'\) as fh:/,
    );
    const code = readFileSync(join(work, 'todo-out/app.ts'), 'utf8');
    assert.match(
      code,
      /\/\/ TODO\(webts port\): sets are not translated \(todo\/app\.py:5\): return \{1, 2\}/,
    );
  });

  it('a Python syntax error is reported with file and line, and nothing is written', () => {
    write('bad/app.py', 'import web\n\nclass Index:\n    def GET(self)\n        return 1\n');
    const run = webts(['port', 'bad/app.py', '--out', 'bad-out']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^webts port: bad\/app\.py:4:\d+: syntax error: /);
    assert.ok(!existsSync(join(work, 'bad-out')));
  });

  it('a missing file is a clear error', () => {
    const run = webts(['port', 'nowhere.py']);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'webts port: nowhere.py: no such file or folder\n');
  });

  it('without python3 it says what it needs', () => {
    write('nopy/app.py', 'import web\n');
    const run = webts(['port', 'nopy/app.py'], { WEBTS_PORT_PYTHON: join(work, 'no-python-here') });
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /found no python3 \(tried .*no-python-here\)\. Install Python 3, or name the interpreter/,
    );
  });

  it('usage errors exit 2; webts dev still answers', () => {
    assert.equal(webts(['port']).status, 2);
    assert.equal(webts(['port', 'a.py', '--bogus']).status, 2);
    const help = webts(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stderr, /webts dev APP \[address\]/);
    assert.match(help.stderr, /webts port APP\.py\|FOLDER \[--out DIR\]/);
  });
});
