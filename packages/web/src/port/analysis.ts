/**
 * What `webts port` learns about a set of Python modules before writing any TypeScript: which names
 * hold a database, a session, a renderer or a form; each function's parameters; and which functions
 * must become `async` (they reach the database, directly or through another function, in any module).
 */
import type { PyNode } from './python-ast.js';

/** What the porter knows a value to be; `any` when it does not know. */
export type Kind =
  | 'str'
  | 'num'
  | 'int'
  | 'bool'
  | 'none'
  | 'list'
  | 'dict'
  | 'any'
  | 'input'
  | 'form'
  | 'formclass'
  | 'db'
  | 'tx'
  | 'session'
  | 'render'
  | 'app'
  | 'module'
  | 'web'
  | 'error';

/** The methods of a web.py database that touch it (each returns a promise in webts). */
export const DB_METHODS = new Set([
  'select',
  'insert',
  'multiple_insert',
  'update',
  'delete',
  'query',
  'where',
  'transaction',
  'ctx',
]);

export const node = (n: PyNode, field: string): PyNode => n[field] as PyNode;
export const maybe = (n: PyNode, field: string): PyNode | null => (n[field] as PyNode | null) ?? null;
export const nodes = (n: PyNode, field: string): PyNode[] => (n[field] as PyNode[] | null) ?? [];
export const text = (n: PyNode, field: string): string => n[field] as string;

/** Every node below `n` (not `n` itself), not descending into nested functions, classes or lambdas. */
export function walkShallow(n: PyNode, visit: (child: PyNode) => void): void {
  for (const value of Object.values(n)) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === null || typeof item !== 'object' || typeof (item as PyNode)._t !== 'string') continue;
      const child = item as PyNode;
      visit(child);
      if (['FunctionDef', 'AsyncFunctionDef', 'ClassDef', 'Lambda'].includes(child._t)) continue;
      walkShallow(child, visit);
    }
  }
}

/** Every node below `n`, nested scopes included. */
export function walkAll(n: PyNode, visit: (child: PyNode) => void): void {
  for (const value of Object.values(n)) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === null || typeof item !== 'object' || typeof (item as PyNode)._t !== 'string') continue;
      visit(item as PyNode);
      walkAll(item as PyNode, visit);
    }
  }
}

/** `web.x.y` as `['web', 'x', 'y']`, or null when the expression is not a dotted name. */
export function dotted(n: PyNode): string[] | null {
  if (n._t === 'Name') return [text(n, 'id')];
  if (n._t === 'Attribute') {
    const base = dotted(node(n, 'value'));
    return base ? [...base, text(n, 'attr')] : null;
  }
  return null;
}

/** A function's parameters, for mapping keyword arguments onto positions. */
export interface Signature {
  params: string[];
  vararg: boolean;
}

/** One Python module of the application. */
export interface ModuleFacts {
  name: string;
  /** Names bound at module level to something the porter recognises. */
  kinds: Map<string, Kind>;
  functions: Map<string, Signature>;
  /** Methods by name, when every class of the module that has one agrees on its parameters. */
  methods: Map<string, Signature | null>;
  classes: Set<string>;
  /** Names a `from web import x` or `import web.x as y` binds, with the webts path they stand for. */
  webAliases: Map<string, string[]>;
  /** Local modules imported as a name (`import model`). */
  moduleAliases: Map<string, string>;
  /** Names imported from local modules (`from model import get_todos`): name → [module, name]. */
  fromImports: Map<string, [string, string]>;
}

/** All modules of the application, and the function definitions that must be async. */
export interface ProgramFacts {
  modules: Map<string, ModuleFacts>;
  asyncDefs: Set<PyNode>;
  /** Module name → the names of its top-level functions that are async. */
  asyncNames: Map<string, Set<string>>;
  /** Function definitions used as processors: their first parameter is the (maybe async) handler. */
  processors: Set<string>;
  /** `module.Class` → the names of its async methods. */
  asyncMethods: Map<string, Set<string>>;
}

function kindOfCall(call: PyNode, facts: ModuleFacts): Kind | undefined {
  const path = webPath(node(call, 'func'), facts);
  if (path) {
    const last = path.join('.');
    if (last === 'database') return 'db';
    if (last === 'session.Session') return 'session';
    if (last === 'template.render') return 'render';
    if (last === 'form.Form') return 'formclass';
    if (['application', 'subdir_application', 'subdomain_application', 'auto_application'].includes(last))
      return 'app';
    if (last === 'input' || last === 'cookies' || last === 'storage' || last === 'Storage') return 'input';
  }
  const func = node(call, 'func');
  if (func._t === 'Attribute') {
    const owner = dotted(node(func, 'value'));
    if (
      owner?.length === 1 &&
      facts.kinds.get(owner[0] as string) === 'db' &&
      text(func, 'attr') === 'transaction'
    )
      return 'tx';
  }
  return undefined;
}

