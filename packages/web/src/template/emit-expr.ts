/** Expression half of the code generator: expression trees and assignment targets to JavaScript. */
import type { Expr } from './ast.js';
import { ParseError, SecurityError } from './errors.js';
import { FUNCTION_METHODS, isForbiddenKey } from './names.js';

/** Local names of one function (template, `$def`, `def`, lambda or comprehension), chained to the enclosing one. */
export interface Scope {
  locals: Set<string>;
  parent: Scope | null;
}

/** A JavaScript string literal for `s` (user text only ever reaches the output this way). */
export const js = (s: string): string => JSON.stringify(s);

/** Adds the names bound by an assignment / loop target. */
export function collectTarget(t: Expr, into: Set<string>): void {
  if (t.k === 'name') into.add(t.name);
  else if (t.k === 'tuple' || t.k === 'list') for (const x of t.items) collectTarget(x, into);
}

/** Emits JavaScript for expressions; shares the temporary-name counter with the statement generator. */
export class ExprEmitter {
  readonly filename: string;
  readonly tmp: (prefix: string) => string;

  constructor(filename: string, tmp: (prefix: string) => string) {
    this.filename = filename;
    this.tmp = tmp;
  }

  fail(message: string, line: number, col?: number): ParseError {
    return new ParseError(message, { filename: this.filename, lineno: line, column: col });
  }

  /** Assignment of the JavaScript expression `value` to a target (name, tuple, subscript). */
  assign(t: Expr, value: string, scope: Scope): string {
    switch (t.k) {
      case 'name':
        return `${this.name(t.name, scope)} = ${value};\n`;
      case 'tuple':
      case 'list': {
        const u = this.tmp('u');
        return `{ const ${u} = $.unpack(${value}, ${t.items.length});\n${t.items.map((x, i) => this.assign(x, `${u}[${i}]`, scope)).join('')}}\n`;
      }
      case 'index':
        return `$.si(${this.expr(t.obj, scope)}, ${this.expr(t.index, scope)}, ${value});\n`;
      default:
        throw this.fail('cannot assign to this expression', t.pos.line, t.pos.col);
    }
  }

  /** The JavaScript for reading `name`: a `v_` local when some enclosing scope binds it, else a global lookup. */
  name(name: string, scope: Scope): string {
    for (let s: Scope | null = scope; s; s = s.parent) if (s.locals.has(name)) return `v_${name}`;
    return `$G(${js(name)})`;
  }

  /** Binary operators with Python meaning where JavaScript's differs (`+` on lists, `*` repeat, `%`, `//`). */
  binop(op: string, l: string, r: string): string {
    switch (op) {
      case '+':
        return `$.add(${l}, ${r})`;
      case '*':
        return `$.mul(${l}, ${r})`;
      case '%':
        return `$.mod(${l}, ${r})`;
      case '//':
        return `$.floordiv(${l}, ${r})`;
      default:
        return `((${l}) ${op} (${r}))`;
    }
  }

