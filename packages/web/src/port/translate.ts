/**
 * Python AST → TypeScript for `webts port`: one module at a time, using what analysis.ts learnt about
 * the whole program. Each construct either becomes the webts spelling docs/porting.md gives, or a
 * `// TODO(webts port): …` comment quoting the line (with `pyTodo(…)`, which throws, where an
 * expression was needed), so the port never behaves silently differently.
 */
import {
  DB_METHODS,
  dotted,
  isAsyncCall,
  isTransactionWith,
  type Kind,
  kindIn,
  type ModuleFacts,
  maybe,
  node,
  nodes,
  type ProgramFacts,
  text,
  walkAll,
  walkShallow,
  webPath,
} from './analysis.js';
import type { PyComment, PyNode } from './python-ast.js';
import { helperSource } from './runtime.js';

/** A place the porter left for a person. */
export interface Todo {
  file: string;
  line: number;
  reason: string;
  original: string;
}

/** A translated module. */
export interface Translated {
  code: string;
  todos: Todo[];
}

/** An emitted expression: its code, what it is known to be, and its precedence. */
interface E {
  c: string;
  k: Kind;
  p: number;
}

const ATOM = 20;
const POSTFIX = 18;
const UNARY = 15;
const EXP = 14;
const MUL = 13;
const ADD = 12;
const REL = 10;
const EQ = 9;
const AND = 5;
const OR = 4;
const COND = 3;
const ARROW = 2;

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with yield let static implements interface package private protected public await arguments eval ' +
    'undefined NaN Infinity'
  ).split(' '),
);

/** The fields of `web.ctx` webts declares; others are read through `as any`. */
const CTX_FIELDS = new Set(
  (
    'method path query fullpath host protocol homedomain homepath realhome home ip env environ headers status ' +
    'output app_stack request_id requestHeaders'
  ).split(' '),
);

/** Python exception classes and the JavaScript ones webts uses for them (porting.md, Utilities). */
const EXCEPTIONS: Record<string, string> = {
  Exception: 'Error',
  BaseException: 'Error',
  ValueError: 'RangeError',
  KeyError: 'RangeError',
  IndexError: 'RangeError',
  LookupError: 'RangeError',
  ZeroDivisionError: 'RangeError',
  TypeError: 'TypeError',
  AttributeError: 'TypeError',
  RuntimeError: 'Error',
  NotImplementedError: 'Error',
  AssertionError: 'Error',
};

/** webts functions that take web.py's keyword arguments positionally. */
const POSITIONAL: Record<string, string[]> = {
  'session.Session': ['app', 'store', 'initializer'],
  'session.DiskStore': ['root'],
  'session.DBStore': ['db', 'table_name'],
  'session.ShelfStore': ['shelf'],
  header: ['hdr', 'value', 'unique'],
  seeother: ['url', 'absolute'],
  found: ['url', 'absolute'],
  tempredirect: ['url', 'absolute'],
  redirect: ['url', 'status', 'absolute'],
  SeeOther: ['url', 'absolute'],
  Found: ['url', 'absolute'],
  TempRedirect: ['url', 'absolute'],
  Redirect: ['url', 'status', 'absolute'],
  HTTPError: ['status', 'headers', 'data'],
};

/** Names webts's session keeps for its own API (porting.md, Sessions): data under them is reached with get(). */
const SESSION_API = new Set(
  'get pop setdefault update keys values items has kill regenerate release store then'.split(' '),
);

const TYPED_KINDS = new Set<Kind>([
  'str',
  'num',
  'int',
  'bool',
  'app',
  'render',
  'db',
  'formclass',
  'form',
  'tx',
  'module',
]);

const js = (s: string): string => {
  const quoted = JSON.stringify(s);
  if (!s.includes("'")) return `'${quoted.slice(1, -1).replace(/\\"/g, '"')}'`;
  return quoted;
};

const e = (c: string, k: Kind = 'any', p = ATOM): E => ({ c, k, p });
const wrap = (x: E, p: number): string => (x.p < p ? `(${x.c})` : x.c);
const isStrish = (k: Kind) => k === 'str';
const isNumish = (k: Kind) => k === 'num' || k === 'int' || k === 'bool';
const simple = (k: Kind) => isStrish(k) || isNumish(k) || k === 'none';

/** Thrown inside expression translation: the statement becomes a TODO. */
class Untranslatable extends Error {}

interface Plan {
  how: 'first' | 'hoist' | 'loop';
  count: number;
}

interface Scope {
  parent?: Scope;
  kind: 'module' | 'function' | 'class';
  vars: Map<string, Kind>;
  plans: Map<string, Plan>;
  declared: Set<string>;
  globals: Set<string>;
  isAsync: boolean;
  className?: string;
  handlerParam?: string;
  /** Inside a non-async arrow function (a comprehension, a lambda): an await would be wrong there. */
  arrow: number;
}

export class ModuleTranslator {
  readonly #out: string[] = [];
  #indent = 0;
  readonly #helpers = new Set<string>();
  readonly #pathImports = new Set<string>();
  readonly #fsImports = new Set<string>();
  readonly #todos: Todo[] = [];
  readonly #lines: string[];
  readonly #comments: PyComment[];
  #commentAt = 0;
  #temp = 0;
  #topAwait = false;
  #hasMain = false;

  constructor(
    readonly file: string,
    source: string,
    readonly tree: PyNode,
    comments: PyComment[],
    readonly program: ProgramFacts,
    readonly facts: ModuleFacts,
  ) {
    this.#lines = source.split(/\r?\n/);
    this.#comments = comments;
  }

  translate(): Translated {
    const scope: Scope = {
      kind: 'module',
      vars: new Map(),
      plans: new Map(),
      declared: new Set(),
      globals: new Set(),
      isAsync: true,
      arrow: 0,
    };
    const body = nodes(this.tree, 'body');
    this.#planScope(scope, body, []);
    // Names functions assign through `global` are `let` at module level.
    walkAll(this.tree, (n) => {
      if (n._t === 'Global')
        for (const name of n.names as string[]) {
          const plan = scope.plans.get(name);
          if (plan) plan.count += 1;
        }
    });
    this.#hoist(scope);
    this.#block(body, scope);
    this.#flushComments(Number.POSITIVE_INFINITY);
    const head: string[] = [];
    const fromNode = [...this.#pathImports].sort();
    if (fromNode.length > 0) head.push(`import { ${fromNode.join(', ')} } from 'node:path';`);
    if (this.#fsImports.size > 0)
      head.push(`import { ${[...this.#fsImports].sort().join(', ')} } from 'node:fs';`);
    const uses = (name: string) => this.#out.some((l) => l.includes(name));
    if (uses('web.') || uses('web,') || uses('(web)')) head.push("import web from 'webts';");
    const imports = this.#out.filter((l) => l.startsWith('import '));
    const rest = this.#out.filter((l) => !l.startsWith('import ')).flatMap((l) => breakLine(l, 110));
    const helpers = helperSource(this.#helpers);
    const parts = [
      `// Ported from ${this.file} by \`webts port\`.`,
      [...head, ...imports].join('\n'),
      rest
        .join('\n')
        .replace(/^\n+/, '')
        .replace(/\n{3,}/g, '\n\n')
        .replace(/\n+$/, ''),
    ];
    if (helpers)
      parts.push(`// Python semantics the translation relies on (written by \`webts port\`).\n${helpers}`);
    let code = `${parts.filter((p) => p !== '').join('\n\n')}\n`;
    const exported = [
      ...scope.declared,
      ...[...this.facts.classes].filter((c) => !this.#unbound.has(c)),
      ...this.facts.functions.keys(),
    ]
      .filter((n, i, all) => all.indexOf(n) === i)
      .map((n) => this.#name(n));
    if (exported.length > 0) code += `\nexport { ${exported.join(', ')} };\n`;
    else if (!this.#hasMain) code += '\nexport {};\n';
    void this.#topAwait;
    return { code, todos: this.#todos };
  }

  // ---------------------------------------------------------------- output

  #line(s: string): void {
    this.#out.push(s === '' ? '' : '  '.repeat(this.#indent) + s);
  }

  #flushComments(before: number): void {
    while (this.#commentAt < this.#comments.length) {
      const comment = this.#comments[this.#commentAt] as PyComment;
      if (comment[0] >= before) break;
      this.#commentAt += 1;
      const body = comment[2].replace(/^#+/, '');
      if (body.startsWith('!')) continue;
      this.#line(`//${body}`);
    }
  }

  #original(n: PyNode): string {
    const line = n.lineno ?? 1;
    const end = n.end_lineno ?? line;
    const first = (this.#lines[line - 1] ?? '').trim();
    return end > line ? `${first} …` : first;
  }

  #todo(n: PyNode, reason: string): void {
    const original = this.#original(n);
    this.#todos.push({ file: this.file, line: n.lineno ?? 1, reason, original });
    this.#line(`// TODO(webts port): ${reason} (${this.file}:${n.lineno ?? 1}): ${original}`);
  }

  #fail(reason: string): never {
    throw new Untranslatable(reason);
  }

  #help(name: string): string {
    this.#helpers.add(name);
    return name;
  }

  // ---------------------------------------------------------------- scopes

  #lookup(scope: Scope, name: string): Kind | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.kind === 'class') continue;
      const kind = s.vars.get(name);
      if (kind) return kind;
    }
    return kindIn(this.program, this.facts, name);
  }

  /** Decide where each name bound in `body` is declared (Python scopes are functions, JS's blocks). */
  #planScope(scope: Scope, body: PyNode[], params: string[]): void {
    const sites = new Map<string, { top: boolean; loop: boolean }[]>();
    const add = (name: string, top: boolean, loop = false) => {
      if (params.includes(name) || scope.globals.has(name)) return;
      sites.set(name, [...(sites.get(name) ?? []), { top, loop }]);
    };
    const targetNames = (t: PyNode, into: string[]) => {
      if (t._t === 'Name') into.push(text(t, 'id'));
      else if (t._t === 'Tuple' || t._t === 'List') for (const x of nodes(t, 'elts')) targetNames(x, into);
      else if (t._t === 'Starred') targetNames(node(t, 'value'), into);
    };
    const visit = (stmt: PyNode, top: boolean) => {
      const names: string[] = [];
      switch (stmt._t) {
        case 'Global':
          for (const name of stmt.names as string[]) scope.globals.add(name);
          return;
        case 'Assign':
          for (const t of nodes(stmt, 'targets')) targetNames(t, names);
          for (const name of names) add(name, top);
          return;
        case 'AugAssign':
        case 'AnnAssign':
          targetNames(node(stmt, 'target'), names);
          for (const name of names) add(name, top && stmt._t === 'AnnAssign');
          return;
        case 'For':
          targetNames(node(stmt, 'target'), names);
          for (const name of names) add(name, false, true);
          break;
        case 'With':
          for (const item of nodes(stmt, 'items')) {
            const v = maybe(item, 'optional_vars');
            if (v) targetNames(v, names);
          }
          for (const name of names) add(name, false);
          break;
        case 'FunctionDef':
        case 'AsyncFunctionDef':
        case 'ClassDef':
          return;
        default:
          break;
      }
      for (const field of ['body', 'orelse', 'finalbody'])
        for (const s of nodes(stmt, field)) visit(s, false);
      for (const h of nodes(stmt, 'handlers')) for (const s of nodes(h, 'body')) visit(s, false);
    };
    for (const stmt of body) if (stmt._t === 'Global') visit(stmt, true);
    for (const stmt of body) visit(stmt, true);
    for (const [name, list] of sites) {
      const first = list[0] as { top: boolean; loop: boolean };
      const how = first.top ? 'first' : list.every((s) => s.loop) && list.length === 1 ? 'loop' : 'hoist';
      scope.plans.set(name, { how, count: list.length });
    }
  }

  #hoist(scope: Scope): void {
    const hoisted = [...scope.plans].filter(([, p]) => p.how === 'hoist').map(([n]) => this.#name(n));
    if (hoisted.length > 0) this.#line(`let ${hoisted.map((n) => `${n}: any`).join(', ')};`);
    for (const [name, plan] of scope.plans) if (plan.how === 'hoist') scope.declared.add(name);
  }