/**
 * `web.template.render` → `['template', 'render']`: the webts path of a web.py name, through `import web`,
 * `from web import form` or `import web.form as f`; null when `n` is not one of web's names.
 */
export function webPath(n: PyNode, facts: ModuleFacts): string[] | null {
  const parts = dotted(n);
  if (!parts) return null;
  const [head, ...rest] = parts;
  if (head === undefined) return null;
  if (facts.kinds.get(head) === 'web') return rest;
  const alias = facts.webAliases.get(head);
  if (alias) return [...alias, ...rest];
  return null;
}

function signature(def: PyNode): Signature {
  const args = node(def, 'args');
  return {
    params: [...nodes(args, 'posonlyargs'), ...nodes(args, 'args')].map((a) => text(a, 'arg')),
    vararg: maybe(args, 'vararg') !== null,
  };
}

/** First pass over one module: its imports and its top-level names. */
export function collectModule(name: string, tree: PyNode, localModules: ReadonlySet<string>): ModuleFacts {
  const facts: ModuleFacts = {
    name,
    kinds: new Map(),
    functions: new Map(),
    methods: new Map(),
    classes: new Set(),
    webAliases: new Map(),
    moduleAliases: new Map(),
    fromImports: new Map(),
  };
  for (const stmt of nodes(tree, 'body')) {
    if (stmt._t === 'Import') {
      for (const alias of nodes(stmt, 'names')) {
        const full = text(alias, 'name');
        const as = maybe(alias, 'asname') as unknown as string | null;
        if (full === 'web') facts.kinds.set(as ?? 'web', 'web');
        else if (full.startsWith('web.')) {
          if (as) facts.webAliases.set(as, full.split('.').slice(1));
          else facts.kinds.set('web', 'web');
        } else if (localModules.has(full)) {
          facts.moduleAliases.set(as ?? full, full);
          facts.kinds.set(as ?? full, 'module');
        }
      }
    } else if (stmt._t === 'ImportFrom') {
      const from = (stmt.module as string | null) ?? '';
      for (const alias of nodes(stmt, 'names')) {
        const imported = text(alias, 'name');
        const as = (alias.asname as string | null) ?? imported;
        if (from === 'web' || from.startsWith('web.'))
          facts.webAliases.set(as, [...from.split('.').slice(1), imported]);
        else if (localModules.has(from)) facts.fromImports.set(as, [from, imported]);
      }
    } else if (stmt._t === 'FunctionDef' || stmt._t === 'AsyncFunctionDef') {
      facts.functions.set(text(stmt, 'name'), signature(stmt));
    } else if (stmt._t === 'ClassDef') {
      facts.classes.add(text(stmt, 'name'));
      for (const member of nodes(stmt, 'body')) {
        if (member._t !== 'FunctionDef') continue;
        const name = text(member, 'name');
        const sig = signature(member);
        const known = facts.methods.get(name);
        const same = known && known.params.join() === sig.params.join();
        facts.methods.set(name, known === undefined ? sig : same ? known : null);
      }
    }
  }
  // Module-level assignments of recognised values (after imports, so `web` is known).
  walkAll(tree, (n) => {
    if (n._t !== 'Assign') return;
    const value = node(n, 'value');
    if (value._t !== 'Call') return;
    const kind = kindOfCall(value, facts);
    if (!kind) return;
    for (const target of nodes(n, 'targets'))
      if (target._t === 'Name') facts.kinds.set(text(target, 'id'), kind);
  });
  return facts;
}

/** The kind a name has in a module, following `from model import db`. */
export function kindIn(program: ProgramFacts, facts: ModuleFacts, name: string): Kind | undefined {
  const own = facts.kinds.get(name);
  if (own) return own;
  const from = facts.fromImports.get(name);
  if (from) return program.modules.get(from[0])?.kinds.get(from[1]);
  return undefined;
}

