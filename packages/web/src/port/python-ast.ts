/**
 * Parsing Python for `webts port`: Python's own `ast` module, run through the `python3` a web.py user
 * already has, with a small embedded script that prints the tree as JSON. Python's parser is the one
 * grammar that is exactly right for every file web.py can run, so nothing here re-implements it.
 */
import { spawnSync } from 'node:child_process';

/** One node of Python's AST: `_t` is the class name (`FunctionDef`, `Call`, …), the rest its fields. */
export interface PyNode {
  _t: string;
  lineno?: number;
  col_offset?: number;
  end_lineno?: number;
  [field: string]: unknown;
}

/** A `.py` file that Python itself refuses, with its place. */
export class PythonSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: syntax error: ${reason}`);
    this.name = 'PythonSyntaxError';
  }
}

/** No usable Python interpreter was found. */
export class NoPythonError extends Error {
  constructor(tried: string[]) {
    super(
      `webts port reads Python with Python's own parser, and found no python3 (tried ${tried.join(', ')}). ` +
        'Install Python 3, or name the interpreter in WEBTS_PORT_PYTHON.',
    );
    this.name = 'NoPythonError';
  }
}

const DUMP = `
import ast, json, sys

def conv(x):
    if isinstance(x, ast.AST):
        d = {"_t": type(x).__name__}
        for k in ("lineno", "col_offset", "end_lineno"):
            if hasattr(x, k):
                d[k] = getattr(x, k)
        for k, v in ast.iter_fields(x):
            d[k] = conv(v)
        return d
    if isinstance(x, list):
        return [conv(v) for v in x]
    if isinstance(x, bytes):
        return {"_t": "bytes", "value": x.decode("latin-1")}
    if isinstance(x, complex):
        return {"_t": "complex", "value": repr(x)}
    if x is Ellipsis:
        return {"_t": "ellipsis"}
    if isinstance(x, float) and x != x:
        return {"_t": "nan"}
    if isinstance(x, float) and x in (float("inf"), float("-inf")):
        return {"_t": "inf", "value": x > 0}
    if isinstance(x, int) and not isinstance(x, bool) and abs(x) > 2 ** 53:
        return {"_t": "bigint", "value": str(x)}
    return x

source = sys.stdin.read()
try:
    tree = ast.parse(source, sys.argv[1])
except SyntaxError as e:
    json.dump({"error": e.msg, "lineno": e.lineno or 1, "offset": e.offset or 1}, sys.stdout)
    sys.exit(0)
import io, tokenize
comments = []
try:
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments.append([tok.start[0], tok.start[1], tok.string])
except (tokenize.TokenError, SyntaxError):
    pass
json.dump({"tree": conv(tree), "comments": comments}, sys.stdout)
`;

/** The interpreters tried, in order: WEBTS_PORT_PYTHON alone when set, else python3 on PATH, then /usr/bin/python3. */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = env.WEBTS_PORT_PYTHON;
  return chosen ? [chosen] : ['python3', '/usr/bin/python3'];
}

let found: string | undefined;

function findPython(): string {
  if (found) return found;
  const tried = pythonCandidates();
  for (const candidate of tried) {
    const probe = spawnSync(candidate, [
      '-c',
      'import ast, json, sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)',
    ]);
    if (probe.status === 0) {
      found = candidate;
      return candidate;
    }
  }
  throw new NoPythonError(tried);
}

/** Forget the interpreter found (for tests that change WEBTS_PORT_PYTHON). */
export function resetPython(): void {
  found = undefined;
}

/** A `#` comment of the source: its line, its column and its text (with the `#`). */
export type PyComment = [line: number, column: number, text: string];

/** What the parser gives: the module's tree and its comments (which Python's AST does not keep). */
export interface ParsedModule {
  tree: PyNode;
  comments: PyComment[];
}

/** Parse `source` (named `file` in messages) into Python's AST. */
export function parsePython(source: string, file: string): ParsedModule {
  const python = findPython();
  const run = spawnSync(python, ['-c', DUMP, file], {
    input: source,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0)
    throw new Error(`${python} failed to parse ${file}: ${run.stderr || run.error?.message}`);
  const answer = JSON.parse(run.stdout) as {
    tree?: PyNode;
    comments?: PyComment[];
    error?: string;
    lineno?: number;
    offset?: number;
  };
  if (answer.error !== undefined)
    throw new PythonSyntaxError(file, answer.lineno ?? 1, answer.offset ?? 1, answer.error);
  if (!answer.tree) throw new Error(`${python} printed no tree for ${file}`);
  return { tree: answer.tree, comments: answer.comments ?? [] };
}
