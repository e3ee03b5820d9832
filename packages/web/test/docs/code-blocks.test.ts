import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Every TypeScript and JavaScript block in README.md and docs/*.md is type-checked, strict, against
 * webts's own sources, so a doc example that would not compile (a missing await, a name that does not
 * exist, a wrong option) fails the suite.
 *
 * What a page can say, after the fence's language (```ts file=app in=examples/todo):
 *   file=NAME  blocks of one page with the same NAME are one module, in page order (a tutorial that
 *              builds app.ts piece by piece); without it every block is a module of its own.
 *   in=DIR     the module is checked as if it were a file in DIR of this repository, so its relative
 *              imports (`./model.js`) find the files the page talks about.
 * An HTML comment on the line just above the fence, `<!-- check: declare const id: string; -->`, is
 * code the reader does not need to see (what the prose around it already set up); it goes in front of
 * the block's first line. A block that does not import `web` gets `import web from 'webts'` there too,
 * and the names many fragments use without declaring them (app, db, render, session) are declared in
 * PRELUDE with the types webts gives them. TypeScript blocks are checked with `strict`; JavaScript
 * blocks with `strict` too, less the implicit-any rule (JavaScript has no annotations to add).
 */

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../../../..');
const webSrc = join(repo, 'packages/web/src/index.ts');
const work = join(here, '.tmp');

const PRELUDE = `
import type webDefault from 'webts';
declare global {
  const app: ReturnType<typeof webDefault.application>;
  const db: ReturnType<typeof webDefault.database>;
  const render: ReturnType<typeof webDefault.template.render>;
  const session: webDefault.session.Session;
}
export {};
`;

export interface Block {
  doc: string;
  line: number; // doc line of the module's line 1
  lang: 'ts' | 'js';
  code: string;
  hidden: string; // from `<!-- check: … -->` comments
  name?: string; // file=NAME
  dir?: string; // in=DIR
  expect: [string, string][]; // `<!-- expect: PATH BODY -->` lines after the fence: run it and ask
}

function docs(): string[] {
  const list = ['README.md'];
  for (const name of readdirSync(join(repo, 'docs')).sort())
    if (name.endsWith('.md')) list.push(`docs/${name}`);
  return list;
}

/** The modules of one page: each block, or the blocks sharing a `file=NAME` (lines padded to match). */
export function blocks(doc: string, text = readFileSync(join(repo, doc), 'utf8')): Block[] {
  const lines = text.split('\n');
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript|js|javascript)\b(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const lang = open[1]?.startsWith('j') ? 'js' : 'ts';
    const flags = Object.fromEntries(
      (open[2] ?? '')
        .trim()
        .split(/\s+/)
        .map((f) => f.split('=')),
    ) as Record<string, string | undefined>;
    const start = i + 1; // 0-based index of the block's first line
    let end = start;
    while (end < lines.length && !(lines[end] as string).startsWith('```')) end++;
    const code = lines.slice(start, end).join('\n');
    const hidden = /^<!-- check: (.*) -->$/.exec(lines[i - 1] ?? '')?.[1] ?? '';
    const expect: [string, string][] = [];
    for (let j = end + 1; /^<!-- expect: /.test(lines[j] ?? ''); j++) {
      const m = /^<!-- expect: (\S+) (.*) -->$/.exec(lines[j] as string);
      if (m) expect.push([m[1] as string, m[2] as string]);
    }
    const same = flags.file === undefined ? undefined : found.find((b) => b.name === flags.file);
    if (same) {
      const used = same.code.split('\n').length;
      same.code += '\n'.repeat(start + 1 - (same.line + used) + 1) + code;
      same.hidden += hidden;
      same.expect.push(...expect);
    } else {
      found.push({ doc, line: start + 1, lang, code, hidden, name: flags.file, dir: flags.in, expect });
    }
    i = end;
  }
  return found;
}

/**
 * Calls whose promise needs no await: `app.run()` reports its own failures and runs until stopped;
 * node:test's `test`/`it`/`describe` are awaited by the runner.
 */
const SELF_HANDLED = /(^|\.)run$|^(test|it|describe)$/;

const isThenable = (checker: ts.TypeChecker, type: ts.Type): boolean =>
  type.getProperty('then') !== undefined ||
  (type.isUnion() && type.types.some((t) => isThenable(checker, t)));

/**
 * The mistakes a type-check lets through: a promise dropped on the floor (`db.insert(...)` as a
 * statement, neither awaited, returned nor `void`ed) and a promise handed to a parameter that takes
 * anything (`render.index(db.select('todo'))`: the template would get a Promise, not rows).
 */