/** Whether a call (in module `facts`, inside class `className`) returns a promise in webts. */
export function isAsyncCall(
  call: PyNode,
  program: ProgramFacts,
  facts: ModuleFacts,
  scope: { className?: string; asyncMethods?: Set<string>; handlerParam?: string },
): boolean {
  const func = node(call, 'func');
  const path = webPath(func, facts);
  if (path) return path.join('.') === 'sendmail';
  if (func._t === 'Name') {
    const id = text(func, 'id');
    if (scope.handlerParam === id) return true;
    if (program.asyncNames.get(facts.name)?.has(id)) return true;
    const from = facts.fromImports.get(id);
    return from ? (program.asyncNames.get(from[0])?.has(from[1]) ?? false) : false;
  }
  if (func._t !== 'Attribute') return false;
  const attr = text(func, 'attr');
  const owner = node(func, 'value');
  if (owner._t === 'Name') {
    const id = text(owner, 'id');
    const kind = kindIn(program, facts, id);
    if (kind === 'db') return DB_METHODS.has(attr);
    if (kind === 'tx') return attr === 'commit' || attr === 'rollback';
    if (kind === 'app') return attr === 'request';
    if (id === 'self') return scope.asyncMethods?.has(attr) ?? false;
    const module = facts.moduleAliases.get(id);
    if (module) return program.asyncNames.get(module)?.has(attr) ?? false;
  }
  if (owner._t === 'Attribute') {
    // model.db.select(...)
    const parts = dotted(owner);
    if (parts?.length === 2) {
      const module = facts.moduleAliases.get(parts[0] as string);
      if (module && program.modules.get(module)?.kinds.get(parts[1] as string) === 'db')
        return DB_METHODS.has(attr);
    }
  }
  return false;
}

/** Whether `with` item is `db.transaction()`. */
export function isTransactionWith(item: PyNode, program: ProgramFacts, facts: ModuleFacts): boolean {
  const expr = node(item, 'context_expr');
  if (expr._t !== 'Call') return false;
  const func = node(expr, 'func');
  if (func._t !== 'Attribute' || text(func, 'attr') !== 'transaction') return false;
  const owner = dotted(node(func, 'value'));
  if (!owner) return false;
  if (owner.length === 1) return kindIn(program, facts, owner[0] as string) === 'db';
  const module = facts.moduleAliases.get(owner[0] as string);
  return (
    owner.length === 2 &&
    module !== undefined &&
    program.modules.get(module)?.kinds.get(owner[1] as string) === 'db'
  );
}

interface DefSite {
  def: PyNode;
  module: ModuleFacts;
  className?: string;
  topLevel: boolean;
}

/** Which definitions are async: the fixed point of "reaches the database or an async function". */
export function analyse(modules: Map<string, { facts: ModuleFacts; tree: PyNode }>): ProgramFacts {
  const program: ProgramFacts = {
    modules: new Map([...modules].map(([k, v]) => [k, v.facts])),
    asyncDefs: new Set(),
    asyncNames: new Map([...modules.keys()].map((k) => [k, new Set<string>()])),
    processors: new Set(),
    asyncMethods: new Map(),
  };
  const sites: DefSite[] = [];
  for (const { facts, tree } of modules.values()) {
    const visit = (body: PyNode[], className: string | undefined, topLevel: boolean) => {
      for (const stmt of body) {
        if (stmt._t === 'FunctionDef' || stmt._t === 'AsyncFunctionDef') {
          sites.push({ def: stmt, module: facts, ...(className ? { className } : {}), topLevel });
        }
      }
    };
    visit(nodes(tree, 'body'), undefined, true);
    walkAll(tree, (n) => {
      if (n._t === 'ClassDef') visit(nodes(n, 'body'), text(n, 'name'), false);
      else if (n._t === 'FunctionDef' || n._t === 'AsyncFunctionDef')
        visit(nodes(n, 'body'), undefined, false);
      else if (n._t === 'Call') {
        const func = node(n, 'func');
        if (func._t === 'Attribute' && text(func, 'attr') === 'add_processor') {
          const arg = nodes(n, 'args')[0];
          if (arg?._t === 'Name') program.processors.add(`${facts.name}.${text(arg, 'id')}`);
        }
      }
    });
  }
  const asyncMethods = program.asyncMethods;
  let changed = true;
  while (changed) {
    changed = false;
    for (const site of sites) {
      if (program.asyncDefs.has(site.def)) continue;
      const name = text(site.def, 'name');
      const processor = site.topLevel && program.processors.has(`${site.module.name}.${name}`);
      const params = signature(site.def).params;
      const scope = {
        ...(site.className ? { className: site.className } : {}),
        asyncMethods: asyncMethods.get(`${site.module.name}.${site.className}`) ?? new Set<string>(),
        ...(processor && params[0] ? { handlerParam: params[0] } : {}),
      };
      let found = site.def._t === 'AsyncFunctionDef';
      walkShallow(site.def, (n) => {
        if (found) return;
        if (n._t === 'Call' && isAsyncCall(n, program, site.module, scope)) found = true;
        if (n._t === 'With' && nodes(n, 'items').some((i) => isTransactionWith(i, program, site.module)))
          found = true;
      });
      if (!found) continue;
      changed = true;
      program.asyncDefs.add(site.def);
      if (site.className) {
        const key = `${site.module.name}.${site.className}`;
        asyncMethods.set(key, new Set([...(asyncMethods.get(key) ?? []), name]));
      } else program.asyncNames.get(site.module.name)?.add(name);
    }
  }
  return program;
}