  #name(id: string): string {
    if (id === 'self') return 'this';
    return RESERVED.has(id) ? `${id}_` : id;
  }

  #child(scope: Scope, kind: Scope['kind'], extra: Partial<Scope> = {}): Scope {
    return {
      parent: scope,
      kind,
      vars: new Map(),
      plans: new Map(),
      declared: new Set(),
      globals: new Set(),
      isAsync: false,
      arrow: 0,
      ...extra,
    };
  }

  // ---------------------------------------------------------------- statements

  #block(body: PyNode[], scope: Scope): void {
    let previous: number | undefined;
    for (const stmt of body) {
      // A blank line of the source stays a blank line (at least one comment-free line between).
      const firstComment = this.#comments[this.#commentAt]?.[0] ?? Number.POSITIVE_INFINITY;
      const start = Math.min(stmt.lineno ?? 0, firstComment);
      if (previous !== undefined && start - previous > 1 && this.#out[this.#out.length - 1] !== '')
        this.#line('');
      this.#statement(stmt, scope);
      previous = stmt.end_lineno ?? stmt.lineno;
    }
  }

  #statement(stmt: PyNode, scope: Scope): void {
    this.#flushComments(stmt.lineno ?? 0);
    const mark = this.#out.length;
    const helpersBefore = new Set(this.#helpers);
    const indent = this.#indent;
    try {
      this.#statementInner(stmt, scope);
    } catch (caught) {
      // An error of the porter itself is reported like any other place it could not translate.
      const err =
        caught instanceof Untranslatable
          ? caught
          : new Untranslatable(`the porter failed here (${String(caught)})`);
      this.#out.length = mark;
      this.#indent = indent;
      this.#helpers.clear();
      for (const h of helpersBefore) this.#helpers.add(h);
      this.#todo(stmt, err.message);
      // Keep names the statement would have declared, so later code still compiles (and throws if reached).
      const todo = `${this.#help('pyTodo')}(${js(this.#original(stmt))})`;
      if (stmt._t === 'FunctionDef' || stmt._t === 'AsyncFunctionDef') {
        const name = text(stmt, 'name');
        const head = scope.kind === 'class' ? this.#name(name) : `function ${this.#name(name)}`;
        this.#line(`${head}(..._args: any[]): any {`);
        this.#line(`  return ${todo};`);
        this.#line('}');
        if (scope.kind !== 'class') scope.vars.set(name, 'any');
      } else if (stmt._t === 'ClassDef') {
        this.#line(`class ${this.#name(text(stmt, 'name'))} {`);
        this.#line('  constructor() {');
        this.#line(`    ${todo};`);
        this.#line('  }');
        this.#line('}');
      }
      if (stmt._t === 'Assign' || stmt._t === 'AugAssign') {
        const targets = stmt._t === 'Assign' ? nodes(stmt, 'targets') : [node(stmt, 'target')];
        for (const t of targets)
          if (t._t === 'Name') {
            const id = text(t, 'id');
            if (!this.#isDeclared(scope, id)) {
              this.#line(
                `let ${this.#name(id)}: any = ${this.#help('pyTodo')}(${js(this.#original(stmt))});`,
              );
              scope.declared.add(id);
              scope.vars.set(id, 'any');
            }
          }
      }
    }
  }

  #isDeclared(scope: Scope, id: string): boolean {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.declared.has(id)) return true;
    return false;
  }

  #statementInner(stmt: PyNode, scope: Scope): void {
    switch (stmt._t) {
      case 'Import':
        this.#import(stmt);
        return;
      case 'ImportFrom':
        this.#importFrom(stmt);
        return;
      case 'FunctionDef':
      case 'AsyncFunctionDef':
        this.#functionDef(stmt, scope);
        return;
      case 'ClassDef':
        this.#classDef(stmt, scope);
        return;
      case 'Assign':
        this.#assign(stmt, scope);
        return;
      case 'AnnAssign': {
        const value = maybe(stmt, 'value');
        if (!value) return;
        this.#assignTo(node(stmt, 'target'), value, scope, stmt);
        return;
      }
      case 'AugAssign':
        this.#augAssign(stmt, scope);
        return;
      case 'Expr':
        this.#exprStatement(stmt, scope);
        return;
      case 'Return': {
        const value = maybe(stmt, 'value');
        this.#line(value ? `return ${this.#expr(value, scope).c};` : 'return;');
        return;
      }
      case 'FlagBreak':
        this.#line(`${stmt.flag as string} = true;`);
        this.#line('break;');
        return;
      case 'Pass':
        return;
      case 'Break':
        this.#line('break;');
        return;
      case 'Continue':
        this.#line('continue;');
        return;
      case 'If':
        this.#if(stmt, scope);
        return;
      case 'While':
        this.#while(stmt, scope);
        return;
      case 'For':
        this.#for(stmt, scope);
        return;
      case 'Raise':
        this.#raise(stmt, scope);
        return;
      case 'Try':
        this.#try(stmt, scope);
        return;
      case 'With':
        this.#with(stmt, scope);
        return;
      case 'Assert': {
        const msg = maybe(stmt, 'msg');
        this.#line(
          `if (!${wrap(this.#truth(node(stmt, 'test'), scope), UNARY)}) throw new Error(${msg ? this.#str(msg, scope) : "'AssertionError'"});`,
        );
        return;
      }
      case 'Global':
      case 'Nonlocal':
        return;
      case 'Delete': {
        for (const t of nodes(stmt, 'targets')) {
          if (t._t !== 'Subscript' && t._t !== 'Attribute') this.#fail('`del` of a name');
          this.#line(`delete ${this.#expr(t, scope).c};`);
        }
        return;
      }
      default:
        this.#fail(`\`${stmt._t}\` statements are not translated`);
    }
  }

  #import(stmt: PyNode): void {
    for (const alias of nodes(stmt, 'names')) {
      const name = text(alias, 'name');
      const as = (alias.asname as string | null) ?? null;
      if (name === 'web') {
        if (as && as !== 'web') this.#line(`const ${as} = web;`);
        continue;
      }
      if (name.startsWith('web.')) {
        if (as) this.#line(`const ${as} = web.${name.slice(4)};`);
        continue;
      }
      if (this.facts.moduleAliases.has(as ?? name)) {
        this.#line(`import * as ${as ?? name} from './${name}.js';`);
        continue;
      }
      if (name === 'os' || name === 'os.path') continue;
      // datetime: the calls webts has an equivalent for are translated where they are used (#datetimeCall).
      if (name === 'datetime' && !as) continue;
      if (name === 'json' && !as) continue;
      // `shelve` is used for `ShelfStore(shelve.open(file))` only: webts's ShelfStore takes the file.
      if (name === 'shelve' && this.#shelveForStoreOnly()) continue;
      this.#todo(stmt, `module \`${name}\` has no webts translation`);
      this.#todoNames.add(as ?? name.split('.')[0] ?? name);
    }
  }

  #importFrom(stmt: PyNode): void {
    const from = (stmt.module as string | null) ?? '';
    const names = nodes(stmt, 'names');
    if (from === 'web' || from.startsWith('web.')) {
      const base = from === 'web' ? 'web' : `web.${from.slice(4)}`;
      for (const alias of names) {
        const imported = text(alias, 'name');
        if (imported === '*') {
          this.#todo(stmt, '`from web import *`: write `web.` before each name');
          continue;
        }
        const as = (alias.asname as string | null) ?? imported;
        this.#line(`const ${as} = ${base}.${imported};`);
      }
      return;
    }
    if (from === '' && (stmt.level as number) > 0) {
      // `from . import model`: modules of the application's folder.
      for (const alias of names) {
        const imported = text(alias, 'name');
        const as = (alias.asname as string | null) ?? imported;
        if (this.program.modules.has(imported)) this.#line(`import * as ${as} from './${imported}.js';`);
        else {
          this.#todo(stmt, `\`${imported}\` is no module of this application`);
          this.#todoNames.add(as);
        }
      }
      return;
    }
    if (this.program.modules.has(from) && names.some((a) => text(a, 'name') === '*')) {
      this.#todo(stmt, `\`from ${from} import *\`: name what is imported`);
      return;
    }
    if (this.program.modules.has(from)) {
      const list = names.map((a) => {
        const imported = text(a, 'name');
        const as = a.asname as string | null;
        return as ? `${imported} as ${as}` : imported;
      });
      this.#line(`import { ${list.join(', ')} } from './${from}.js';`);
      return;
    }
    if (from === 'os' || from === 'os.path') return;
    this.#todo(stmt, `module \`${from}\` has no webts translation`);
    for (const alias of names) this.#todoNames.add((alias.asname as string | null) ?? text(alias, 'name'));
  }

  #params(
    def: PyNode,
    scope: Scope,
    handler: boolean,
    method = false,
    reassigned = new Set<string>(),
  ): string {
    const args = node(def, 'args');
    const positional = [...nodes(args, 'posonlyargs'), ...nodes(args, 'args')];
    const defaults = nodes(args, 'defaults');
    const firstDefault = positional.length - defaults.length;
    const out: string[] = [];
    positional.forEach((a, i) => {
      const name = text(a, 'arg');
      if (i === 0 && method) return;
      scope.vars.set(name, handler && !reassigned.has(name) ? 'str' : 'any');
      scope.declared.add(name);
      const type = handler && !reassigned.has(name) ? 'string' : 'any';
      if (i >= firstDefault) {
        const dflt = defaults[i - firstDefault] as PyNode;
        out.push(`${this.#name(name)}: any = ${this.#expr(dflt, scope.parent ?? scope).c}`);
      } else out.push(`${this.#name(name)}: ${type}`);
    });
    const vararg = maybe(args, 'vararg');
    if (vararg) {
      const name = text(vararg, 'arg');
      scope.vars.set(name, 'list');
      scope.declared.add(name);
      out.push(`...${this.#name(name)}: any[]`);
    }
    if (nodes(args, 'kwonlyargs').length > 0 || maybe(args, 'kwarg')) {
      this.#fail('keyword-only and `**kwargs` parameters are not translated');
    }
    return out.join(', ');
  }

  #functionDef(def: PyNode, scope: Scope): void {
    if (nodes(def, 'decorator_list').length > 0) this.#fail('decorators are not translated');
    const name = text(def, 'name');
    const isAsync = this.program.asyncDefs.has(def);
    const inClass = scope.kind === 'class';
    let generator = false;
    walkShallow(def, (n) => {
      if (n._t === 'Yield') generator = true;
      if (n._t === 'YieldFrom') this.#fail('`yield from`');
    });
    if (generator && isAsync) this.#fail('a generator that reaches the database');
    const handler = inClass && /^[A-Z]+$/.test(name);
    const processor = scope.kind === 'module' && this.program.processors.has(`${this.facts.name}.${name}`);
    const inner = this.#child(scope, 'function', {
      isAsync,
      ...(inClass && scope.className ? { className: scope.className } : {}),
    });
    const reassigned = new Set<string>();
    walkShallow(def, (n) => {
      if (n._t === 'Assign' || n._t === 'AugAssign')
        for (const t of n._t === 'Assign' ? nodes(n, 'targets') : [node(n, 'target')])
          if (t._t === 'Name') reassigned.add(text(t, 'id'));
    });
    const params = this.#params(def, inner, handler, inClass, reassigned);
    if (processor) {
      const first = nodes(node(def, 'args'), 'args')[0];
      if (first) {
        inner.handlerParam = text(first, 'arg');
        inner.vars.set(inner.handlerParam, 'any');
      }
    }
    const body = nodes(def, 'body');
    const paramNames = [...inner.declared];
    this.#planScope(inner, body, paramNames);
    if (!inClass && this.#out.length > 0 && this.#out[this.#out.length - 1] !== '') this.#line('');
    const special: Record<string, string> = { __init__: 'constructor', __str__: 'toString' };
    const jsName = inClass && special[name] ? (special[name] as string) : this.#name(name);
    if (jsName === 'constructor' && isAsync) this.#fail('a constructor that reaches the database');
    const star = generator ? '*' : '';
    const head = `${isAsync ? 'async ' : ''}${inClass ? star : `function${star} `}${jsName}(${params})`;
    if (!inClass) scope.vars.set(name, 'any');
    this.#line(`${head} {`);
    this.#indent += 1;
    this.#docstring(body);
    this.#hoist(inner);
    this.#block(this.#withoutDocstring(body), inner);
    this.#flushComments(def.end_lineno ?? 0);
    this.#indent -= 1;
    this.#line('}');
    this.#line('');
  }

  #docstring(body: PyNode[]): void {
    const first = body[0];
    if (first?._t !== 'Expr') return;
    const value = node(first, 'value');
    if (value._t !== 'Constant' || typeof value.value !== 'string') return;
    const lines = (value.value as string).trim().split('\n');
    if (lines.length === 1) this.#line(`/** ${lines[0]?.trim()} */`);
    else {
      this.#line('/**');
      for (const l of lines) this.#line(` * ${l.trim()}`.trimEnd());
      this.#line(' */');
    }
  }

  #withoutDocstring(body: PyNode[]): PyNode[] {
    const first = body[0];
    if (first?._t === 'Expr') {
      const value = node(first, 'value');
      if (value._t === 'Constant' && typeof value.value === 'string') return body.slice(1);
    }
    return body;
  }

  #classDef(def: PyNode, scope: Scope): void {
    if (nodes(def, 'decorator_list').length > 0) this.#fail('class decorators are not translated');
    const name = text(def, 'name');
    const bases = nodes(def, 'bases').filter((b) => !(b._t === 'Name' && text(b, 'id') === 'object'));
    let heritage = '';
    if (bases.length > 1) this.#fail('classes with several bases are not translated');
    // `class hello(app.page):` of an auto_application: webts registers the class with app.page(class …).
    const page =
      bases[0]?._t === 'Attribute' && text(bases[0], 'attr') === 'page' ? node(bases[0], 'value') : null;
    const pageOf = page && this.#expr(page, scope).k === 'app' ? this.#expr(page, scope).c : null;
    if (pageOf) this.#unbound.add(name);
    else if (bases[0]) {
      const base = bases[0];
      const id = base._t === 'Name' ? text(base, 'id') : null;
      if (id && EXCEPTIONS[id]) heritage = ` extends ${EXCEPTIONS[id]}`;
      else heritage = ` extends ${this.#expr(base, scope).c}`;
    }
    const inner = this.#child(scope, 'class', { className: name });
    scope.vars.set(name, 'any');
    if (this.#out.length > 0 && this.#out[this.#out.length - 1] !== '') this.#line('');
    if (pageOf) {
      this.#line(`${pageOf}.page(`);
      this.#indent += 1;
    }
    this.#line(`class ${this.#name(name)}${heritage} {`);
    this.#indent += 1;
    const body = this.#withoutDocstring(nodes(def, 'body'));
    this.#docstring(nodes(def, 'body'));
    // Attributes methods set on `self` are declared, as TypeScript wants.
    const fields = new Set<string>();
    for (const stmt of body) {
      if (stmt._t !== 'FunctionDef') continue;
      walkShallow(stmt, (n) => {
        if (n._t !== 'Assign' && n._t !== 'AugAssign') return;
        const targets = n._t === 'Assign' ? nodes(n, 'targets') : [node(n, 'target')];
        for (const t of targets) {
          const parts = dotted(t);
          if (parts?.length === 2 && parts[0] === 'self') fields.add(parts[1] as string);
        }
      });
    }
    for (const stmt of body) {
      if (
        stmt._t === 'Assign' &&
        nodes(stmt, 'targets').length === 1 &&
        nodes(stmt, 'targets')[0]?._t === 'Name'
      ) {
        const target = text(nodes(stmt, 'targets')[0] as PyNode, 'id');
        fields.delete(target);
        this.#flushComments(stmt.lineno ?? 0);
        try {
          // A method name (GET = web.autodelegate('GET_')) is what instances answer: an instance field.
          if (/^[A-Z]+$/.test(target)) {
            const value = node(stmt, 'value');
            const own =
              value._t === 'Name' &&
              body.some((m) => m._t === 'FunctionDef' && text(m, 'name') === text(value, 'id'));
            this.#line(`${target} = ${own ? `this.${text(value, 'id')}` : this.#expr(value, scope).c};`);
            continue;
          }
          this.#line(`static ${this.#name(target)}: any = ${this.#expr(node(stmt, 'value'), scope).c};`);
          let viaSelf = false;
          walkAll(def, (n) => {
            const parts = n._t === 'Attribute' ? dotted(n) : null;
            if (parts?.length === 2 && parts[0] === 'self' && parts[1] === target) viaSelf = true;
          });
          if (viaSelf)
            this.#todo(
              stmt,
              'a class attribute read through `self`: it is `static`, read it as `ClassName.x`',
            );
        } catch (err) {
          if (!(err instanceof Untranslatable)) throw err;
          this.#todo(stmt, err.message);
        }
      }
    }
    for (const f of fields) this.#line(`${this.#name(f)}: any;`);
    if (fields.size > 0) this.#line('');
    for (const stmt of body) {
      if (stmt._t === 'Assign') continue;
      if (stmt._t === 'Pass') continue;
      this.#statement(stmt, inner);
    }
    while (this.#out[this.#out.length - 1] === '') this.#out.pop();
    this.#indent -= 1;
    this.#line(pageOf ? '},' : '}');
    if (pageOf) {
      this.#indent -= 1;
      this.#line(');');
    }
    this.#line('');
  }

  #assign(stmt: PyNode, scope: Scope): void {
    const targets = nodes(stmt, 'targets');
    const value = node(stmt, 'value');
    if (targets.length > 1) {
      const temp = this.#expr(value, scope);
      const name = `_v${this.#temp++}`;
      this.#line(`const ${name} = ${temp.c};`);
      for (const t of targets) this.#assignCode(t, e(name, temp.k), scope, stmt);
      return;
    }
    this.#assignTo(targets[0] as PyNode, value, scope, stmt);
  }

  /** `app = web.application(urls, globals())` and its relatives. */
  #isMainCheck(test: PyNode): boolean {
    if (test._t !== 'Compare') return false;
    const left = node(test, 'left');
    const right = nodes(test, 'comparators')[0];
    const isName = (n: PyNode | undefined) => n?._t === 'Name' && text(n, 'id') === '__name__';
    const isMain = (n: PyNode | undefined) => n?._t === 'Constant' && n.value === '__main__';
    return (
      nodes(test, 'ops')[0]?._t === 'Eq' &&
      ((isName(left) && isMain(right)) || (isMain(left) && isName(right)))
    );
  }

  #assignTo(target: PyNode, value: PyNode, scope: Scope, stmt: PyNode): void {
    // `u = web.utils`: u stands for web.utils from here on.
    const path = value._t === 'Attribute' || value._t === 'Name' ? webPath(value, this.facts) : null;
    if (target._t === 'Name' && path && path.length > 0) this.facts.webAliases.set(text(target, 'id'), path);
    // `urls` tuples keep one pattern, target pair per line.
    if (
      target._t === 'Name' &&
      (value._t === 'Tuple' || value._t === 'List') &&
      this.#isUrls(text(target, 'id'))
    ) {
      const items = nodes(value, 'elts').map((x) => this.#expr(x, scope).c);
      if (items.length >= 4 && items.length % 2 === 0) {
        const pairs: string[] = [];
        for (let i = 0; i < items.length; i += 2) pairs.push(`  ${items[i]}, ${items[i + 1]},`);
        this.#line('// biome-ignore format: one pattern, target pair per line, as in web.py');
        this.#assignCode(
          target,
          e(
            `[\n${pairs.map((p) => '  '.repeat(this.#indent) + p).join('\n')}\n${'  '.repeat(this.#indent)}]`,
            'list',
          ),
          scope,
          stmt,
        );
        return;
      }
    }
    const x = this.#expr(value, scope);
    this.#assignCode(target, x, scope, stmt);
  }

  #assignCode(target: PyNode, x: E, scope: Scope, stmt: PyNode): void {
    if (target._t === 'Name') {
      const id = text(target, 'id');
      const name = this.#name(id);
      const plan = scope.plans.get(id);
      if (scope.globals.has(id) || this.#isDeclared(scope, id) || !plan || plan.how !== 'first') {
        this.#line(`${name} = ${x.c};`);
        if (plan && plan.count > 1) scope.vars.set(id, 'any');
        return;
      }
      const constant = plan.count === 1;
      const typed =
        (TYPED_KINDS.has(x.k) || (x.k === 'list' && x.c !== '[]')) && (constant || simple(x.k) === false);
      const annotation = typed ? '' : ': any';
      scope.declared.add(id);
      scope.vars.set(id, constant ? x.k : typed ? x.k : 'any');
      this.#line(`${constant ? 'const' : 'let'} ${name}${annotation} = ${x.c};`);
      return;
    }
    if (target._t === 'Tuple' || target._t === 'List') {
      const names = nodes(target, 'elts');
      if (names.every((n) => n._t === 'Name')) {
        const ids = names.map((n) => text(n, 'id'));
        const fresh = ids.every((id) => !this.#isDeclared(scope, id) && scope.plans.get(id)?.how === 'first');
        const list = `[${ids.map((id) => this.#name(id)).join(', ')}]`;
        if (fresh) {
          const constant = ids.every((id) => scope.plans.get(id)?.count === 1);
          for (const id of ids) {
            scope.declared.add(id);
            scope.vars.set(id, 'any');
          }
          this.#line(`${constant ? 'const' : 'let'} ${list}: any[] = ${x.c};`);
        } else if (ids.every((id) => this.#isDeclared(scope, id) || scope.globals.has(id))) {
          this.#line(`${list} = ${x.c};`);
        } else this.#fail('a tuple assignment mixing new and existing names');
        return;
      }
      this.#fail('nested tuple assignment');
    }
    if (target._t === 'Attribute' || target._t === 'Subscript') {
      this.#line(`${this.#target(target, scope)} = ${x.c};`);
      return;
    }
    this.#fail(`assignment to ${target._t}`);
    void stmt;
  }

  #isShelveOpen(n: PyNode): boolean {
    return (
      n._t === 'Call' && dotted(node(n, 'func'))?.join('.') === 'shelve.open' && nodes(n, 'args').length === 1
    );
  }

  /** Whether every use of `shelve` is `web.session.ShelfStore(shelve.open(file))`. */
  #shelveForStoreOnly(): boolean {
    let uses = 0;
    let inStore = 0;
    walkAll(this.tree, (n) => {
      if (n._t === 'Name' && text(n, 'id') === 'shelve') uses += 1;
      if (n._t === 'Call' && webPath(node(n, 'func'), this.facts)?.join('.') === 'session.ShelfStore') {
        const arg = nodes(n, 'args')[0];
        if (arg && this.#isShelveOpen(arg)) inStore += 1;
      }
    });
    return uses === inStore;
  }

  /** Whether `name` is passed as the urls of an application somewhere in the module. */
  #isUrls(name: string): boolean {
    let found = false;
    walkAll(this.tree, (n) => {
      if (found || n._t !== 'Call') return;
      const path = webPath(node(n, 'func'), this.facts)?.join('.');
      const first = nodes(n, 'args')[0];
      if (path && /application$/.test(path) && first?._t === 'Name' && text(first, 'id') === name)
        found = true;
    });
    return found;
  }

  /** An assignable expression. */
  #target(t: PyNode, scope: Scope): string {
    if (t._t === 'Attribute') {
      const owner = node(t, 'value');
      const path = dotted(owner);
      if (path && path.length === 2 && webPath(owner, this.facts)?.join('.') === 'ctx') {
        const attr = text(t, 'attr');
        return CTX_FIELDS.has(attr) ? `web.ctx.${attr}` : `(web.ctx as any).${attr}`;
      }
      const x = this.#expr(owner, scope);
      if (x.k === 'session' && SESSION_API.has(text(t, 'attr')))
        this.#fail(`the session key \`${text(t, 'attr')}\` is a method of webts's session`);
      return `${wrap(x, POSTFIX)}.${text(t, 'attr')}`;
    }
    if (t._t === 'Subscript') {
      const slice = node(t, 'slice');
      if (slice._t === 'Slice') this.#fail('assignment to a slice');
      const owner = this.#expr(node(t, 'value'), scope);
      return `${wrap(owner, POSTFIX)}[${this.#index(slice, scope, owner).c}]`;
    }
    if (t._t === 'Name') return this.#name(text(t, 'id'));
    this.#fail(`assignment to ${t._t}`);
  }

  #augAssign(stmt: PyNode, scope: Scope): void {
    const target = node(stmt, 'target');
    const op = node(stmt, 'op')._t;
    const value = node(stmt, 'value');
    const current = this.#expr(target, scope);
    const result =
      op === 'Mod' && current.k === 'str'
        ? this.#percent(current, target, value, scope)
        : this.#binop(op, current, this.#expr(value, scope));
    const where = this.#target(target, scope);
    if (op === 'Add' && current.k === 'list') {
      this.#line(`${where}.push(...${wrap(this.#expr(value, scope), UNARY)});`);
      return;
    }
    if (target._t === 'Name' && !this.#isDeclared(scope, text(target, 'id')) && scope.kind !== 'module') {
      if (!this.#lookup(scope, text(target, 'id'))) this.#fail('augmented assignment to an unknown name');
    }
    this.#line(`${where} = ${result.c};`);
  }

  #exprStatement(stmt: PyNode, scope: Scope): void {
    const value = node(stmt, 'value');
    if (value._t === 'Constant' && typeof value.value === 'string') {
      for (const l of (value.value as string).trim().split('\n')) this.#line(`// ${l.trim()}`.trimEnd());
      return;
    }
    this.#line(`${this.#expr(value, scope).c};`);
  }

  #truth(test: PyNode, scope: Scope): E {
    const x = this.#expr(test, scope);
    return this.#bool(x);
  }

  #bool(x: E): E {
    if (x.k === 'bool') return x;
    if (x.k === 'str' || x.k === 'num' || x.k === 'int' || x.k === 'none') return x;
    if (x.k === 'list') return e(`${wrap(x, POSTFIX)}.length > 0`, 'bool', REL);
    if (['app', 'render', 'db', 'formclass', 'form', 'tx', 'module', 'session', 'error'].includes(x.k))
      return x;
    return e(`${this.#help('pyBool')}(${x.c})`, 'bool');
  }

  #if(stmt: PyNode, scope: Scope): void {
    const test = node(stmt, 'test');
    if (scope.kind === 'module' && this.#isMainCheck(test)) {
      this.#hasMain = true;
      const body = nodes(stmt, 'body');
      const simpleRun = body.length === 1 && this.#isAppRun(body[0] as PyNode);
      if (simpleRun) {
        this.#line(`if (web.isMain(import.meta)) ${this.#expr(node(body[0] as PyNode, 'value'), scope).c};`);
        return;
      }
      this.#line('if (web.isMain(import.meta)) {');
      this.#indent += 1;
      this.#block(body, scope);
      this.#indent -= 1;
      this.#line('}');
      return;
    }
    let cond = this.#truth(test, scope);
    this.#line(`if (${cond.c}) {`);
    let current = stmt;
    for (;;) {
      this.#indent += 1;
      this.#block(nodes(current, 'body'), scope);
      this.#indent -= 1;
      const orelse = nodes(current, 'orelse');
      if (orelse.length === 1 && orelse[0]?._t === 'If') {
        current = orelse[0];
        this.#flushComments(current.lineno ?? 0);
        cond = this.#truth(node(current, 'test'), scope);
        this.#line(`} else if (${cond.c}) {`);
        continue;
      }
      if (orelse.length > 0) {
        this.#line('} else {');
        this.#indent += 1;
        this.#block(orelse, scope);
        this.#indent -= 1;
      }
      break;
    }
    this.#line('}');
  }

  #isAppRun(stmt: PyNode): boolean {
    if (stmt._t !== 'Expr') return false;
    const call = node(stmt, 'value');
    if (call._t !== 'Call') return false;
    const func = node(call, 'func');
    return func._t === 'Attribute' && text(func, 'attr') === 'run' && nodes(call, 'args').length === 0;
  }

  #while(stmt: PyNode, scope: Scope): void {
    if (nodes(stmt, 'orelse').length > 0) this.#fail('`while … else` is not translated');
    const test = node(stmt, 'test');
    const cond = test._t === 'Constant' && test.value === true ? e('true', 'bool') : this.#truth(test, scope);
    this.#line(`while (${cond.c}) {`);
    this.#indent += 1;
    this.#block(nodes(stmt, 'body'), scope);
    this.#indent -= 1;
    this.#line('}');
  }

  #for(stmt: PyNode, scope: Scope): void {
    const target = node(stmt, 'target');
    const iter = node(stmt, 'iter');
    const orelse = nodes(stmt, 'orelse');
    const names: string[] = [];
    const collect = (t: PyNode) => {
      if (t._t === 'Name') names.push(text(t, 'id'));
      else if (t._t === 'Tuple' || t._t === 'List') for (const x of nodes(t, 'elts')) collect(x);
      else this.#fail('a `for` target that is not a name or tuple of names');
    };
    collect(target);
    const loopNames = names.every((n) => scope.plans.get(n)?.how === 'loop' && !this.#isDeclared(scope, n));
    if (!loopNames) {
      const undeclared = names.filter((n) => !this.#isDeclared(scope, n) && !scope.globals.has(n));
      if (undeclared.length > 0)
        this.#line(`let ${undeclared.map((n) => `${this.#name(n)}: any`).join(', ')};`);
      for (const n of undeclared) scope.declared.add(n);
    }
    const source = this.#iterable(iter, scope, target._t === 'Tuple' ? names.length : 1);
    const pattern =
      target._t === 'Name'
        ? this.#name(names[0] as string)
        : `[${names.map((n) => this.#name(n)).join(', ')}]`;
    let flag: string | undefined;
    if (orelse.length > 0) {
      flag = `_broke${this.#temp++}`;
      this.#line(`let ${flag} = false;`);
    }
    if (source.range && target._t === 'Name' && loopNames) {
      const [start, stop, step] = source.range;
      const v = pattern;
      const cmp = step.startsWith('-') ? '>' : '<';
      this.#line(`for (let ${v} = ${start}; ${v} ${cmp} ${stop}; ${v} += ${step}) {`);
    } else this.#line(`for (${loopNames ? 'const ' : ''}${pattern} of ${source.c}) {`);
    const saved = names.map((n) => [n, scope.vars.get(n)] as const);
    for (const n of names) scope.vars.set(n, source.item);
    this.#indent += 1;
    if (flag) this.#withBreakFlag(nodes(stmt, 'body'), scope, flag);
    else this.#block(nodes(stmt, 'body'), scope);
    this.#indent -= 1;
    this.#line('}');
    for (const [n, k] of saved) {
      if (k) scope.vars.set(n, k);
      else if (loopNames) scope.vars.delete(n);
    }
    if (flag) {
      this.#line(`if (!${flag}) {`);
      this.#indent += 1;
      this.#block(orelse, scope);
      this.#indent -= 1;
      this.#line('}');
    }
  }

  #withBreakFlag(body: PyNode[], scope: Scope, flag: string): void {
    // A `break` directly in this loop (not in a nested one) sets the flag first.
    const mark = (stmts: PyNode[]): PyNode[] =>
      stmts.map((s) => {
        if (s._t === 'Break') return { ...s, _t: 'FlagBreak', flag };
        if (s._t === 'For' || s._t === 'While') return s;
        const copy: PyNode = { ...s };
        for (const field of ['body', 'orelse', 'finalbody'])
          if (Array.isArray(s[field])) copy[field] = mark(nodes(s, field));
        if (Array.isArray(s.handlers))
          copy.handlers = nodes(s, 'handlers').map((h) => ({ ...h, body: mark(nodes(h, 'body')) }));
        return copy;
      });
    const marked = mark(body);
    for (const s of marked) {
      if (s._t === 'FlagBreak') {
        this.#line(`${flag} = true;`);
        this.#line('break;');
      } else this.#statement(s, scope);
    }
  }

  /** What a `for` walks, as JavaScript; `range` loops as counters. */
  #iterable(
    iter: PyNode,
    scope: Scope,
    arity: number,
  ): { c: string; item: Kind; range?: [string, string, string]; array?: boolean } {
    if (iter._t === 'Call') {
      const func = node(iter, 'func');
      const args = nodes(iter, 'args');
      if (func._t === 'Name' && nodes(iter, 'keywords').length === 0) {
        const id = text(func, 'id');
        if (id === 'range' && args.length >= 1 && args.length <= 3 && !this.#lookup(scope, 'range')) {
          const xs = args.map((a) => this.#expr(a, scope).c);
          const [start, stop, step] =
            xs.length === 1 ? ['0', xs[0] as string, '1'] : [xs[0] as string, xs[1] as string, xs[2] ?? '1'];
          return {
            c: `${this.#help('pyRange')}(${xs.join(', ')})`,
            item: 'int',
            range: [start, stop, step],
            array: true,
          };
        }
        if (id === 'enumerate' && args.length === 1 && arity === 2) {
          const inner = this.#iterable(args[0] as PyNode, scope, 1);
          return { c: `[...${inner.c}].entries()`, item: 'any' };
        }
        if (id === 'zip' && args.length === 2 && arity === 2) {
          const a = this.#expr(args[0] as PyNode, scope);
          const b = this.#expr(args[1] as PyNode, scope);
          const bs = `_zip${this.#temp++}`;
          return {
            c: `((${bs}) => ${wrap(a, POSTFIX)}.slice(0, ${bs}.length).map((x: any, i: number) => [x, ${bs}[i]]))(${b.c})`,
            item: 'any',
          };
        }
        if ((id === 'sorted' || id === 'reversed' || id === 'list') && args.length === 1) {
          return { c: this.#expr(iter, scope).c, item: 'any', array: true };
        }
      }
      if (func._t === 'Attribute' && args.length === 0) {
        const attr = text(func, 'attr');
        const owner = this.#expr(node(func, 'value'), scope);
        if (attr === 'items' && owner.k !== 'list')
          return { c: `Object.entries(${owner.c})`, item: 'any', array: true };
        if (attr === 'keys' && owner.k !== 'list')
          return { c: `Object.keys(${owner.c})`, item: 'str', array: true };
        if (attr === 'values' && owner.k !== 'list')
          return { c: `Object.values(${owner.c})`, item: 'any', array: true };
      }
    }
    const x = this.#expr(iter, scope);
    if (x.k === 'dict' || x.k === 'input' || x.k === 'session')
      return { c: `Object.keys(${x.c})`, item: 'str', array: true };
    if (x.k === 'str') return { c: x.c, item: 'str' };
    if (x.k === 'list') return { c: x.c, item: 'any', array: true };
    return { c: `${this.#help('pyIter')}(${x.c})`, item: 'any' };
  }

  #raise(stmt: PyNode, scope: Scope): void {
    const exc = maybe(stmt, 'exc');
    if (!exc) {
      const name = this.#caught(scope);
      if (!name) this.#fail('a bare `raise` outside `except`');
      this.#line(`throw ${name};`);
      return;
    }
    if (maybe(stmt, 'cause')) this.#fail('`raise … from …` is not translated');
    this.#line(`throw ${this.#exception(exc, scope)};`);
  }

  #caughtNames: string[] = [];
  /** Names bound by imports the porter could not translate: code using them is a TODO too. */
  readonly #todoNames = new Set<string>();
  /** Classes registered through app.page(class …): no module-level name to export. */
  readonly #unbound = new Set<string>();
  /** Inside a `try` that catches IndexError/KeyError: subscripts must throw as Python's do. */
  #strictIndex = 0;

  #caught(_scope: Scope): string | undefined {
    return this.#caughtNames[this.#caughtNames.length - 1];
  }

  /** `ValueError('x')` → `new RangeError('x')`; web's HTTP errors are thrown as they are. */
  #exception(exc: PyNode, scope: Scope): string {
    const target = exc._t === 'Call' ? node(exc, 'func') : exc;
    if (target._t === 'Name') {
      const id = text(target, 'id');
      const mapped = EXCEPTIONS[id];
      if (mapped && !this.#lookup(scope, id)) {
        const args = exc._t === 'Call' ? nodes(exc, 'args') : [];
        if (args.length > 1) this.#fail('an exception with several arguments');
        return `new ${mapped}(${args[0] ? this.#str(args[0], scope) : ''})`;
      }
      if (this.facts.classes.has(id)) {
        const args = exc._t === 'Call' ? nodes(exc, 'args').map((a) => this.#expr(a, scope).c) : [];
        return `new ${this.#name(id)}(${args.join(', ')})`;
      }
    }
    const path = webPath(target, this.facts);
    if (path) return exc._t === 'Call' ? this.#expr(exc, scope).c : `web.${path.join('.')}()`;
    return this.#expr(exc, scope).c;
  }

  #try(stmt: PyNode, scope: Scope): void {
    const handlers = nodes(stmt, 'handlers');
    const orelse = nodes(stmt, 'orelse');
    const finalbody = nodes(stmt, 'finalbody');
    const outer = finalbody.length > 0 && (handlers.length > 0 || orelse.length > 0);
    if (outer) {
      this.#line('try {');
      this.#indent += 1;
    }
    let flag: string | undefined;
    if (orelse.length > 0) {
      flag = `_ok${this.#temp++}`;
      this.#line(`let ${flag} = false;`);
    }
    this.#line('try {');
    this.#indent += 1;
    const lookups = handlers.some((h) => {
      const type = maybe(h, 'type');
      if (!type) return true;
      const names = (type._t === 'Tuple' ? nodes(type, 'elts') : [type]).map((t) =>
        t._t === 'Name' ? text(t, 'id') : '',
      );
      return names.some((n) =>
        ['IndexError', 'KeyError', 'LookupError', 'Exception', 'BaseException'].includes(n),
      );
    });
    if (lookups) this.#strictIndex += 1;
    this.#block(nodes(stmt, 'body'), scope);
    if (lookups) this.#strictIndex -= 1;
    if (flag) this.#line(`${flag} = true;`);
    this.#indent -= 1;
    if (handlers.length > 0) {
      const names = handlers.map((h) => h.name as string | null).filter((n): n is string => n !== null);
      const err =
        names.length > 0 && names.every((n) => n === names[0])
          ? this.#name(names[0] as string)
          : `_e${this.#temp++}`;
      this.#line(`} catch (${err}) {`);
      this.#indent += 1;
      this.#caughtNames.push(err);
      let catchAll = false;
      handlers.forEach((h, i) => {
        const type = maybe(h, 'type');
        const classes = type ? this.#exceptionClasses(type, scope) : null;
        const name = h.name as string | null;
        if (name) scope.vars.set(name, 'error');
        const test = classes ? classes.map((c) => `${err} instanceof ${c}`).join(' || ') : null;
        if (!test) {
          catchAll = true;
          this.#line(i === 0 ? '{' : '} else {');
        } else this.#line(`${i === 0 ? '' : '} else '}if (${test}) {`);
        this.#indent += 1;
        if (name && this.#name(name) !== err) this.#line(`const ${this.#name(name)} = ${err};`);
        this.#block(nodes(h, 'body'), scope);
        this.#indent -= 1;
      });
      if (!catchAll) {
        this.#line('} else {');
        this.#line(`  throw ${err};`);
      }
      this.#line('}');
      this.#caughtNames.pop();
      this.#indent -= 1;
    }
    if (finalbody.length > 0 && !outer) {
      this.#line('} finally {');
      this.#indent += 1;
      this.#block(finalbody, scope);
      this.#indent -= 1;
    }
    this.#line('}');
    if (flag) {
      this.#line(`if (${flag}) {`);
      this.#indent += 1;
      this.#block(orelse, scope);
      this.#indent -= 1;
      this.#line('}');
    }
    if (outer) {
      this.#indent -= 1;
      this.#line('} finally {');
      this.#indent += 1;
      this.#block(finalbody, scope);
      this.#indent -= 1;
      this.#line('}');
    }
  }

  /** The JavaScript classes an `except X` matches; null for a catch-all. */
  #exceptionClasses(type: PyNode, scope: Scope): string[] | null {
    const items = type._t === 'Tuple' ? nodes(type, 'elts') : [type];
    const out: string[] = [];
    for (const item of items) {
      if (item._t === 'Name') {
        const id = text(item, 'id');
        if (id === 'Exception' || id === 'BaseException') return null;
        const mapped = EXCEPTIONS[id];
        if (mapped && !this.#lookup(scope, id)) {
          out.push(mapped);
          continue;
        }
        if (this.facts.classes.has(id)) {
          out.push(this.#name(id));
          continue;
        }
      }
      const path = webPath(item, this.facts);
      if (path && path.length === 1) {
        out.push(`web.${path[0]}`);
        continue;
      }
      this.#fail(`\`except\` of an exception the porter does not know`);
    }
    return [...new Set(out)];
  }

  #with(stmt: PyNode, scope: Scope): void {
    const items = nodes(stmt, 'items');
    if (items.length !== 1 || !isTransactionWith(items[0] as PyNode, this.program, this.facts))
      this.#fail('`with` is translated for `db.transaction()` only');
    const item = items[0] as PyNode;
    if (maybe(item, 'optional_vars')) this.#fail('`with db.transaction() as t:`');
    const body = nodes(stmt, 'body');
    let returns = false;
    for (const s of body) {
      if (s._t === 'Return') returns = true;
      walkShallow(s, (n) => {
        if (n._t === 'Return') returns = true;
      });
    }
    if (returns) this.#fail('`return` inside `with db.transaction():` (the body becomes a function)');
    const call = node(node(item, 'context_expr'), 'func');
    const db = this.#expr(node(call, 'value'), scope).c;
    this.#line(`await ${db}.transaction(async () => {`);
    this.#indent += 1;
    const inner = { ...scope, isAsync: true };
    this.#block(body, inner);
    this.#indent -= 1;
    this.#line('});');
  }

  // ---------------------------------------------------------------- expressions

  /** An expression as text: a `str` as is, anything else through Python's `str()`. */
  #str(n: PyNode, scope: Scope): string {
    const x = this.#expr(n, scope);
    return this.#asStr(x).c;
  }

  #asStr(x: E): E {
    if (x.k === 'str') return x;
    if (x.k === 'num' || x.k === 'int') return e(`String(${x.c})`, 'str');
    return e(`${this.#help('pyStr')}(${x.c})`, 'str');
  }

  /** Text for a template literal's `${…}`. */
  #interp(x: E): string {
    if (x.k === 'str' || x.k === 'num' || x.k === 'int') return `\${${x.c}}`;
    return `\${${this.#help('pyStr')}(${x.c})}`;
  }

  #expr(n: PyNode, scope: Scope): E {
    switch (n._t) {
      case 'Constant':
        return this.#constant(n);
      case 'Name':
        return this.#nameExpr(n, scope);
      case 'Attribute':
        return this.#attribute(n, scope);
      case 'Call':
        return this.#call(n, scope);
      case 'BinOp': {
        const op = node(n, 'op')._t;
        const left = this.#expr(node(n, 'left'), scope);
        if (op === 'Mod' && left.k === 'str')
          return this.#percent(left, node(n, 'left'), node(n, 'right'), scope);
        return this.#binop(op, left, this.#expr(node(n, 'right'), scope));
      }
      case 'UnaryOp': {
        const op = node(n, 'op')._t;
        const operand = node(n, 'operand');
        if (op === 'Not') return e(`!${wrap(this.#truth(operand, scope), UNARY)}`, 'bool', UNARY);
        const x = this.#expr(operand, scope);
        if (op === 'USub') return e(`-${wrap(x, UNARY)}`, isNumish(x.k) ? x.k : 'num', UNARY);
        if (op === 'UAdd') return e(`+${wrap(x, UNARY)}`, 'num', UNARY);
        return e(`~${wrap(x, UNARY)}`, 'int', UNARY);
      }
      case 'BoolOp':
        return this.#boolop(n, scope);
      case 'Compare':
        return this.#compare(n, scope);
      case 'IfExp': {
        const test = this.#truth(node(n, 'test'), scope);
        const a = this.#expr(node(n, 'body'), scope);
        const b = this.#expr(node(n, 'orelse'), scope);
        return e(`${wrap(test, OR)} ? ${wrap(a, COND)} : ${wrap(b, COND)}`, a.k === b.k ? a.k : 'any', COND);
      }
      case 'Lambda':
        return this.#lambda(n, scope);
      case 'List':
      case 'Tuple':
      case 'Set': {
        if (n._t === 'Set') this.#fail('sets are not translated');
        const items = nodes(n, 'elts').map((x) =>
          x._t === 'Starred'
            ? `...${wrap(this.#expr(node(x, 'value'), scope), UNARY)}`
            : this.#expr(x, scope).c,
        );
        return e(`[${items.join(', ')}]`, 'list');
      }
      case 'Dict': {
        const keys = n.keys as (PyNode | null)[];
        const values = nodes(n, 'values');
        const parts = values.map((v, i) => {
          const k = keys[i];
          const value = this.#expr(v, scope).c;
          if (!k) return `...${value}`;
          if (k._t === 'Constant' && typeof k.value === 'string')
            return `${this.#key(k.value as string)}: ${value}`;
          if (k._t === 'Constant' && typeof k.value === 'number') return `${k.value}: ${value}`;
          return `[${this.#expr(k, scope).c}]: ${value}`;
        });
        return e(parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`, 'dict');
      }
      case 'Subscript':
        return this.#subscript(n, scope);
      case 'JoinedStr':
        return this.#fstring(n, scope);
      case 'ListComp':
      case 'GeneratorExp':
        return this.#comprehension(n, scope, 'list');
      case 'DictComp':
        return this.#comprehension(n, scope, 'dict');
      case 'Starred':
        return e(`...${wrap(this.#expr(node(n, 'value'), scope), UNARY)}`, 'any', ARROW);
      case 'Yield': {
        const value = maybe(n, 'value');
        return e(value ? `yield ${wrap(this.#expr(value, scope), ARROW)}` : 'yield', 'any', ARROW);
      }
      case 'Await':
        this.#fail('Python `await`');
        break;
      default:
        this.#fail(`\`${n._t}\` expressions are not translated`);
    }
  }

  #key(k: string): string {
    return /^[A-Za-z_$][\w$]*$/.test(k) ? k : js(k);
  }

  #constant(n: PyNode): E {
    const v = n.value;
    if (v === null) return e('null', 'none');
    if (v === true) return e('true', 'bool');
    if (v === false) return e('false', 'bool');
    if (typeof v === 'string') return e(js(v), 'str');
    if (typeof v === 'number') return e(String(v), Number.isInteger(v) ? 'int' : 'num', v < 0 ? UNARY : ATOM);
    if (v && typeof v === 'object') {
      const special = v as PyNode;
      if (special._t === 'bytes')
        return e(`Buffer.from(${js(special.value as string)}, 'latin1')`, 'any', POSTFIX);
      if (special._t === 'inf') return e(special.value ? 'Infinity' : '-Infinity', 'num');
      if (special._t === 'nan') return e('Number.NaN', 'num');
    }
    this.#fail('a constant the porter cannot write');
  }

  #nameExpr(n: PyNode, scope: Scope): E {
    const id = text(n, 'id');
    if (id === 'self') return e('this', 'any');
    if (id === '__file__') return e('import.meta.filename', 'str', POSTFIX);
    if (this.#todoNames.has(id) && !this.#lookup(scope, id))
      this.#fail(`uses \`${id}\`, whose import is not translated`);
    if ((id === 'datetime' || id === 'json') && !this.#lookup(scope, id))
      this.#fail(`this use of \`${id}\` is not translated`);
    if (id === '__name__') this.#fail('`__name__` outside `if __name__ == "__main__":`');
    const kind = this.#lookup(scope, id);
    if (!kind) {
      if (id === 'str') return e(this.#help('pyStr'));
      if (id === 'int') return e(this.#help('pyInt'));
      if (id === 'float') return e(this.#help('pyFloat'));
      if (id === 'len') return e(this.#help('pyLen'));
      if (id in EXCEPTIONS) return e(EXCEPTIONS[id] as string);
    }
    if (this.facts.webAliases.has(id)) return e(this.#name(id), kind ?? 'web');
    return e(this.#name(id), kind ?? 'any');
  }

  #attribute(n: PyNode, scope: Scope): E {
    const owner = node(n, 'value');
    const attr = text(n, 'attr');
    const path = webPath(n, this.facts);
    if (path) {
      const p = path.join('.');
      if (p === 'ctx.env') return e('web.ctx.env', 'dict', POSTFIX);
      if (path[0] === 'ctx' && path.length === 2 && !CTX_FIELDS.has(attr))
        return e(`(web.ctx as any).${attr}`, 'any', POSTFIX);
      const head = dotted(n)?.[0] ?? 'web';
      const alias = this.facts.webAliases.has(head);
      return e(alias ? (dotted(n) ?? []).join('.') : `web.${p}`, 'any', POSTFIX);
    }
    const parts = dotted(n);
    if (parts && parts[0] === 'os' && !this.#lookup(scope, 'os')) return this.#osName(parts);
    const x = this.#expr(owner, scope);
    // web.input(q='').q: text, since the default is text (and a value sent is text too).
    if (x.k === 'input' && owner._t === 'Call') {
      const dflt = nodes(owner, 'keywords').find((k) => k.arg === attr);
      const value = dflt ? node(dflt, 'value') : null;
      if (value?._t === 'Constant' && typeof value.value === 'string')
        return e(`${wrap(x, POSTFIX)}.${attr}`, 'str', POSTFIX);
    }
    if (x.k === 'session' && SESSION_API.has(attr))
      this.#fail(`the session key \`${attr}\` is a method of webts's session: use session.get('${attr}')`);
    if (x.k === 'form' && attr === 'd') return e(`${wrap(x, POSTFIX)}.d`, 'any', POSTFIX);
    return e(
      `${wrap(x, POSTFIX)}.${attr}`,
      x.k === 'module' ? this.#moduleMember(owner, attr) : 'any',
      POSTFIX,
    );
  }

  #moduleMember(owner: PyNode, attr: string): Kind {
    const module = owner._t === 'Name' ? this.facts.moduleAliases.get(text(owner, 'id')) : undefined;
    return (module ? this.program.modules.get(module)?.kinds.get(attr) : undefined) ?? 'any';
  }

  #osName(parts: string[]): E {
    const name = parts.join('.');
    if (name === 'os.sep') return this.#pathName('sep');
    if (name === 'os.environ') return e('process.env', 'dict', POSTFIX);
    this.#fail(`\`${name}\` has no translation`);
  }

  #pathName(name: string): E {
    this.#pathImports.add(name);
    return e(name);
  }

  // ------------------------------------------------------------ operators

  #binop(op: string, a: E, b: E): E {
    switch (op) {
      case 'Add':
        if (a.k === 'list' || b.k === 'list')
          return e(`[...${wrap(a, UNARY)}, ...${wrap(b, UNARY)}]`, 'list');
        if (isStrish(a.k) && isStrish(b.k)) return e(`${wrap(a, ADD)} + ${wrap(b, ADD + 1)}`, 'str', ADD);
        if (isNumish(a.k) && isNumish(b.k))
          return e(
            `${wrap(a, ADD)} + ${wrap(b, ADD + 1)}`,
            a.k === 'int' && b.k === 'int' ? 'int' : 'num',
            ADD,
          );
        // One side is text: in Python the other must be too (else TypeError), as in JavaScript's result.
        if (isStrish(a.k) || isStrish(b.k)) return e(`${wrap(a, ADD)} + ${wrap(b, ADD + 1)}`, 'str', ADD);
        // Neither side known: lists concatenate in Python, where JavaScript would join them as text.
        return e(`${this.#help('pyAdd')}(${a.c}, ${b.c})`, 'any');
      case 'Sub':
        return e(
          `${wrap(a, ADD)} - ${wrap(b, ADD + 1)}`,
          a.k === 'int' && b.k === 'int' ? 'int' : 'num',
          ADD,
        );
      case 'Mult':
        if (isStrish(a.k) && isNumish(b.k)) return e(`${wrap(a, POSTFIX)}.repeat(${b.c})`, 'str', POSTFIX);
        if (a.k === 'list' && isNumish(b.k))
          return e(`Array.from({ length: ${b.c} }, () => ${wrap(a, UNARY)}).flat()`, 'list', POSTFIX);
        if (!(isNumish(a.k) || a.k === 'any') || !(isNumish(b.k) || b.k === 'any'))
          this.#fail('`*` of a sequence');
        // A value of unknown type may be text or a list, which Python repeats.
        if (a.k === 'any' || b.k === 'any') return e(`${this.#help('pyMul')}(${a.c}, ${b.c})`, 'any');
        return e(
          `${wrap(a, MUL)} * ${wrap(b, MUL + 1)}`,
          a.k === 'int' && b.k === 'int' ? 'int' : 'num',
          MUL,
        );
      case 'Div':
        // Python raises ZeroDivisionError where JavaScript gives Infinity.
        if (/^[1-9][\d.]*$/.test(b.c)) return e(`${wrap(a, MUL)} / ${wrap(b, MUL + 1)}`, 'num', MUL);
        return e(`${this.#help('pyDiv')}(${a.c}, ${b.c})`, 'num');
      case 'FloorDiv':
        return e(`${this.#help('pyFloorDiv')}(${a.c}, ${b.c})`, 'int');
      case 'Mod':
        if (isStrish(a.k)) return e(`${this.#help('pyMod')}(${a.c}, ${b.c})`, 'str');
        if (isNumish(a.k)) return e(`${this.#help('pyModNum')}(${a.c}, ${b.c})`, a.k);
        return e(`${this.#help('pyModAny')}(${a.c}, ${b.c})`, 'any');
      case 'Pow':
        return e(`${wrap(a, EXP + 1)} ** ${wrap(b, EXP)}`, 'num', EXP);
      case 'BitAnd':
        return e(`${wrap(a, EQ)} & ${wrap(b, EQ + 1)}`, 'int', EQ - 1);
      case 'BitOr':
        return e(`${wrap(a, EQ)} | ${wrap(b, EQ + 1)}`, 'int', EQ - 3);
      default:
        this.#fail(`the \`${op}\` operator`);
    }
    this.#fail(`the \`${op}\` operator`);
  }

  /** `'%s is %d' % (a, b)`: a template literal when the format is plain, else pyMod. */
  #percent(format: E, formatNode: PyNode, argsNode: PyNode, scope: Scope): E {
    const literal = formatNode._t === 'Constant' ? (formatNode.value as string) : null;
    const list = argsNode._t === 'Tuple' ? nodes(argsNode, 'elts') : null;
    const values: E[] = list ? list.map((x) => this.#expr(x, scope)) : [this.#expr(argsNode, scope)];
    const single = values[0] as E;
    const scalar = list !== null || simple(single.k) || single.k === 'error';
    if (literal !== null && scalar && !list?.some((x) => x._t === 'Starred')) {
      const specs = [...literal.matchAll(/%([sdi%])|%/g)];
      const plain = specs.every((m) => m[1] !== undefined);
      const count = specs.filter((m) => m[1] !== '%').length;
      if (plain && count === values.length) {
        let i = 0;
        let out = '';
        let last = 0;
        for (const m of specs) {
          out += this.#tpl(literal.slice(last, m.index));
          last = (m.index ?? 0) + m[0].length;
          if (m[1] === '%') out += '%';
          else {
            const v = values[i++] as E;
            if (m[1] === 's') out += this.#interp(v);
            else out += v.k === 'int' ? `\${${v.c}}` : `\${${this.#help('pyInt')}(${v.c})}`;
          }
        }
        out += this.#tpl(literal.slice(last));
        return e(`\`${out}\``, 'str');
      }
    }
    const args = list ? `[${values.map((v) => v.c).join(', ')}]` : single.c;
    return e(`${this.#help('pyMod')}(${format.c}, ${args})`, 'str');
  }

  #tpl(s: string): string {
    return s
      .replace(/\\/g, '\\\\')
      .replace(/`/g, '\\`')
      .replace(/\$\{/g, '\\${')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r');
  }

  #boolop(n: PyNode, scope: Scope): E {
    const and = node(n, 'op')._t === 'And';
    // A literal on the left of && / || is a TypeScript error ("always truthy"): widen it.
    const values = nodes(n, 'values').map((v, i, all) => {
      const x = this.#expr(v, scope);
      if (v._t !== 'Constant' || i === all.length - 1) return x;
      return x.k === 'str' ? e(`String(${x.c})`, 'str', POSTFIX) : e(`(${x.c} as any)`, x.k);
    });
    const allSimple = values.every((v) => simple(v.k));
    let acc = values[0] as E;
    for (const next of values.slice(1)) {
      if (
        allSimple ||
        ['app', 'render', 'db', 'formclass', 'form', 'tx', 'module', 'session'].includes(acc.k)
      ) {
        acc = and
          ? e(`${wrap(acc, AND)} && ${wrap(next, AND + 1)}`, acc.k === next.k ? acc.k : 'any', AND)
          : e(`${wrap(acc, OR)} || ${wrap(next, OR + 1)}`, acc.k === next.k ? acc.k : 'any', OR);
        continue;
      }
      // Python returns the deciding operand, with Python's truthiness.
      const t = `_t${this.#temp++}`;
      const test = this.#bool(e(t, acc.k)).c;
      acc = e(
        `((${t}: any) => (${and ? test : `!${wrap(this.#bool(e(t, acc.k)), UNARY)}`} ? ${wrap(next, COND)} : ${t}))(${acc.c})`,
        acc.k === next.k ? acc.k : 'any',
        POSTFIX,
      );
      if (scope.arrow < 0) break;
    }
    return acc;
  }

  #compare(n: PyNode, scope: Scope): E {
    const ops = nodes(n, 'ops').map((o) => o._t);
    const operands = [node(n, 'left'), ...nodes(n, 'comparators')];
    const exprs = operands.map((o) => this.#expr(o, scope));
    const parts: string[] = [];
    ops.forEach((op, i) => {
      const a = exprs[i] as E;
      const b = exprs[i + 1] as E;
      if (i > 0 && !(operands[i]?._t === 'Name' || operands[i]?._t === 'Constant'))
        this.#fail('a chained comparison whose middle operand is not a name');
      parts.push(this.#compareOne(op, a, b).c);
    });
    if (parts.length === 1) {
      const only = this.#compareOne(ops[0] as string, exprs[0] as E, exprs[1] as E);
      return only;
    }
    return e(parts.map((p) => `(${p})`).join(' && '), 'bool', AND);
  }

  #compareOne(op: string, a: E, b: E): E {
    switch (op) {
      case 'Eq':
      case 'NotEq': {
        const neg = op === 'NotEq';
        if (a.k === 'none' || b.k === 'none')
          return e(`${wrap(a, EQ + 1)} ${neg ? '!=' : '=='} ${wrap(b, EQ + 1)}`, 'bool', EQ);
        const structural = (k: Kind) => !simple(k);
        if (structural(a.k) && structural(b.k))
          return e(`${neg ? '!' : ''}${this.#help('pyEq')}(${a.c}, ${b.c})`, 'bool', neg ? UNARY : POSTFIX);
        return e(`${wrap(a, EQ + 1)} ${neg ? '!==' : '==='} ${wrap(b, EQ + 1)}`, 'bool', EQ);
      }
      case 'Is':
      case 'IsNot': {
        const neg = op === 'IsNot';
        if (a.k === 'none' || b.k === 'none')
          return e(`${wrap(a, EQ + 1)} ${neg ? '!=' : '=='} ${wrap(b, EQ + 1)}`, 'bool', EQ);
        return e(`${wrap(a, EQ + 1)} ${neg ? '!==' : '==='} ${wrap(b, EQ + 1)}`, 'bool', EQ);
      }
      case 'Lt':
      case 'LtE':
      case 'Gt':
      case 'GtE': {
        const sym = { Lt: '<', LtE: '<=', Gt: '>', GtE: '>=' }[op];
        if (a.k === 'list' || b.k === 'list')
          return e(`${this.#help('pyCompare')}(${a.c}, ${b.c}) ${sym} 0`, 'bool', REL);
        return e(`${wrap(a, REL + 1)} ${sym} ${wrap(b, REL + 1)}`, 'bool', REL);
      }
      case 'In':
      case 'NotIn': {
        const neg = op === 'NotIn' ? '!' : '';
        if (b.k === 'str' && a.k === 'str')
          return e(`${neg}${wrap(b, POSTFIX)}.includes(${a.c})`, 'bool', neg ? UNARY : POSTFIX);
        if (b.k === 'list')
          return e(`${neg}${wrap(b, POSTFIX)}.includes(${a.c})`, 'bool', neg ? UNARY : POSTFIX);
        if (b.k === 'session')
          return e(`${neg}${wrap(b, POSTFIX)}.has(${a.c})`, 'bool', neg ? UNARY : POSTFIX);
        if (b.k === 'dict' || b.k === 'input')
          return e(`${neg}Object.hasOwn(${b.c}, ${a.c})`, 'bool', neg ? UNARY : POSTFIX);
        return e(`${neg}${this.#help('pyIn')}(${a.c}, ${b.c})`, 'bool', neg ? UNARY : POSTFIX);
      }
      default:
        this.#fail(`the \`${op}\` comparison`);
    }
  }

  #lambda(n: PyNode, scope: Scope): E {
    const inner = this.#child(scope, 'function', { arrow: scope.arrow + 1 });
    const params = this.#params(n, inner, false);
    const body = this.#expr(node(n, 'body'), inner);
    return e(`(${params}) => ${body.c.startsWith('{') ? `(${body.c})` : wrap(body, ARROW)}`, 'any', ARROW);
  }

  #comprehension(n: PyNode, scope: Scope, what: 'list' | 'dict'): E {
    const generators = nodes(n, 'generators');
    const inner = this.#child(scope, 'function', { arrow: scope.arrow + 1 });
    let chain = '';
    let first = true;
    const steps: { source: string; pattern: string; ifs: PyNode[] }[] = [];
    for (const g of generators) {
      if (g.is_async) this.#fail('async comprehension');
      const target = node(g, 'target');
      const names: string[] = [];
      const collect = (t: PyNode) => {
        if (t._t === 'Name') names.push(text(t, 'id'));
        else if (t._t === 'Tuple') for (const x of nodes(t, 'elts')) collect(x);
        else this.#fail('a comprehension target that is not a name or tuple');
      };
      collect(target);
      const source = this.#iterable(node(g, 'iter'), first ? scope : inner, names.length);
      for (const name of names) {
        inner.vars.set(name, source.item);
        inner.declared.add(name);
      }
      const pattern =
        target._t === 'Name'
          ? `${this.#name(names[0] as string)}: any`
          : `[${names.map((x) => this.#name(x)).join(', ')}]: any`;
      steps.push({
        source: source.range
          ? `${this.#help('pyRange')}(${source.range[0]}, ${source.range[1]}, ${source.range[2]})`
          : source.c,
        pattern,
        ifs: nodes(g, 'ifs'),
      });
      first = false;
    }
    const element =
      what === 'list'
        ? this.#expr(node(n, 'elt'), inner).c
        : `[${this.#expr(node(n, 'key'), inner).c}, ${this.#expr(node(n, 'value'), inner).c}]`;
    // Innermost first: filter, then map; outer generators flatMap.
    const build = (i: number): string => {
      const step = steps[i] as (typeof steps)[number];
      const src = i === 0 ? `[...${step.source}]` : `[...${step.source}]`;
      let out = src;
      for (const cond of step.ifs) out += `.filter((${step.pattern}) => ${this.#truth(cond, inner).c})`;
      if (i === steps.length - 1)
        return `${out}.map((${step.pattern}) => ${element.startsWith('{') ? `(${element})` : element})`;
      return `${out}.flatMap((${step.pattern}) => ${build(i + 1)})`;
    };
    chain = build(0);
    if (what === 'dict') return e(`Object.fromEntries(${chain})`, 'dict', POSTFIX);
    return e(chain, 'list', POSTFIX);
  }

  #fstring(n: PyNode, scope: Scope): E {
    let out = '';
    for (const part of nodes(n, 'values')) {
      if (part._t === 'Constant') out += this.#tpl(part.value as string);
      else if (part._t === 'FormattedValue') {
        const x = this.#expr(node(part, 'value'), scope);
        const conversion = part.conversion as number;
        const spec = maybe(part, 'format_spec');
        if (spec) {
          const specText = nodes(spec, 'values')
            .map((v) => (v._t === 'Constant' ? (v.value as string) : this.#fail('a computed format spec')))
            .join('');
          out += `\${${this.#help('pyFormat')}(${js(`{${conversion === 114 ? '!r' : ''}:${specText}}`)}, [${x.c}])}`;
        } else if (conversion === 114) out += `\${${this.#help('pyRepr')}(${x.c})}`;
        else out += this.#interp(x);
      } else this.#fail('an f-string part the porter does not know');
    }
    return e(`\`${out}\``, 'str');
  }

  #index(slice: PyNode, scope: Scope, owner: E): E {
    void owner;
    return this.#expr(slice, scope);
  }

  #subscript(n: PyNode, scope: Scope): E {
    const owner = this.#expr(node(n, 'value'), scope);
    const slice = node(n, 'slice');
    if (slice._t === 'Slice') {
      const lower = maybe(slice, 'lower');
      const upper = maybe(slice, 'upper');
      const step = maybe(slice, 'step');
      if (step) {
        const isReverse =
          step._t === 'UnaryOp' &&
          node(step, 'op')._t === 'USub' &&
          node(step, 'operand').value === 1 &&
          !lower &&
          !upper;
        if (!isReverse) this.#fail('a slice with a step');
        if (owner.k === 'str') return e(`[...${wrap(owner, UNARY)}].reverse().join('')`, 'str', POSTFIX);
        return e(`[...${wrap(owner, UNARY)}].reverse()`, 'list', POSTFIX);
      }
      const args = [lower ? this.#expr(lower, scope).c : '0', ...(upper ? [this.#expr(upper, scope).c] : [])];
      if (owner.k !== 'str' && owner.k !== 'list') {
        return e(`${wrap(owner, POSTFIX)}.slice(${args.join(', ')})`, owner.k, POSTFIX);
      }
      return e(`${wrap(owner, POSTFIX)}.slice(${args.join(', ')})`, owner.k, POSTFIX);
    }
    if (owner.k === 'form')
      return e(`${wrap(owner, POSTFIX)}.get(${this.#expr(slice, scope).c})!`, 'any', POSTFIX);
    const index = this.#expr(slice, scope);
    if (this.#strictIndex > 0)
      return e(`${this.#help('pyItem')}(${owner.c}, ${index.c})`, owner.k === 'str' ? 'str' : 'any');
    const negative = slice._t === 'UnaryOp' && node(slice, 'op')._t === 'USub';
    if (negative || (index.k === 'any' && (owner.k === 'list' || owner.k === 'str')))
      return e(`${wrap(owner, POSTFIX)}.at(${index.c})`, owner.k === 'str' ? 'str' : 'any', POSTFIX);
    if (owner.k === 'str') return e(`${wrap(owner, POSTFIX)}[${index.c}]`, 'str', POSTFIX);
    const access =
      index.k === 'str' &&
      slice._t === 'Constant' &&
      /^[A-Za-z_$][\w$]*$/.test(slice.value as string) &&
      owner.k !== 'list';
    if (owner.k === 'web' || owner.c === 'web.ctx.env')
      return e(`${wrap(owner, POSTFIX)}[${index.c}]`, 'any', POSTFIX);
    return e(
      access ? `${wrap(owner, POSTFIX)}[${index.c}]` : `${wrap(owner, POSTFIX)}[${index.c}]`,
      'any',
      POSTFIX,
    );
  }

  // ---------------------------------------------------------------- calls

  #keywords(call: PyNode, scope: Scope, skip: Set<string> = new Set(), extra: string[] = []): string | null {
    const parts = [...extra];
    for (const kw of nodes(call, 'keywords')) {
      const arg = kw.arg as string | null;
      if (arg !== null && skip.has(arg)) continue;
      const value = this.#expr(node(kw, 'value'), scope).c;
      parts.push(arg === null ? `...${value}` : `${this.#key(arg)}: ${value}`);
    }
    return parts.length === 0 ? null : `{ ${parts.join(', ')} }`;
  }

  #positional(call: PyNode, scope: Scope): string[] {
    return nodes(call, 'args').map((a) =>
      a._t === 'Starred' ? `...${wrap(this.#expr(node(a, 'value'), scope), UNARY)}` : this.#expr(a, scope).c,
    );
  }

  /** Positional arguments, then keyword arguments as one trailing options object (webts's convention). */
  #args(call: PyNode, scope: Scope): string {
    const list = this.#positional(call, scope);
    const kw = this.#keywords(call, scope);
    if (kw) list.push(kw);
    return list.join(', ');
  }

  #await(x: E, scope: Scope): E {
    if (scope.arrow > 0) this.#fail('a database (async) call inside a lambda or comprehension');
    if (!scope.isAsync)
      this.#fail('a database (async) call where the porter could not make the function async');
    return e(`await ${wrap(x, UNARY)}`, x.k, UNARY);
  }

  #call(call: PyNode, scope: Scope): E {
    const func = node(call, 'func');
    const kwNames = nodes(call, 'keywords').map((k) => k.arg as string | null);
    const isAsync = isAsyncCall(call, this.program, this.facts, {
      ...(scope.className ? { className: scope.className } : {}),
      asyncMethods: this.program.asyncMethods.get(`${this.facts.name}.${scope.className}`) ?? new Set(),
      ...(scope.handlerParam ? { handlerParam: scope.handlerParam } : {}),
    });
    const result = this.#callInner(call, func, kwNames, scope);
    return isAsync ? this.#await(result, scope) : result;
  }

  #callInner(call: PyNode, func: PyNode, kwNames: (string | null)[], scope: Scope): E {
    const args = nodes(call, 'args');
    const path = webPath(func, this.facts);
    if (path && !(path[0] === 'ctx' && path.length >= 3)) return this.#webCall(call, path, scope);
    if (func._t === 'Name') {
      const id = text(func, 'id');
      if (this.#todoNames.has(id) && !this.#lookup(scope, id))
        this.#fail(`uses \`${id}\`, whose import is not translated`);
      if (!this.#lookup(scope, id)) {
        const builtin = this.#builtin(id, call, scope);
        if (builtin) return builtin;
      }
      if (this.facts.classes.has(id) || this.facts.functions.has(id)) {
        const sig = this.facts.functions.get(id);
        const call_ = `${this.#name(id)}(${sig ? this.#userArgs(call, sig.params, scope) : this.#args(call, scope)})`;
        const kind = this.#lookup(scope, id) === 'formclass' ? 'form' : 'any';
        return e(this.facts.classes.has(id) ? `new ${call_}` : call_, kind, POSTFIX);
      }
      const kind = this.#lookup(scope, id);
      if (kind === 'formclass') return e(`${this.#name(id)}(${this.#args(call, scope)})`, 'form', POSTFIX);
      return e(`${this.#name(id)}(${this.#args(call, scope)})`, 'any', POSTFIX);
    }
    if (func._t === 'Attribute') {
      const attr = text(func, 'attr');
      const ownerNode = node(func, 'value');
      const parts = dotted(func);
      if (parts && parts[0] === 'os' && !this.#lookup(scope, 'os'))
        return this.#osCall(parts.join('.'), call, scope);
      if (parts && parts[0] === 'datetime' && !this.#lookup(scope, 'datetime'))
        return this.#datetimeCall(parts.join('.'), call, scope);
      if (parts && parts[0] === 'json' && !this.#lookup(scope, 'json'))
        return this.#jsonCall(parts.join('.'), call, scope);
      const owner = this.#expr(ownerNode, scope);
      if (owner.k === 'db' || (owner.k === 'any' && this.#isModuleDb(ownerNode)))
        return this.#dbCall(call, attr, owner, scope);
      if (owner.k === 'render') return this.#renderCall(call, attr, owner, scope);
      if (owner.k === 'module') {
        const module =
          ownerNode._t === 'Name' ? this.facts.moduleAliases.get(text(ownerNode, 'id')) : undefined;
        const sig = module ? this.program.modules.get(module)?.functions.get(attr) : undefined;
        const kind = this.#moduleMember(ownerNode, attr);
        return e(
          `${wrap(owner, POSTFIX)}.${attr}(${sig ? this.#userArgs(call, sig.params, scope) : this.#args(call, scope)})`,
          kind === 'formclass' ? 'form' : 'any',
          POSTFIX,
        );
      }
      const method = this.#method(owner, attr, call, scope);
      if (method) return method;
      const methodSig = kwNames.length > 0 ? this.facts.methods.get(attr) : undefined;
      if (methodSig)
        return e(
          `${wrap(owner, POSTFIX)}.${attr}(${this.#userArgs(call, methodSig.params, scope)})`,
          'any',
          POSTFIX,
        );
      if (
        kwNames.length > 0 &&
        owner.k !== 'session' &&
        owner.k !== 'form' &&
        owner.k !== 'app' &&
        owner.k !== 'tx'
      )
        this.#fail(`keyword arguments to \`.${attr}()\` of a value the porter does not know`);
      return e(`${wrap(owner, POSTFIX)}.${attr}(${this.#args(call, scope)})`, 'any', POSTFIX);
    }
    if (args.length === 0 && kwNames.length === 0)
      return e(`${wrap(this.#expr(func, scope), POSTFIX)}()`, 'any', POSTFIX);
    return e(`${wrap(this.#expr(func, scope), POSTFIX)}(${this.#args(call, scope)})`, 'any', POSTFIX);
  }

  #isModuleDb(n: PyNode): boolean {
    const parts = dotted(n);
    if (parts?.length !== 2) return false;
    const module = this.facts.moduleAliases.get(parts[0] as string);
    return module !== undefined && this.program.modules.get(module)?.kinds.get(parts[1] as string) === 'db';
  }

  /** A call of a function of the program: keyword arguments go to their positions. */
  #userArgs(call: PyNode, params: string[], scope: Scope): string {
    const list = this.#positional(call, scope);
    const keywords = nodes(call, 'keywords');
    if (keywords.length === 0) return list.join(', ');
    const own = params[0] === 'self' ? params.slice(1) : params;
    const slots: (string | undefined)[] = [...list];
    for (const kw of keywords) {
      const arg = kw.arg as string | null;
      const at = arg === null ? -1 : own.indexOf(arg);
      if (at < 0) this.#fail(`keyword argument \`${arg ?? '**'}\` the function does not declare`);
      slots[at] = this.#expr(node(kw, 'value'), scope).c;
    }
    return Array.from(slots, (s) => s ?? 'undefined').join(', ');
  }

  #builtin(id: string, call: PyNode, scope: Scope): E | null {
    const args = nodes(call, 'args');
    const keywords = nodes(call, 'keywords');
    const one = () => {
      if (args.length !== 1 || keywords.length > 0) this.#fail(`\`${id}()\` with these arguments`);
      return this.#expr(args[0] as PyNode, scope);
    };
    switch (id) {
      case 'len': {
        const x = one();
        if (x.k === 'list') return e(`${wrap(x, POSTFIX)}.length`, 'int', POSTFIX);
        if (x.k === 'dict' || x.k === 'input') return e(`Object.keys(${x.c}).length`, 'int', POSTFIX);
        return e(`${this.#help('pyLen')}(${x.c})`, 'int');
      }
      case 'str':
        if (args.length === 0) return e("''", 'str');
        return this.#asStr(one());
      case 'int': {
        if (args.length === 0) return e('0', 'int');
        if (args.length !== 1) this.#fail('`int()` with a base');
        const x = one();
        if (x.k === 'int') return x;
        return e(`${this.#help('pyInt')}(${x.c})`, 'int');
      }
      case 'float':
        return e(`${this.#help('pyFloat')}(${one().c})`, 'num');
      case 'bool': {
        const x = one();
        return simple(x.k) ? e(`Boolean(${x.c})`, 'bool', POSTFIX) : this.#bool(x);
      }
      case 'repr':
        return e(`${this.#help('pyRepr')}(${one().c})`, 'str');
      case 'abs':
        return e(`Math.abs(${one().c})`, 'num');
      case 'list': {
        if (args.length === 0) return e('[]', 'list');
        const x = this.#iterable(args[0] as PyNode, scope, 1);
        return e(x.range ? x.c : `[...${x.c}]`, 'list');
      }
      case 'dict': {
        if (args.length === 0) return e(this.#keywords(call, scope) ?? '{}', 'dict');
        this.#fail('`dict()` of a value');
        break;
      }
      case 'sorted': {
        const x = this.#iterable(args[0] as PyNode, scope, 1);
        let key = 'undefined';
        let reverse = 'false';
        for (const kw of keywords) {
          if (kw.arg === 'key') key = this.#expr(node(kw, 'value'), scope).c;
          else if (kw.arg === 'reverse') reverse = this.#bool(this.#expr(node(kw, 'value'), scope)).c;
          else this.#fail('`sorted()` with these arguments');
        }
        const extra =
          key === 'undefined' && reverse === 'false'
            ? ''
            : `, ${key}${reverse === 'false' ? '' : `, ${reverse}`}`;
        return e(`${this.#help('pySorted')}(${x.c}${extra})`, 'list');
      }
      case 'reversed':
        return e(`[...${wrap(one(), UNARY)}].reverse()`, 'list', POSTFIX);
      case 'range': {
        const xs = args.map((a) => this.#expr(a, scope).c);
        return e(`${this.#help('pyRange')}(${xs.join(', ')})`, 'list');
      }
      case 'min':
      case 'max': {
        if (keywords.length > 0) this.#fail(`\`${id}()\` with keyword arguments`);
        if (args.length === 1)
          return e(`Math.${id}(...${wrap(this.#expr(args[0] as PyNode, scope), UNARY)})`, 'num', POSTFIX);
        return e(`Math.${id}(${this.#positional(call, scope).join(', ')})`, 'num', POSTFIX);
      }
      case 'sum':
        return e(`${wrap(one(), POSTFIX)}.reduce((a: number, b: number) => a + b, 0)`, 'num', POSTFIX);
      case 'print': {
        if (keywords.length > 0) this.#fail('`print()` with keyword arguments');
        const xs = args.map((a) => this.#str(a, scope));
        return e(`console.log(${xs.length === 1 ? xs[0] : `[${xs.join(', ')}].join(' ')`})`, 'none', POSTFIX);
      }
      case 'getattr': {
        if (args.length < 2 || args[1]?._t !== 'Constant' || keywords.length > 0)
          this.#fail('`getattr()` of a computed name');
        const [obj, name, dflt] = this.#positional(call, scope);
        return e(`${this.#help('pyGetattr')}(${obj}, ${name}${dflt ? `, ${dflt}` : ''})`, 'any');
      }
      case 'hasattr': {
        if (args.length !== 2 || args[1]?._t !== 'Constant') this.#fail('`hasattr()` of a computed name');
        const [obj, name] = this.#positional(call, scope);
        return e(`${this.#help('pyHasattr')}(${obj}, ${name})`, 'bool');
      }
      case 'isinstance':
        this.#fail('`isinstance()`');
        break;
      case 'locals':
      case 'globals':
        this.#fail(`\`${id}()\` outside \`web.application(urls, ${id}())\` and \`vars=${id}()\``);
        break;
      case 'open':
        this.#fail('`open()`: use node:fs');
        break;
      default:
        if (id in EXCEPTIONS) return e(this.#exception(call, scope), 'error', POSTFIX);
        if (
          [
            'enumerate',
            'zip',
            'map',
            'filter',
            'set',
            'tuple',
            'any',
            'all',
            'getattr',
            'setattr',
            'hasattr',
            'type',
            'iter',
            'next',
            'round',
            'chr',
            'ord',
            'hex',
            'id',
            'hash',
            'vars',
            'divmod',
            'format',
            'input',
            'exec',
            'eval',
          ].includes(id)
        )
          this.#fail(`\`${id}()\` outside a \`for\` is not translated`);
        return null;
    }
    return null;
  }

  #osCall(name: string, call: PyNode, scope: Scope): E {
    const args = this.#positional(call, scope);
    if (name === 'os.path.join') return e(`${this.#pathName('join').c}(${args.join(', ')})`, 'str', POSTFIX);
    if (name === 'os.path.dirname') {
      const inner = nodes(call, 'args')[0];
      const innerParts = inner?._t === 'Call' ? dotted(node(inner, 'func'))?.join('.') : undefined;
      const ofFile = (n: PyNode | undefined) => n?._t === 'Name' && text(n, 'id') === '__file__';
      if (
        ofFile(inner) ||
        (innerParts === 'os.path.abspath' && ofFile(nodes(inner as PyNode, 'args')[0])) ||
        (innerParts === 'os.path.realpath' && ofFile(nodes(inner as PyNode, 'args')[0]))
      )
        return e('import.meta.dirname', 'str', POSTFIX);
      return e(`${this.#pathName('dirname').c}(${args.join(', ')})`, 'str', POSTFIX);
    }
    if (name === 'os.path.abspath')
      return e(`${this.#pathName('resolve').c}(${args.join(', ')})`, 'str', POSTFIX);
    if (name === 'os.path.basename')
      return e(`${this.#pathName('basename').c}(${args.join(', ')})`, 'str', POSTFIX);
    if (name === 'os.path.exists') {
      this.#fsImports.add('existsSync');
      return e(`existsSync(${args.join(', ')})`, 'bool', POSTFIX);
    }
    if (name === 'os.environ.get') {
      const [key, dflt] = args;
      return e(`(process.env[${key}] ?? ${dflt ?? 'null'})`, dflt ? 'str' : 'any');
    }
    if (name === 'os.getcwd') return e('process.cwd()', 'str', POSTFIX);
    this.#fail(`\`${name}()\` has no translation`);
  }

  /** `json.loads(s)` and `json.dumps(obj, separators=…, ensure_ascii=…, sort_keys=…)` with Python's output. */
  #jsonCall(name: string, call: PyNode, scope: Scope): E {
    const args = this.#positional(call, scope);
    if (name === 'json.loads' && args.length === 1 && nodes(call, 'keywords').length === 0)
      return e(`JSON.parse(String(${args[0]}))`, 'any', POSTFIX);
    if (name === 'json.dumps' && args.length === 1) {
      const allowed = new Set(['separators', 'ensure_ascii', 'sort_keys']);
      for (const kw of nodes(call, 'keywords'))
        if (!allowed.has(kw.arg as string)) this.#fail(`\`json.dumps(${kw.arg}=…)\``);
      const kw = this.#keywords(call, scope);
      return e(`${this.#help('pyJsonDumps')}(${args[0]}${kw ? `, ${kw}` : ''})`, 'str');
    }
    this.#fail(`\`${name}()\` is not translated`);
  }

  /** `datetime.datetime(y, m, d, …)` (naive, UTC as porting.md says), `utcnow()`, `timedelta(…)` as seconds. */
  #datetimeCall(name: string, call: PyNode, scope: Scope): E {
    const args = this.#positional(call, scope);
    const kw = new Map(
      nodes(call, 'keywords').map((k) => [k.arg as string, this.#expr(node(k, 'value'), scope).c]),
    );
    if (name === 'datetime.datetime' && args.length >= 3 && kw.size === 0) {
      const [y, m, ...rest] = args;
      return e(`new Date(Date.UTC(${y}, ${m} - 1, ${rest.join(', ')}))`, 'any', POSTFIX);
    }
    if (
      (name === 'datetime.datetime.utcnow' || name === 'datetime.datetime.now') &&
      args.length === 0 &&
      kw.size === 0
    )
      return e('new Date()', 'any', POSTFIX);
    if (name === 'datetime.timedelta' && args.length === 0) {
      const scale: Record<string, number> = {
        weeks: 604800,
        days: 86400,
        hours: 3600,
        minutes: 60,
        seconds: 1,
      };
      const terms = [...kw].map(([k, v]) => {
        const factor = scale[k];
        if (factor === undefined) this.#fail(`\`timedelta(${k}=…)\``);
        return factor === 1 ? v : `${v} * ${factor}`;
      });
      return e(terms.length === 0 ? '0' : terms.join(' + '), 'num', ADD);
    }
    this.#fail(`\`${name}()\` is not translated`);
  }

  /** web.* calls: keyword arguments become the trailing options object, with a few special forms. */
  #webCall(call: PyNode, path: string[], scope: Scope): E {
    const name = path.join('.');
    const base = this.#expr(node(call, 'func'), scope).c;
    const args = nodes(call, 'args');
    if (['application', 'subdir_application', 'subdomain_application', 'auto_application'].includes(name)) {
      const list = args.map((a, i) =>
        i === 1 ? this.#mapping(a, args[0] as PyNode, scope) : this.#expr(a, scope).c,
      );
      const kw = this.#keywords(call, scope);
      if (kw) list.push(kw);
      return e(`${base}(${list.join(', ')})`, 'app', POSTFIX);
    }
    if (name === 'session.ShelfStore' && args.length === 1 && this.#isShelveOpen(args[0] as PyNode))
      return e(
        `${base}(${this.#expr(nodes(args[0] as PyNode, 'args')[0] as PyNode, scope).c})`,
        'any',
        POSTFIX,
      );
    const positional = POSITIONAL[name];
    if (positional && nodes(call, 'keywords').length > 0) {
      const list: (string | undefined)[] = this.#positional(call, scope);
      for (const kw of nodes(call, 'keywords')) {
        const at = positional.indexOf(kw.arg as string);
        if (at < 0) this.#fail(`\`${name}\` has no argument \`${kw.arg}\``);
        list[at] = this.#expr(node(kw, 'value'), scope).c;
      }
      return e(
        `${base}(${Array.from(list, (x) => x ?? 'undefined').join(', ')})`,
        name === 'session.Session' ? 'session' : 'any',
        POSTFIX,
      );
    }
    const kind: Kind =
      name === 'database'
        ? 'db'
        : name === 'template.render'
          ? 'render'
          : name === 'form.Form'
            ? 'formclass'
            : name === 'session.Session'
              ? 'session'
              : name === 'input' || name === 'cookies'
                ? 'input'
                : name === 'storage' || name === 'Storage'
                  ? 'dict'
                  : 'any';
    if (name === 'template.render') {
      const names = this.#renderNames(call);
      const typeArgs = names.length > 0 ? `<${names.map(js).join(' | ')}>` : '';
      return e(`${base}${typeArgs}(${this.#args(call, scope)})`, 'render', POSTFIX);
    }
    if (name === 'storage' || name === 'Storage') {
      if (args.length > 0) this.#fail('`web.storage()` of a value');
      return e(`${base}(${this.#keywords(call, scope) ?? ''})`, 'dict', POSTFIX);
    }
    return e(`${base}(${this.#args(call, scope)})`, kind, POSTFIX);
  }

  /** The templates called on the renderer this call builds (for `render<'index' | 'view'>`). */
  #renderNames(call: PyNode): string[] {
    let target: string | null = null;
    walkAll(this.tree, (n) => {
      if (n._t === 'Assign' && n.value === call) {
        const t = nodes(n, 'targets')[0];
        if (t?._t === 'Name') target = text(t, 'id');
      }
    });
    if (!target) return [];
    const names = new Set<string>();
    walkAll(this.tree, (n) => {
      if (n._t === 'Attribute' && node(n, 'value')._t === 'Name' && text(node(n, 'value'), 'id') === target)
        names.add(text(n, 'attr'));
    });
    return [...names].sort();
  }

  /** `globals()`/`locals()` → `() => ({ … })` of the classes the urls name. */
  #mapping(arg: PyNode, urlsNode: PyNode, scope: Scope): string {
    const isMapping =
      arg._t === 'Call' &&
      node(arg, 'func')._t === 'Name' &&
      ['globals', 'locals'].includes(text(node(arg, 'func'), 'id'));
    if (!isMapping) return this.#expr(arg, scope).c;
    let urls: PyNode | null = urlsNode;
    if (urlsNode._t === 'Name') {
      urls = null;
      const id = text(urlsNode, 'id');
      walkAll(this.tree, (n) => {
        if (n._t === 'Assign' && nodes(n, 'targets').some((t) => t._t === 'Name' && text(t, 'id') === id))
          urls = node(n, 'value');
      });
    }
    if (!urls || (urls._t !== 'Tuple' && urls._t !== 'List'))
      this.#fail('`globals()` with a urls value the porter cannot read');
    const targets = nodes(urls, 'elts').filter((_, i) => i % 2 === 1);
    const names: string[] = [];
    for (const t of targets) {
      if (t._t !== 'Constant' || typeof t.value !== 'string') continue;
      const target = t.value as string;
      if (target.startsWith('redirect ')) continue;
      if (target.includes('.')) this.#fail(`the urls target \`${target}\` names a class in another module`);
      if (!names.includes(target)) names.push(target);
    }
    const known = (id: string) => this.facts.classes.has(id) || this.facts.fromImports.has(id);
    for (const id of names) if (!known(id)) this.#fail(`the urls name \`${id}\` is no class of this module`);
    const entries = names.map((id) => (this.#name(id) === id ? id : `${id}: ${this.#name(id)}`));
    // Classes all defined above: a plain mapping; else a function, so classes defined later are found.
    const line = arg.lineno ?? 0;
    let before = true;
    walkAll(this.tree, (n) => {
      if (n._t === 'ClassDef' && names.includes(text(n, 'name')) && (n.lineno ?? 0) > line) before = false;
    });
    if (names.some((id) => !this.facts.classes.has(id))) before = false;
    return before ? `{ ${entries.join(', ')} }` : `() => ({ ${entries.join(', ')} })`;
  }

  #renderCall(call: PyNode, attr: string, owner: E, scope: Scope): E {
    const list = this.#positional(call, scope);
    const kw = this.#keywords(call, scope);
    if (kw) list.push(`web.template.kwargs(${kw})`);
    return e(`${wrap(owner, POSTFIX)}.${attr}(${list.join(', ')})`, 'any', POSTFIX);
  }

  /** db.select/insert/update/delete/query/where: keywords → the options object, `vars=locals()` made explicit. */
  #dbCall(call: PyNode, attr: string, owner: E, scope: Scope): E {
    if (!DB_METHODS.has(attr))
      return e(`${wrap(owner, POSTFIX)}.${attr}(${this.#args(call, scope)})`, 'any', POSTFIX);
    if (attr === 'transaction') return e(`${wrap(owner, POSTFIX)}.transaction()`, 'tx', POSTFIX);
    const keywords = nodes(call, 'keywords');
    const vars = keywords.find((k) => k.arg === 'vars');
    const extra: string[] = [];
    if (vars) {
      const value = node(vars, 'value');
      const isLocals =
        value._t === 'Call' &&
        node(value, 'func')._t === 'Name' &&
        ['locals', 'globals'].includes(text(node(value, 'func'), 'id'));
      if (isLocals) {
        const sql =
          attr === 'query'
            ? nodes(call, 'args')[0]
            : (keywords.find((k) => k.arg === 'where')?.value as PyNode | undefined);
        if (sql?._t !== 'Constant' || typeof sql.value !== 'string')
          this.#fail('`vars=locals()` with a where clause that is not a string literal');
        const used = [
          ...new Set([...(sql.value as string).matchAll(/\$([A-Za-z_]\w*)/g)].map((m) => m[1] as string)),
        ];
        for (const name of used)
          if (!this.#lookup(scope, name) && !this.#isDeclared(scope, name))
            this.#fail(`\`$${name}\` in the SQL names no variable`);
        extra.push(
          `vars: { ${used.map((u) => (this.#name(u) === u ? u : `${u}: ${this.#name(u)}`)).join(', ')} }`,
        );
      }
    }
    const list = this.#positional(call, scope);
    const kw = this.#keywords(call, scope, vars && extra.length > 0 ? new Set(['vars']) : new Set(), []);
    let options = kw;
    if (extra.length > 0)
      options = kw ? `${kw.slice(0, -2)}, ${extra.join(', ')} }` : `{ ${extra.join(', ')} }`;
    if (options) list.push(options);
    const typeArg = attr === 'select' || attr === 'where' || attr === 'query' ? '<any>' : '';
    return e(
      `${wrap(owner, POSTFIX)}.${attr}${typeArg}(${list.join(', ')})`,
      attr === 'select' || attr === 'where' ? 'list' : 'any',
      POSTFIX,
    );
  }

  /** Methods of str, list and dict with Python's meaning. */
  #method(owner: E, attr: string, call: PyNode, scope: Scope): E | null {
    const args = nodes(call, 'args');
    const keywords = nodes(call, 'keywords');
    const xs = () => args.map((a) => this.#expr(a, scope));
    const o = wrap(owner, POSTFIX);
    const k = owner.k;
    const strLike = k === 'str';
    const fail = (why: string): never => this.#fail(why);
    if (k === 'form' && attr === 'validates')
      return e(`${o}.validates(${this.#args(call, scope)})`, 'bool', POSTFIX);
    if (keywords.length > 0 && attr !== 'format') return null;
    // Methods that mean the same on any receiver that has them.
    switch (attr) {
      case 'get': {
        const [key, dflt] = xs();
        if (!key) return fail('`.get()` without a key');
        if (owner.c === 'web.ctx.env' || k === 'dict') {
          return e(
            `(${o}[${key.c}] ?? ${dflt ? wrap(dflt, OR + 1) : 'null'})`,
            dflt?.k === 'str' ? 'any' : 'any',
          );
        }
        if (k === 'input' || k === 'session')
          return e(`${o}.get(${key.c}${dflt ? `, ${dflt.c}` : ''})`, 'any', POSTFIX);
        return e(`${this.#help('pyGet')}(${owner.c}, ${key.c}${dflt ? `, ${dflt.c}` : ''})`, 'any');
      }
      case 'keys':
        if (args.length === 0 && k !== 'list' && k !== 'str')
          return e(`Object.keys(${owner.c})`, 'list', POSTFIX);
        break;
      case 'values':
        if (args.length === 0 && k !== 'list' && k !== 'str')
          return e(`Object.values(${owner.c})`, 'list', POSTFIX);
        break;
      case 'items':
        if (args.length === 0 && k !== 'list' && k !== 'str')
          return e(`Object.entries(${owner.c})`, 'list', POSTFIX);
        break;
      case 'update':
        if (args.length === 1 && k !== 'session')
          return e(`Object.assign(${owner.c}, ${(xs()[0] as E).c})`, 'none', POSTFIX);
        break;
      case 'append':
        if (args.length === 1) return e(`${o}.push(${(xs()[0] as E).c})`, 'none', POSTFIX);
        break;
      case 'pop': {
        if (k === 'session' || k === 'str') return null;
        const a = xs();
        if (a.length === 0 && k === 'list') return e(`${o}.pop()`, 'any', POSTFIX);
        return e(`${this.#help('pyPop')}(${[owner.c, ...a.map((x) => x.c)].join(', ')})`, 'any');
      }
      case 'sort':
        // JavaScript's sort compares as text; Python's compares numbers as numbers.
        if (args.length === 0 && k !== 'str')
          return e(`${o}.sort(${this.#help('pyCompare')})`, 'none', POSTFIX);
        break;
      case 'extend':
        if (args.length === 1) return e(`${o}.push(...${wrap(xs()[0] as E, UNARY)})`, 'none', POSTFIX);
        break;
      case 'join':
        if (args.length === 1 && (strLike || k === 'any')) {
          const source = this.#iterable(args[0] as PyNode, scope, 1);
          const items = source.array ? source.c : `[...${source.c}]`;
          return e(`${wrap(e(items, 'list', POSTFIX), POSTFIX)}.join(${owner.c})`, 'str', POSTFIX);
        }
        break;
      case 'format':
        if (/^['"]/.test(owner.c) && /\{[^{}!:]*[.[]/.test(owner.c))
          return fail('`.format()` with attribute or index fields');
        if (strLike) {
          const pos = this.#positional(call, scope);
          const kw = this.#keywords(call, scope);
          return e(`${this.#help('pyFormat')}(${owner.c}, [${pos.join(', ')}]${kw ? `, ${kw}` : ''})`, 'str');
        }
        break;
      default:
        break;
    }
    if (!strLike && k !== 'any') return null;
    // String methods (on an unknown receiver too: web.py apps call them on text).
    const a = xs();
    const strMethod = (c: string, kind: Kind = 'str') => e(c, kind, POSTFIX);
    switch (attr) {
      case 'strip':
      case 'lstrip':
      case 'rstrip':
        if (a.length === 0)
          return strMethod(
            `${o}.${attr === 'strip' ? 'trim' : attr === 'lstrip' ? 'trimStart' : 'trimEnd'}()`,
          );
        return fail(`\`.${attr}(chars)\``);
      case 'lower':
        return strMethod(`${o}.toLowerCase()`);
      case 'upper':
        return strMethod(`${o}.toUpperCase()`);
      case 'startswith':
      case 'endswith':
        if (a.length === 1 && a[0]?.k === 'str')
          return strMethod(`${o}.${attr === 'startswith' ? 'startsWith' : 'endsWith'}(${a[0].c})`, 'bool');
        return fail(`\`.${attr}()\` of a tuple or with positions`);
      case 'replace':
        if (a.length === 2) return strMethod(`${o}.replaceAll(${a[0]?.c}, ${a[1]?.c})`);
        return fail('`.replace()` with a count');
      case 'split':
        if (a.length === 0) return strMethod(`${this.#help('pySplit')}(${owner.c})`, 'list');
        if (a.length === 1) return strMethod(`${o}.split(${a[0]?.c})`, 'list');
        return fail('`.split()` with maxsplit');
      case 'find':
        if (a.length === 1) return strMethod(`${o}.indexOf(${a[0]?.c})`, 'int');
        return fail('`.find()` with positions');
      case 'decode':
        if (a.length === 0 || (a.length === 1 && /^'utf-?8'$/i.test(a[0]?.c ?? '')))
          return strMethod(`${o}.toString('utf8')`);
        return fail('`.decode()` of an encoding other than UTF-8');
      case 'encode':
        if (a.length === 0 || (a.length === 1 && /^'utf-?8'$/i.test(a[0]?.c ?? '')))
          return e(`Buffer.from(${owner.c}, 'utf8')`, 'any', POSTFIX);
        return fail('`.encode()` to an encoding other than UTF-8');
      case 'isdigit':
        if (a.length === 0) return strMethod(`/^\\p{Nd}+$/u.test(${owner.c})`, 'bool');
        break;
      case 'count':
        if (a.length === 1 && strLike) return strMethod(`${o}.split(${a[0]?.c}).length - 1`, 'int');
        break;

      case 'title':
      case 'capitalize':
        if (strLike) return fail(`\`.${attr}()\``);
        break;
      default:
        break;
    }
    return null;
  }
}

/** Where the top-level arguments of the line's first call begin and end, with the comma positions. */
function callSpan(line: string): { open: number; close: number; commas: number[] } | null {
  let depth = 0;
  let open = -1;
  const commas: number[] = [];
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
      if (depth === 1 && ch === '(' && open < 0) open = i;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0 && open >= 0 && ch === ')')
        return commas.length > 0 ? { open, close: i, commas } : null;
    } else if (ch === ',' && depth === 1 && open >= 0) commas.push(i);
    if (depth === 0 && open >= 0 && ch !== ')') return null;
  }
  return null;
}

/** A line over `width` characters with a call of several arguments: one argument per line. */
function breakLine(line: string, width: number): string[] {
  if (line.length <= width || line.includes('`') || line.trimStart().startsWith('//')) return [line];
  const span = callSpan(line);
  if (!span) return [line];
  const indent = /^ */.exec(line)?.[0] ?? '';
  const args: string[] = [];
  let start = span.open + 1;
  for (const comma of [...span.commas, span.close]) {
    args.push(line.slice(start, comma).trim());
    start = comma + 1;
  }
  const inner = args.flatMap((a) => breakLine(`${indent}  ${a},`, width));
  return [line.slice(0, span.open + 1), ...inner, `${indent}${line.slice(span.close)}`];
}

/** Translate one module. */
export function translateModule(
  file: string,
  source: string,
  tree: PyNode,
  comments: PyComment[],
  program: ProgramFacts,
  facts: ModuleFacts,
): Translated {
  return new ModuleTranslator(file, source, tree, comments, program, facts).translate();
}
