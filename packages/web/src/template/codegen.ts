/**
 * Turns a parsed template into the source of a JavaScript factory. User names become `v_<name>`
 * locals or go through `$G(name)` (globals, then builtins); every other identifier in the output is
 * ours (`$`, `$r`, `$line`, ...), so a template cannot name anything the sandbox does not hand it.
 */
import type { Expr, Param, Pos, Stmt } from './ast.js';
import { ParseError } from './errors.js';
import type { BlockNode, Node, Part, TemplateTree } from './nodes.js';

interface Scope {
  locals: Set<string>;
  parent: Scope | null;
}

interface FnState {
  loops: { flag: string }[];
  /** 'template' functions return their TemplateResult; 'code' functions (def in $code) return None. */
  kind: 'template' | 'code';
}

const js = (s: string): string => JSON.stringify(s);

/** Names bound anywhere in a function body (Python: assignment anywhere makes a name local). */
function collectNodes(nodes: Node[], into: Set<string>): void {
  for (const n of nodes) {
    if (n.k === 'stmt') collectStmts([n.stmt], into);
    else if (n.k === 'code') collectStmts(n.stmts, into);
    else if (n.k === 'block') {
      if (n.kind === 'def') into.add(n.name as string);
      else {
        if (n.target) collectTarget(n.target, into);
        collectNodes(n.body, into);
      }
    }
  }
}

function collectTarget(t: Expr, into: Set<string>): void {
  if (t.k === 'name') into.add(t.name);
  else if (t.k === 'tuple' || t.k === 'list') for (const x of t.items) collectTarget(x, into);
}

function collectStmts(stmts: Stmt[], into: Set<string>): void {
  for (const s of stmts) {
    switch (s.k) {
      case 'assign':
        for (const t of s.targets) collectTarget(t, into);
        break;
      case 'augassign':
        collectTarget(s.target, into);
        break;
      case 'for':
        collectTarget(s.target, into);
        collectStmts(s.body, into);
        if (s.orelse) collectStmts(s.orelse, into);
        break;
      case 'while':
        collectStmts(s.body, into);
        if (s.orelse) collectStmts(s.orelse, into);
        break;
      case 'if':
        for (const b of s.branches) collectStmts(b.body, into);
        break;
      case 'def':
        into.add(s.name);
        break;
      default:
        break;
    }
  }
}

export interface CodegenOptions {
  filename: string;
  /** Template name for argument errors (`index() missing 1 required positional argument`). */
  name: string;
  escape: boolean;
}

export class Codegen {
  readonly o: CodegenOptions;
  #tmp = 0;
  #sigs: string[] = [];
  #fn: FnState = { loops: [], kind: 'template' };

  constructor(o: CodegenOptions) {
    this.o = o;
  }