  #callName(e: Expr): string {
    if (e.k === 'name') return e.name;
    if (e.k === 'attr') return e.name;
    return 'expression';
  }

  /** JavaScript for an expression tree. */
  expr(e: Expr, scope: Scope): string {
    switch (e.k) {
      case 'name':
        return this.name(e.name, scope);
      case 'lit':
        return e.value === undefined
          ? 'undefined'
          : typeof e.value === 'string'
            ? js(e.value)
            : String(e.value);
      case 'list':
        return `[${e.items.map((x) => this.expr(x, scope)).join(', ')}]`;
      case 'tuple':
        return `$.tuple([${e.items.map((x) => this.expr(x, scope)).join(', ')}])`;
      case 'dict':
        return `({${e.entries.map((en) => `[${this.#dictKey(en.key, scope)}]: ${this.expr(en.value, scope)}`).join(', ')}})`;
      case 'attr':
        // The parser has refused every denied name; only call/apply/bind depend on the value (a function or not).
        if (FUNCTION_METHODS.has(e.name)) return `$.ga(${this.expr(e.obj, scope)}, ${js(e.name)})`;
        return `(${this.expr(e.obj, scope)}).${e.name}`;
      case 'index':
        return `$.gi(${this.expr(e.obj, scope)}, ${this.expr(e.index, scope)})`;
      case 'slice': {
        const o = (x: Expr | null): string => (x ? this.expr(x, scope) : 'null');
        return `$.slice(${this.expr(e.obj, scope)}, ${o(e.lo)}, ${o(e.hi)}, ${o(e.step)})`;
      }
      case 'call': {
        const args = `[${e.args.map((a) => this.expr(a, scope)).join(', ')}]`;
        const kw = e.kwargs.length
          ? `, {${e.kwargs.map((k) => `[${js(k.name)}]: ${this.expr(k.value, scope)}`).join(', ')}}`
          : '';
        if (e.fn.k === 'attr') return `$.m(${this.expr(e.fn.obj, scope)}, ${js(e.fn.name)}, ${args}${kw})`;
        return `$.call(${this.expr(e.fn, scope)}, ${js(this.#callName(e.fn))}, ${args}${kw})`;
      }
      case 'unary': {
        const a = this.expr(e.arg, scope);
        if (e.op === 'not') return `(!$.truth(${a}))`;
        if (e.op === 'typeof') return `(typeof (${a}))`;
        return `(${e.op}(${a}))`;
      }
      case 'bin':
        return this.binop(e.op, this.expr(e.l, scope), this.expr(e.r, scope));
      case 'logic': {
        const l = this.expr(e.l, scope);
        const r = this.expr(e.r, scope);
        if (e.op === 'and') return `$.and(${l}, () => ${r})`;
        if (e.op === 'or') return `$.or(${l}, () => ${r})`;
        return `((${l}) ${e.op} (${r}))`;
      }
      case 'cmp': {
        const l = this.expr(e.l, scope);
        const r = this.expr(e.r, scope);
        switch (e.op) {
          case 'in':
            return `$.contains(${r}, ${l})`;
          case 'not in':
            return `(!$.contains(${r}, ${l}))`;
          case 'is':
            return `$.is(${l}, ${r})`;
          case 'is not':
            return `(!$.is(${l}, ${r}))`;
          case '==':
            return `$.eq(${l}, ${r})`;
          case '!=':
            return `(!$.eq(${l}, ${r}))`;
          default:
            return `((${l}) ${e.op} (${r}))`;
        }
      }
      case 'cond': {
        const test = this.expr(e.test, scope);
        return `(${e.py ? `$.truth(${test})` : `(${test})`} ? ${this.expr(e.yes, scope)} : ${this.expr(e.no, scope)})`;
      }
      case 'lambda': {
        for (const p of e.params) {
          if (p.kind !== 'plain')
            throw this.fail('*args in lambdas are not supported', p.pos.line, p.pos.col);
        }
        const inner: Scope = { locals: new Set(e.params.map((p) => p.name)), parent: scope };
        const params = e.params.map((p) =>
          p.default ? `v_${p.name} = ${this.expr(p.default, scope)}` : `v_${p.name}`,
        );
        return `((${params.join(', ')}) => ${this.expr(e.body, inner)})`;
      }
      case 'comp':
        return this.#comp(e, scope);
    }
  }

  /** A literal key is checked now; any other goes through the runtime key check. */
  #dictKey(key: Expr, scope: Scope): string {
    if (key.k === 'lit' && typeof key.value === 'number') return String(key.value);
    if (key.k === 'lit' && typeof key.value === 'string') {
      if (isForbiddenKey(key.value)) {
        throw new SecurityError(`access to key '${key.value}' is denied`, {
          filename: this.filename,
          lineno: key.pos.line,
          column: key.pos.col,
        });
      }
      return js(key.value);
    }
    return `$.key(${this.expr(key, scope)})`;
  }

  #comp(e: Extract<Expr, { k: 'comp' }>, scope: Scope): string {
    const inner: Scope = { locals: new Set(), parent: scope };
    for (const c of e.clauses) collectTarget(c.target, inner.locals);
    const acc = this.tmp('c');
    let body = `${acc}.push(${this.expr(e.elt, inner)});\n`;
    for (let i = e.clauses.length - 1; i >= 0; i--) {
      const c = e.clauses[i] as Extract<Expr, { k: 'comp' }>['clauses'][number];
      const item = this.tmp('x');
      const conds = c.conds.map((x) => `if (!$.truth(${this.expr(x, inner)})) continue;\n`).join('');
      // The first iterable is evaluated in the enclosing scope, as in Python.
      const iter = this.expr(c.iter, i === 0 ? scope : inner);
      body = `for (const ${item} of $.iter(${iter})) {\n${this.assign(c.target, item, inner)}${conds}${body}}\n`;
    }
    const decl = inner.locals.size ? `let ${[...inner.locals].map((n) => `v_${n}`).join(', ')};\n` : '';
    return `(() => { const ${acc} = [];\n${decl}${body}return ${acc}; })()`;
  }
}