function floatingPromises(checker: ts.TypeChecker, source: ts.SourceFile): [number, string][] {
  const found: [number, string][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node) && ts.isCallExpression(node.expression)) {
      if (
        !SELF_HANDLED.test(node.expression.expression.getText(source)) &&
        isThenable(checker, checker.getTypeAtLocation(node.expression))
      )
        found.push([node.getStart(source), 'a promise is neither awaited nor returned']);
    }
    if (ts.isCallExpression(node)) {
      for (const arg of node.arguments) {
        const wanted = checker.getContextualType(arg);
        const loose =
          wanted === undefined || (wanted.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
        if (loose && isThenable(checker, checker.getTypeAtLocation(arg)))
          found.push([
            arg.getStart(source),
            'a promise is passed where a value is expected (missing await?)',
          ]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Type-check the blocks; each problem as `doc:line: message`. */
export function check(all: Block[]): string[] {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const written: string[] = [];
  const byFile = new Map<string, Block>();
  const prelude = join(work, 'prelude.d.ts');
  writeFileSync(prelude, PRELUDE);
  for (const [n, block] of all.entries()) {
    const folder = block.dir ? join(repo, block.dir) : work;
    const file = join(folder, `.docs-block-${n}.${block.lang}`);
    const imports = /^import\s+(\*\s+as\s+)?web\b/m.test(block.code) ? '' : "import web from 'webts'; ";
    writeFileSync(file, `${imports}${block.hidden} ${block.code}`);
    written.push(file);
    byFile.set(file, block);
  }
  const problems: string[] = [];
  try {
    for (const lang of ['ts', 'js'] as const) {
      const files = written.filter((f) => f.endsWith(`.${lang}`));
      if (files.length === 0) continue;
      const program = ts.createProgram([prelude, ...files], {
        strict: true,
        noImplicitAny: lang === 'ts',
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        moduleDetection: ts.ModuleDetectionKind.Force,
        allowJs: true,
        checkJs: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(repo, 'node_modules/@types')],
        paths: { webts: [webSrc] },
        lib: ['lib.es2023.d.ts'],
      });
      for (const file of files) {
        const source = program.getSourceFile(file);
        const block = byFile.get(file);
        if (source && block)
          for (const [pos, message] of floatingPromises(program.getTypeChecker(), source)) {
            problems.push(
              `${block.doc}:${block.line + source.getLineAndCharacterOfPosition(pos).line}: ${message}`,
            );
          }
      }
      for (const d of ts.getPreEmitDiagnostics(program)) {
        const file = d.file?.fileName;
        const block = file === undefined ? undefined : byFile.get(file);
        const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        if (block && d.file && d.start !== undefined) {
          const { line } = d.file.getLineAndCharacterOfPosition(d.start);
          problems.push(`${block.doc}:${block.line + line}: ${message}`);
        } else if (file === undefined || file === prelude) {
          problems.push(`${file ?? '(program)'}: ${message}`);
        }
      }
    }
  } finally {
    for (const file of written) rmSync(file, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
  return problems.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * Run a block that is a whole app the way its page says (`node app.js ADDRESS`), ask it for each
 * expected path, stop it. Resolves to the bodies it answered, by path.
 */
async function runApp(block: Block): Promise<Record<string, string>> {
  mkdirSync(work, { recursive: true });
  const file = join(work, `app-${block.line}.${block.lang === 'ts' ? 'ts' : 'mjs'}`);
  writeFileSync(file, block.code);
  const child = spawn(process.execPath, ['--import', 'tsx', file, '127.0.0.1:0'], {
    cwd: work,
    env: { ...process.env, NODE_TEST_CONTEXT: undefined, PORT: undefined },
  });
  let output = '';
  child.stderr.on('data', (d) => {
    output += d;
  });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /http:\/\/[\d.]+:(\d+)\//.exec(stdout);
        if (m) resolve(`http://127.0.0.1:${m[1]}`);
      });
      child.once('exit', (code) =>
        reject(new Error(`${block.doc}:${block.line}: exited ${code}\n${output}`)),
      );
    });
    const bodies: Record<string, string> = {};
    for (const [path] of block.expect) bodies[path] = await (await fetch(base + path)).text();
    return bodies;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(work, { recursive: true, force: true });
  }
}

describe('code blocks in the docs', () => {
  it('the blocks that are whole apps run, and answer what their page says', async () => {
    const apps = docs()
      .flatMap((doc) => blocks(doc))
      .filter((b) => b.expect.length > 0);
    assert.ok(apps.length >= 2, `only ${apps.length} runnable blocks found`);
    for (const block of apps) {
      const bodies = await runApp(block);
      assert.deepEqual(bodies, Object.fromEntries(block.expect), `${block.doc}:${block.line}`);
    }
  });

  it('every TypeScript and JavaScript block type-checks (strict) against webts', () => {
    const all = docs().flatMap((doc) => blocks(doc));
    assert.ok(all.length > 40, `only ${all.length} blocks found: is the extraction broken?`);
    const problems = check(all);
    assert.deepEqual(
      problems,
      [],
      `docs code that does not compile (${problems.length}):\n${problems.join('\n')}`,
    );
  });

  it('a broken block is reported at its line in the doc, through file= joins and check comments', () => {
    const page = [
      '# x', // 1
      '```ts file=a', // 2
      "import web from 'webts';", // 3
      'const n: number = 1;', // 4
      '```', // 5
      'prose', // 6
      '<!-- check: declare const id: string; -->', // 7
      '```ts file=a', // 8
      'web.nosuchname(id, n);', // 9
      '```', // 10
      '```js', // 11
      'export const f = (x) => x.y;', // 12
      'f(1).z.w = web.seeother;', // 13
      '```', // 14
      '```ts', // 15
      "const db = web.database({ dbn: 'sqlite', db: ':memory:' });", // 16
      "db.insert('t', { a: 1 });", // 17
      "void db.insert('t', { a: 1 });", // 18
      "await db.insert('t', { a: 1 });", // 19
      "web.template.Template('$def with (x)\\n$x')(db.select('t'));", // 20
      '```', // 21
    ].join('\n');
    const found = blocks('docs/x.md', page);
    assert.equal(found.length, 3);
    assert.deepEqual(check(found), [
      "docs/x.md:9: Property 'nosuchname' does not exist on type 'typeof import(\"" +
        webSrc.replace(/index\.ts$/, 'web') +
        '")\'.',
      'docs/x.md:17: a promise is neither awaited nor returned',
      'docs/x.md:20: a promise is passed where a value is expected (missing await?)',
    ]);
  });
});
