/**
 * `webts port app.py [--out DIR]`: read a web.py application (one `.py` file, or a folder of `.py`
 * modules with `templates/` and `static/`), write `DIR/<name>.ts` for each module, copy the templates
 * and static files unchanged, and say what was translated and what was left as a TODO.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { analyse, collectModule, type ModuleFacts, walkAll } from './analysis.js';
import { type ParsedModule, parsePython } from './python-ast.js';
import { type Todo, translateModule } from './translate.js';

/** What one run of the porter did. */
export interface PortResult {
  outDir: string;
  files: {
    from: string;
    to: string;
    classes: number;
    functions: number;
    handlers: number;
    async: number;
    todos: number;
  }[];
  copied: string[];
  todos: Todo[];
  wrotePackageJson: boolean;
}

/** Port the application at `input` (a `.py` file or a folder) into `outDir` (default: beside it). */
export function port(input: string, options: { out?: string } = {}): PortResult {
  const path = resolve(input);
  if (!existsSync(path)) throw new Error(`${input}: no such file or folder`);
  const isDir = statSync(path).isDirectory();
  const root = isDir ? path : dirname(path);
  const pyFiles = isDir
    ? readdirSync(root)
        .filter((f) => f.endsWith('.py'))
        .sort()
        .map((f) => join(root, f))
    : [path];
  if (!isDir && !path.endsWith('.py')) throw new Error(`${input}: not a .py file`);
  if (pyFiles.length === 0) throw new Error(`${input}: no .py files in this folder`);
  // Sibling modules a single file imports are ported with it.
  const names = new Set(
    readdirSync(root)
      .filter((f) => f.endsWith('.py'))
      .map((f) => f.slice(0, -3)),
  );
  const chosen = new Map<string, string>(pyFiles.map((f) => [basename(f, '.py'), f]));
  const parsed = new Map<
    string,
    { file: string; source: string; parsed: ParsedModule; facts: ModuleFacts }
  >();
  const queue = [...chosen.keys()];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (parsed.has(name)) continue;
    const file = join(root, `${name}.py`);
    const source = readFileSync(file, 'utf8');
    const display = relative(process.cwd(), file) || file;
    const tree = parsePython(source, display);
    const facts = collectModule(name, tree.tree, names);
    parsed.set(name, { file: display, source, parsed: tree, facts });
    for (const imported of [
      ...facts.moduleAliases.values(),
      ...[...facts.fromImports.values()].map((v) => v[0]),
    ])
      if (!parsed.has(imported)) queue.push(imported);
  }
  const program = analyse(new Map([...parsed].map(([k, v]) => [k, { facts: v.facts, tree: v.parsed.tree }])));
  const outDir = resolve(options.out ?? root);
  mkdirSync(outDir, { recursive: true });
  const result: PortResult = { outDir, files: [], copied: [], todos: [], wrotePackageJson: false };
  for (const [name, module] of parsed) {
    const translated = translateModule(
      module.file,
      module.source,
      module.parsed.tree,
      module.parsed.comments,
      program,
      module.facts,
    );
    const to = join(outDir, `${name}.ts`);
    writeFileSync(to, translated.code);
    let handlers = 0;
    let async = 0;
    walkAll(module.parsed.tree, (n) => {
      if (program.asyncDefs.has(n)) async += 1;
      if (n._t === 'ClassDef')
        for (const m of n.body as { _t: string; name?: string }[])
          if (m._t === 'FunctionDef' && /^[A-Z]+$/.test(m.name ?? '')) handlers += 1;
    });
    result.files.push({
      from: module.file,
      to: relative(process.cwd(), to) || to,
      classes: module.facts.classes.size,
      functions: module.facts.functions.size,
      handlers,
      async,
      todos: translated.todos.length,
    });
    result.todos.push(...translated.todos);
  }
  for (const folder of ['templates', 'static']) {
    const from = join(root, folder);
    const to = join(outDir, folder);
    if (!existsSync(from) || resolve(from) === resolve(to)) continue;
    cpSync(from, to, { recursive: true });
    result.copied.push(folder);
  }
  const pkg = join(outDir, 'package.json');
  if (!existsSync(pkg)) {
    const manifest = {
      name:
        basename(outDir)
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, '-') || 'ported-app',
      private: true,
      type: 'module',
      dependencies: { webts: '^0.1.0' },
      devDependencies: { tsx: '^4.0.0' },
    };
    writeFileSync(pkg, `${JSON.stringify(manifest, null, 2)}\n`);
    result.wrotePackageJson = true;
  }
  return result;
}

/** The summary `webts port` prints. */
export function summary(result: PortResult): string {
  const lines: string[] = [];
  for (const f of result.files)
    lines.push(
      `translated ${f.from} → ${f.to} (${f.classes} classes, ${f.handlers} handler methods, ${f.functions} functions` +
        `${f.async > 0 ? `; ${f.async} made async for the database` : ''}${f.todos > 0 ? `; ${f.todos} TODO` : ''})`,
    );
  for (const c of result.copied) lines.push(`copied ${c}/ unchanged`);
  if (result.wrotePackageJson) lines.push('wrote package.json ("type": "module", depends on webts)');
  if (result.todos.length === 0) lines.push('nothing left to do by hand');
  else {
    lines.push(`${result.todos.length} place(s) not translated (marked // TODO(webts port) in the output):`);
    for (const t of result.todos) lines.push(`  ${t.file}:${t.line}: ${t.reason}: ${t.original}`);
  }
  const main = result.files[0];
  if (main) lines.push(`run it: node --import tsx ${main.to} [port]`);
  return `${lines.join('\n')}\n`;
}

/** `webts port` from the command line; returns the exit status. */
export function portCommand(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  let input: string | undefined;
  let outDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--out' || arg === '-o') outDir = args[++i];
    else if (arg.startsWith('--out=')) outDir = arg.slice(6);
    else if (arg.startsWith('-')) {
      err(`webts port: unknown option ${arg}\n`);
      return 2;
    } else if (input === undefined) input = arg;
    else {
      err('webts port: one application at a time\n');
      return 2;
    }
  }
  if (input === undefined || (args.includes('--out') && outDir === undefined)) {
    err('usage: webts port APP.py|FOLDER [--out DIR]\n');
    return 2;
  }
  try {
    out(summary(port(input, outDir === undefined ? {} : { out: outDir })));
    return 0;
  } catch (e) {
    err(`webts port: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