  #t(prefix: string): string {
    return `$${prefix}${++this.#tmp}`;
  }

  #fail(message: string, line: number, col?: number): ParseError {
    return new ParseError(message, { filename: this.o.filename, lineno: line, column: col });
  }

  /** Source of `function ($, $G, $F, $CT) { ...; return function(...$a) {...} }`'s body. */
  generate(tree: TemplateTree): string {
    const locals = new Set<string>(['loop', 'self']);
    const params = tree.params ?? [];
    for (const p of params) locals.add(p.name);
    collectNodes(tree.body, locals);
    const scope: Scope = { locals, parent: null };
    const firstLine = tree.params ? 1 : 0;
    const body = this.#function(
      this.o.name,
      params,
      scope,
      firstLine,
      () => this.#suite(tree.body, scope, ''),
      true,
    );
    return `"use strict";\n${this.#sigs.join('\n')}\nreturn ${body};`;
  }

  /** A template-style function: binds arguments, runs `emitBody`, returns its TemplateResult. */
  #function(
    name: string,
    params: Param[],
    scope: Scope,
    line: number,
    emitBody: () => string,
    top: boolean,
  ): string {
    const sig = this.#t('sig');
    const plain = params.filter((p) => p.kind === 'plain');
    const star = params.find((p) => p.kind === 'star');
    const dstar = params.find((p) => p.kind === 'dstar');
    const required = plain.filter((p) => p.default === null).length;
    this.#sigs.push(
      `const ${sig} = ${JSON.stringify({ name, params: plain.map((p) => p.name), required, star: !!star, dstar: !!dstar })};`,
    );
    const saved = this.#fn;
    this.#fn = { loops: [], kind: 'template' };
    const names = [...scope.locals].filter((n) => n !== 'loop' || !top).filter((n) => n !== 'self');
    const decl = names.length ? `let ${names.map((n) => `v_${n}`).join(', ')};\n` : '';
    const order = [...plain, ...(star ? [star] : []), ...(dstar ? [dstar] : [])];
    const bind = order.length
      ? `[${order.map((p) => `v_${p.name}`).join(', ')}] = $.bind(${sig}, $a);\n`
      : `$.bind(${sig}, $a);\n`;
    const defaults = plain
      .filter((p) => p.default)
      .map((p) => `if (v_${p.name} === $.MISSING) v_${p.name} = ${this.expr(p.default as Expr, scope)};\n`)
      .join('');
    const head = top ? `let $line = ${line};\nlet v_loop = $.loop();\n` : `$line = ${line};\n`;
    const body = emitBody();
    this.#fn = saved;
    return (
      `$.fn(${js(name)}, function (...$a) {\n${head}const $r = $.result(${top ? '$CT' : ''});\nlet v_self = $r;\n${decl}` +
      `try {\n${bind}${defaults}${body}return $r;\n} catch ($e) { throw $.fail($e, $F, $line); }\n})`
    );
  }

  #suite(nodes: Node[], scope: Scope, indent: string): string {
    let out = '';
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i] as Node;
      if (n.k === 'block' && (n.kind === 'elif' || n.kind === 'else')) {
        throw this.#fail(
          `$${n.kind} without a matching $if${n.kind === 'else' ? ', $for or $while' : ''}`,
          n.line,
        );
      }
      if (n.k === 'block' && n.kind === 'if') {
        out += `$line = ${n.line};\nif ($.truth(${this.expr(n.test as Expr, scope)})) {\n${this.#suite(n.body, scope, indent + n.indent)}}`;
        while (nodes[i + 1]?.k === 'block') {
          const next = nodes[i + 1] as BlockNode;
          if (next.kind === 'elif') {
            out += ` else if (($line = ${next.line}), $.truth(${this.expr(next.test as Expr, scope)})) {\n${this.#suite(next.body, scope, indent + next.indent)}}`;
          } else if (next.kind === 'else') {
            out += ` else {\n${this.#suite(next.body, scope, indent + next.indent)}}`;
            i++;
            break;
          } else break;
          i++;
        }
        out += '\n';
        continue;
      }
      if (n.k === 'block' && (n.kind === 'for' || n.kind === 'while')) {
        const next = nodes[i + 1];
        const orelse = next?.k === 'block' && next.kind === 'else' ? next : null;
        if (orelse) i++;
        out += this.#loop(
          n.kind,
          n.line,
          n.kind === 'for' ? { target: n.target as Expr, iter: n.iter as Expr } : { test: n.test as Expr },
          scope,
          () => this.#suite(n.body, scope, indent + n.indent),
          orelse ? () => this.#suite(orelse.body, scope, indent + orelse.indent) : null,
          true,
        );
        continue;
      }
      out += this.#node(n, scope, indent);
    }
    return out;
  }

  #node(n: Node, scope: Scope, indent: string): string {
    switch (n.k) {
      case 'line': {
        const parts = this.#parts(indent ? [{ k: 'text', s: indent }, ...n.parts] : n.parts, scope);
        return parts.length ? `$line = ${n.line};\n$.out($r, ${parts.join(', ')});\n` : '';
      }
      case 'var': {
        const value = Array.isArray(n.value)
          ? this.#parts(n.value, scope).join(' + ') || '""'
          : this.expr(n.value, scope);
        const escaped = Array.isArray(n.value) && this.o.escape;
        return `$line = ${n.line};\n$.setvar($r, ${js(n.name)}, ${value}, ${escaped});\n`;
      }
      case 'stmt':
        return this.stmts([n.stmt], scope);
      case 'code':
        return this.stmts(n.stmts, scope);
      case 'block': {
        // Only 'def' reaches here; the other block kinds are handled by #suite.
        const inner: Scope = { locals: new Set(), parent: scope };
        for (const p of n.params ?? []) inner.locals.add(p.name);
        collectNodes(n.body, inner.locals);
        const fn = this.#function(
          n.name as string,
          n.params ?? [],
          inner,
          n.line,
          () => this.#suite(n.body, inner, indent + n.indent),
          false,
        );
        return `$line = ${n.line};\nv_${n.name} = ${fn};\n`;
      }
    }
  }

  #parts(parts: Part[], scope: Scope): string[] {
    const out: string[] = [];
    let text = '';
    for (const p of parts) {
      if (p.k === 'text') text += p.s;
      else {
        if (text) out.push(js(text));
        text = '';
        if (p.escape && this.o.escape && p.expr.k === 'attr') {
          out.push(`$.ea(${this.expr(p.expr.obj, scope)}, ${js(p.expr.name)})`);
        } else {
          const fn = p.escape && this.o.escape ? '$.e' : '$.s';
          out.push(`${fn}(${this.expr(p.expr, scope)})`);
        }
      }
    }
    if (text) out.push(js(text));
    return out;
  }

  #loop(
    kind: 'for' | 'while',
    line: number,
    head: { target: Expr; iter: Expr } | { test: Expr },
    scope: Scope,
    body: () => string,
    orelse: (() => string) | null,
    withLoopVar: boolean,
  ): string {
    const flag = this.#t('b');
    this.#fn.loops.push({ flag });
    let inner: string;
    try {
      inner = body();
    } finally {
      this.#fn.loops.pop();
    }
    const elseCode = orelse ? `if (!${flag}) {\n${orelse()}}\n` : '';
    if (kind === 'while') {
      const test = this.expr((head as { test: Expr }).test, scope);
      return `$line = ${line};\n{ let ${flag} = false;\nwhile (($line = ${line}), $.truth(${test})) {\n${inner}}\n${elseCode}}\n`;
    }
    const { target, iter } = head as { target: Expr; iter: Expr };
    const seq = this.#t('s');
    const item = this.#t('x');
    const assign = this.assign(target, item, scope);
    const source = withLoopVar ? `v_loop.setup(${seq}, $.iter(${seq}))` : `$.iter(${seq})`;
    const loop = `for (const ${item} of ${source}) {\n${assign}${inner}}\n`;
    const guarded = withLoopVar ? `try {\n${loop}} finally { v_loop.pop(); }\n` : loop;
    return `$line = ${line};\n{ const ${seq} = ${this.expr(iter, scope)};\nlet ${flag} = false;\n${guarded}${elseCode}}\n`;
  }

  /** Assignment of the JavaScript expression `value` to a target (name, tuple, subscript). */
  assign(t: Expr, value: string, scope: Scope): string {
    switch (t.k) {
      case 'name':
        return `${this.#name(t.name, scope)} = ${value};\n`;
      case 'tuple':
      case 'list': {
        const u = this.#t('u');
        return `{ const ${u} = $.unpack(${value}, ${t.items.length});\n${t.items.map((x, i) => this.assign(x, `${u}[${i}]`, scope)).join('')}}\n`;
      }
      case 'index':
        return `$.si(${this.expr(t.obj, scope)}, ${this.expr(t.index, scope)}, ${value});\n`;
      default:
        throw this.#fail('cannot assign to this expression', t.pos.line, t.pos.col);
    }
  }

  stmts(list: Stmt[], scope: Scope): string {
    let out = '';
    for (const s of list) out += this.#stmt(s, scope);
    return out;
  }

  #stmt(s: Stmt, scope: Scope): string {
    const at = `$line = ${s.pos.line};\n`;
    switch (s.k) {
      case 'expr':
        return `${at}${this.expr(s.expr, scope)};\n`;
      case 'assign': {
        if (s.targets.length === 1)
          return at + this.assign(s.targets[0] as Expr, this.expr(s.value, scope), scope);
        const v = this.#t('v');
        return `${at}{ const ${v} = ${this.expr(s.value, scope)};\n${s.targets.map((t) => this.assign(t, v, scope)).join('')}}\n`;
      }
      case 'augassign': {
        if (s.target.k === 'name') {
          const cur = this.#name(s.target.name, scope);
          return `${at}${cur} = ${this.#binop(s.op, cur, this.expr(s.value, scope))};\n`;
        }
        if (s.target.k !== 'index')
          throw this.#fail('cannot assign to this expression', s.pos.line, s.pos.col);
        const o = this.#t('o');
        const k = this.#t('k');
        return `${at}{ const ${o} = ${this.expr(s.target.obj, scope)}, ${k} = ${this.expr(s.target.index, scope)};\n$.si(${o}, ${k}, ${this.#binop(s.op, `$.gi(${o}, ${k})`, this.expr(s.value, scope))}); }\n`;
      }
      case 'pass':
        return '';
      case 'break':
      case 'continue': {
        const loop = this.#fn.loops[this.#fn.loops.length - 1];
        if (!loop) throw this.#fail(`'${s.k}' outside a loop`, s.pos.line, s.pos.col);
        return s.k === 'break' ? `{ ${loop.flag} = true; break; }\n` : 'continue;\n';
      }
      case 'return': {
        const fallback = this.#fn.kind === 'template' ? '$r' : 'null';
        return `${at}return ${s.value ? this.expr(s.value, scope) : fallback};\n`;
      }
      case 'if': {
        const branches = s.branches.map((b, i) => {
          const body = this.stmts(b.body, scope);
          if (b.test === null) return ` else {\n${body}}`;
          return `${i ? ' else if' : 'if'} (($line = ${b.pos.line}), $.truth(${this.expr(b.test, scope)})) {\n${body}}`;
        });
        return `${branches.join('')}\n`;
      }
      case 'for':
        return this.#loop(
          'for',
          s.pos.line,
          { target: s.target, iter: s.iter },
          scope,
          () => this.stmts(s.body, scope),
          s.orelse ? () => this.stmts(s.orelse as Stmt[], scope) : null,
          false,
        );
      case 'while':
        return this.#loop(
          'while',
          s.pos.line,
          { test: s.test },
          scope,
          () => this.stmts(s.body, scope),
          s.orelse ? () => this.stmts(s.orelse as Stmt[], scope) : null,
          false,
        );
      case 'def': {
        const inner: Scope = { locals: new Set(s.params.map((p) => p.name)), parent: scope };
        collectStmts(s.body, inner.locals);
        const saved = this.#fn;
        const sig = this.#t('sig');
        const plain = s.params.filter((p) => p.kind === 'plain');
        const star = s.params.find((p) => p.kind === 'star');
        const dstar = s.params.find((p) => p.kind === 'dstar');
        this.#sigs.push(
          `const ${sig} = ${JSON.stringify({ name: s.name, params: plain.map((p) => p.name), required: plain.filter((p) => !p.default).length, star: !!star, dstar: !!dstar })};`,
        );
        this.#fn = { loops: [], kind: 'code' };
        const order = [...plain, ...(star ? [star] : []), ...(dstar ? [dstar] : [])];
        const decl = inner.locals.size ? `let ${[...inner.locals].map((n) => `v_${n}`).join(', ')};\n` : '';
        const bind = order.length
          ? `[${order.map((p) => `v_${p.name}`).join(', ')}] = $.bind(${sig}, $a);\n`
          : `$.bind(${sig}, $a);\n`;
        const defaults = plain
          .filter((p) => p.default)
          .map(
            (p) => `if (v_${p.name} === $.MISSING) v_${p.name} = ${this.expr(p.default as Expr, inner)};\n`,
          )
          .join('');
        const body = this.stmts(s.body, inner);
        this.#fn = saved;
        return `${at}${this.#name(s.name, scope)} = $.fn(${js(s.name)}, function (...$a) {\n${decl}${bind}${defaults}${body}return null;\n});\n`;
      }
    }
  }

  #name(name: string, scope: Scope): string {
    for (let s: Scope | null = scope; s; s = s.parent) if (s.locals.has(name)) return `v_${name}`;
    return `$G(${js(name)})`;
  }

  #binop(op: string, l: string, r: string): string {
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
        return this.#name(e.name, scope);
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
        return `({${e.entries.map((en) => `[${this.expr(en.key, scope)}]: ${this.expr(en.value, scope)}`).join(', ')}})`;
      case 'attr':
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
          ? `, {${e.kwargs.map((k) => `${js(k.name)}: ${this.expr(k.value, scope)}`).join(', ')}}`
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
        return this.#binop(e.op, this.expr(e.l, scope), this.expr(e.r, scope));
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
            throw this.#fail('*args in lambdas are not supported', p.pos.line, p.pos.col);
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

  #comp(e: Extract<Expr, { k: 'comp' }>, scope: Scope): string {
    const inner: Scope = { locals: new Set(), parent: scope };
    for (const c of e.clauses) collectTarget(c.target, inner.locals);
    const acc = this.#t('c');
    let body = `${acc}.push(${this.expr(e.elt, inner)});\n`;
    for (let i = e.clauses.length - 1; i >= 0; i--) {
      const c = e.clauses[i] as Extract<Expr, { k: 'comp' }>['clauses'][number];
      const item = this.#t('x');
      const conds = c.conds.map((x) => `if (!$.truth(${this.expr(x, inner)})) continue;\n`).join('');
      // The first iterable is evaluated in the enclosing scope, as in Python.
      const iter = this.expr(c.iter, i === 0 ? scope : inner);
      body = `for (const ${item} of $.iter(${iter})) {\n${this.assign(c.target, item, inner)}${conds}${body}}\n`;
    }
    const decl = inner.locals.size ? `let ${[...inner.locals].map((n) => `v_${n}`).join(', ')};\n` : '';
    return `(() => { const ${acc} = [];\n${decl}${body}return ${acc}; })()`;
  }
}

/** Generates the factory source for a parsed template. */
export function generate(tree: TemplateTree, options: CodegenOptions): string {
  return new Codegen(options).generate(tree);
}

export type { Pos };
