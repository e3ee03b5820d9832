/**
 * Turns a parsed template into the source of a JavaScript factory. User names become `v_<name>`
 * locals or go through `$G(name)` (globals, then builtins); every other identifier in the output is
 * ours (`$`, `$r`, `$line`, ...), so a template cannot name anything the sandbox does not hand it.
 */
import type { Expr, Param, Stmt } from './ast.js';
import { collectTarget, ExprEmitter, js, type Scope } from './emit-expr.js';
import { ParseError } from './errors.js';
import { FUNCTION_METHODS } from './names.js';
import type { BlockNode, Node, Part, TemplateTree } from './nodes.js';

interface FnState {
  loops: { flag: string }[];
  /** 'template' functions return their TemplateResult; 'code' functions (def in $code) return None. */
  kind: 'template' | 'code';
}

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

/** What the generator needs to know besides the tree. */
export interface CodegenOptions {
  filename: string;
  /** Template name for argument errors (`index() missing 1 required positional argument`). */
  name: string;
  escape: boolean;
}

/** Statement half of the code generator: template nodes, blocks, functions and loops. */
export class Codegen {
  readonly o: CodegenOptions;
  #tmp = 0;
  #sigs: string[] = [];
  #fn: FnState = { loops: [], kind: 'template' };

  readonly x: ExprEmitter;

  constructor(o: CodegenOptions) {
    this.o = o;
    this.x = new ExprEmitter(o.filename, (prefix) => this.#t(prefix));
  }

  #t(prefix: string): string {
    return `$${prefix}${++this.#tmp}`;
  }

  #fail(message: string, line: number, col?: number): ParseError {
    return new ParseError(message, { filename: this.o.filename, lineno: line, column: col });
  }

  /** Source of `function ($, $G, $F, $CT, $L) { ...; return function(...$a) {...} }`'s body. */
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
      .map((p) => `if (v_${p.name} === $.MISSING) v_${p.name} = ${this.x.expr(p.default as Expr, scope)};\n`)
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
        out += `$line = ${n.line};\nif ($.truth(${this.x.expr(n.test as Expr, scope)})) {\n${this.#suite(n.body, scope, indent + n.indent)}}`;
        while (nodes[i + 1]?.k === 'block') {
          const next = nodes[i + 1] as BlockNode;
          if (next.kind === 'elif') {
            out += ` else if (($line = ${next.line}), $.truth(${this.x.expr(next.test as Expr, scope)})) {\n${this.#suite(next.body, scope, indent + next.indent)}}`;
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
        // One concatenated string per line: every part is a string (text, or an output helper's result).
        return parts.length ? `$line = ${n.line};\n$.out($r, ${parts.join(' + ')});\n` : '';
      }
      case 'var': {
        const value = Array.isArray(n.value)
          ? this.#parts(n.value, scope).join(' + ') || '""'
          : this.x.expr(n.value, scope);
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
        if (p.escape && this.o.escape && p.expr.k === 'attr' && !FUNCTION_METHODS.has(p.expr.name)) {
          out.push(`$.ea(${this.x.expr(p.expr.obj, scope)}, ${js(p.expr.name)})`);
        } else {
          const fn = p.escape && this.o.escape ? '$.e' : '$.s';
          out.push(`${fn}(${this.x.expr(p.expr, scope)})`);
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
      const test = this.x.expr((head as { test: Expr }).test, scope);
      // The budget counter costs one increment per iteration of `while` loops only; `for` loops are untouched.
      const n = this.#t('n');
      return `$line = ${line};\n{ let ${flag} = false, ${n} = 0;\nwhile (($line = ${line}), $.truth(${test})) {\nif (++${n} > $L) throw $.runaway($L);\n${inner}}\n${elseCode}}\n`;
    }
    const { target, iter } = head as { target: Expr; iter: Expr };
    const seq = this.#t('s');
    const item = this.#t('x');
    const assign = this.x.assign(target, item, scope);
    const source = withLoopVar ? `v_loop.setup(${seq}, $.iter(${seq}))` : `$.iter(${seq})`;
    const loop = `for (const ${item} of ${source}) {\n${assign}${inner}}\n`;
    const guarded = withLoopVar ? `try {\n${loop}} finally { v_loop.pop(); }\n` : loop;
    return `$line = ${line};\n{ const ${seq} = ${this.x.expr(iter, scope)};\nlet ${flag} = false;\n${guarded}${elseCode}}\n`;
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
        return `${at}${this.x.expr(s.expr, scope)};\n`;
      case 'assign': {
        if (s.targets.length === 1)
          return at + this.x.assign(s.targets[0] as Expr, this.x.expr(s.value, scope), scope);
        const v = this.#t('v');
        return `${at}{ const ${v} = ${this.x.expr(s.value, scope)};\n${s.targets.map((t) => this.x.assign(t, v, scope)).join('')}}\n`;
      }
      case 'augassign': {
        if (s.target.k === 'name') {
          const cur = this.x.name(s.target.name, scope);
          const read = `$.bound(${cur}, ${js(s.target.name)})`;
          return `${at}${cur} = ${this.x.binop(s.op, read, this.x.expr(s.value, scope))};\n`;
        }
        if (s.target.k !== 'index')
          throw this.#fail('cannot assign to this expression', s.pos.line, s.pos.col);
        const o = this.#t('o');
        const k = this.#t('k');
        return `${at}{ const ${o} = ${this.x.expr(s.target.obj, scope)}, ${k} = ${this.x.expr(s.target.index, scope)};\n$.si(${o}, ${k}, ${this.x.binop(s.op, `$.gi(${o}, ${k})`, this.x.expr(s.value, scope))}); }\n`;
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
        return `${at}return ${s.value ? this.x.expr(s.value, scope) : fallback};\n`;
      }
      case 'if': {
        const branches = s.branches.map((b, i) => {
          const body = this.stmts(b.body, scope);
          if (b.test === null) return ` else {\n${body}}`;
          return `${i ? ' else if' : 'if'} (($line = ${b.pos.line}), $.truth(${this.x.expr(b.test, scope)})) {\n${body}}`;
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
            (p) => `if (v_${p.name} === $.MISSING) v_${p.name} = ${this.x.expr(p.default as Expr, inner)};\n`,
          )
          .join('');
        const body = this.stmts(s.body, inner);
        this.#fn = saved;
        return `${at}${this.x.name(s.name, scope)} = $.fn(${js(s.name)}, function (...$a) {\n${decl}${bind}${defaults}${body}return null;\n});\n`;
      }
    }
  }
}

/** Generates the factory source for a parsed template. */
export function generate(tree: TemplateTree, options: CodegenOptions): string {
  return new Codegen(options).generate(tree);
}
