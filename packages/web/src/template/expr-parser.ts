/**
 * Recursive-descent parser for template expressions: JavaScript operators plus the Python subset
 * (`and/or/not`, `x if c else y`, `in`/`not in`, `is`, slices, lambdas, keyword arguments,
 * comprehensions). Anything else is a ParseError with the file, line and column.
 */
import type { CompClause, Expr, Param } from './ast.js';
import { SecurityError } from './errors.js';
import type { SourcePos, Token } from './lexer.js';
import { isForbiddenKey, LITERALS, RESERVED } from './names.js';
import { TokenStream } from './token-stream.js';

export { isForbiddenAttr, isForbiddenKey, isForbiddenName } from './names.js';

const MAX_DEPTH = 100;

const COMPARE = new Set(['<', '>', '<=', '>=', '==', '!=', '===', '!==']);

/** The expression grammar, from lambdas down to atoms. */
export class ExprParser extends TokenStream {
  #depth = 0;

  /** expr (',' expr)* — a bare comma list is a tuple, as in Python. */
  exprList(): Expr {
    const first = this.expr();
    if (!this.is(',')) return first;
    const items = [first];
    while (this.accept(',')) {
      if (this.atEnd() || this.is(')') || this.is('=') || this.is(':')) break;
      items.push(this.expr());
    }
    return { k: 'tuple', items, pos: first.pos };
  }

  expr(): Expr {
    // Deeply nested input would otherwise overflow the JavaScript stack instead of giving a ParseError.
    if (++this.#depth > MAX_DEPTH) throw this.fail('expression nested too deeply');
    try {
      return this.#expr();
    } finally {
      this.#depth--;
    }
  }

  #expr(): Expr {
    const t = this.peek;
    if (t.type === 'name' && t.value === 'lambda') return this.lambda();
    if (t.type === 'name' && this.peekAt(1).type === 'op' && this.peekAt(1).value === '=>')
      return this.arrow();
    if (t.type === 'op' && t.value === '(' && this.#isArrowParams()) return this.arrow();
    return this.ternary();
  }

  #isArrowParams(): boolean {
    let depth = 0;
    for (let k = this.index; k < this.toks.length; k++) {
      const t = this.toks[k] as Token;
      if (t.type === 'op' && (t.value === '(' || t.value === '[' || t.value === '{')) depth++;
      else if (t.type === 'op' && (t.value === ')' || t.value === ']' || t.value === '}')) {
        depth--;
        if (depth === 0) {
          const n = this.toks[k + 1];
          return n !== undefined && n.type === 'op' && n.value === '=>';
        }
      } else if (t.type === 'eof') return false;
    }
    return false;
  }

  lambda(): Expr {
    const start = this.advance();
    const params: Param[] = [];
    while (!this.is(':')) {
      params.push(this.param(true));
      if (!this.accept(',')) break;
    }
    this.expect(':');
    const body = this.expr();
    return { k: 'lambda', params, body, pos: this.pos(start) };
  }

  arrow(): Expr {
    const start = this.peek;
    const params: Param[] = [];
    if (this.accept('(')) {
      while (!this.is(')')) {
        params.push(this.param(true));
        if (!this.accept(',')) break;
      }
      this.expect(')');
    } else {
      params.push(this.param(false));
    }
    this.expect('=>');
    if (this.is('{'))
      throw this.fail('arrow functions with a block body are not supported; use an expression body');
    const body = this.expr();
    return { k: 'lambda', params, body, pos: this.pos(start) };
  }

  /** One parameter: `name`, `name=default`, `*args`, `**kw` (the last two only when `stars`). */
  param(defaults: boolean, stars = false): Param {
    const start = this.peek;
    let kind: Param['kind'] = 'plain';
    if (stars && this.accept('**')) kind = 'dstar';
    else if (stars && this.accept('*')) kind = 'star';
    const t = this.advance();
    if (t.type !== 'name' || RESERVED.has(t.value) || t.value in LITERALS) {
      throw this.fail(`expected a parameter name but found ${this.describe(t)}`, t);
    }
    this.checkName(t.value, t, 'name');
    let def: Expr | null = null;
    if (kind === 'plain' && defaults && this.accept('=')) def = this.expr();
    return { name: t.value, kind, default: def, pos: this.pos(start) };
  }

  ternary(): Expr {
    const cond = this.orTest();
    if (this.is('if', 'name')) {
      this.advance();
      const test = this.orTest();
      this.expect('else', 'name');
      const other = this.expr();
      return { k: 'cond', test, yes: cond, no: other, py: true, pos: cond.pos };
    }
    if (this.accept('?')) {
      const then = this.expr();
      this.expect(':');
      const other = this.expr();
      return { k: 'cond', test: cond, yes: then, no: other, py: false, pos: cond.pos };
    }
    return cond;
  }

  orTest(): Expr {
    let l = this.andTest();
    for (;;) {
      const t = this.peek;
      if (
        (t.type === 'name' && t.value === 'or') ||
        (t.type === 'op' && (t.value === '||' || t.value === '??'))
      ) {
        this.advance();
        const r = this.andTest();
        l = { k: 'logic', op: t.value, l, r, pos: l.pos };
      } else return l;
    }
  }

  andTest(): Expr {
    let l = this.notTest();
    for (;;) {
      const t = this.peek;
      if ((t.type === 'name' && t.value === 'and') || (t.type === 'op' && t.value === '&&')) {
        this.advance();
        const r = this.notTest();
        l = { k: 'logic', op: t.value, l, r, pos: l.pos };
      } else return l;
    }
  }

  notTest(): Expr {
    if (this.is('not', 'name')) {
      const t = this.advance();
      return { k: 'unary', op: 'not', arg: this.notTest(), pos: this.pos(t) };
    }
    return this.comparison();
  }

  #compOp(): string | null {
    const t = this.peek;
    if (t.type === 'op' && COMPARE.has(t.value)) return t.value;
    if (t.type === 'name') {
      if (t.value === 'in') return 'in';
      if (t.value === 'is')
        return this.peekAt(1).type === 'name' && this.peekAt(1).value === 'not' ? 'is not' : 'is';
      if (t.value === 'not' && this.peekAt(1).type === 'name' && this.peekAt(1).value === 'in')
        return 'not in';
    }
    return null;
  }

  comparison(): Expr {
    const l = this.binary(0);
    const op = this.#compOp();
    if (op === null) return l;
    const opTok = this.peek;
    this.advance();
    if (op === 'is not' || op === 'not in') this.advance();
    const r = this.binary(0);
    if (this.#compOp() !== null) {
      throw this.fail('chained comparisons (a < b < c) are not supported; use "and"');
    }
    return { k: 'cmp', op, l, r, pos: this.pos(opTok) };
  }

  static readonly LEVELS: string[][] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%']];

  binary(level: number): Expr {
    if (level >= ExprParser.LEVELS.length) return this.factor();
    const ops = ExprParser.LEVELS[level] as string[];
    let l = this.binary(level + 1);
    for (;;) {
      const t = this.peek;
      if (t.type === 'op' && ops.includes(t.value)) {
        this.advance();
        const r = this.binary(level + 1);
        l = { k: 'bin', op: t.value, l, r, pos: this.pos(t) };
      } else return l;
    }
  }

  factor(): Expr {
    const t = this.peek;
    if (t.type === 'op' && (t.value === '-' || t.value === '+' || t.value === '~' || t.value === '!')) {
      this.advance();
      return { k: 'unary', op: t.value, arg: this.factor(), pos: this.pos(t) };
    }
    if (t.type === 'name' && t.value === 'typeof') {
      this.advance();
      return { k: 'unary', op: 'typeof', arg: this.factor(), pos: this.pos(t) };
    }
    const base = this.postfix();
    if (this.is('**')) {
      const op = this.advance();
      return { k: 'bin', op: '**', l: base, r: this.factor(), pos: this.pos(op) };
    }
    return base;
  }

  postfix(): Expr {
    let e = this.atom();
    for (;;) {
      const t = this.peek;
      if (t.type !== 'op') return e;
      if (t.value === '.') {
        this.advance();
        const n = this.advance();
        if (n.type !== 'name') throw this.fail(`expected an attribute name after '.'`, n);
        this.checkName(n.value, n, 'attribute');
        e = { k: 'attr', obj: e, name: n.value, pos: this.pos(n) };
      } else if (t.value === '[') {
        this.advance();
        e = this.subscript(e, t);
      } else if (t.value === '(') {
        this.advance();
        e = this.call(e, t);
      } else if (t.value === '?.') {
        throw this.fail("optional chaining ('?.') is not supported");
      } else return e;
    }
  }

  subscript(obj: Expr, open: Token): Expr {
    let lo: Expr | null = null;
    if (!this.is(':')) {
      lo = this.expr();
      if (this.is(',')) throw this.fail('tuple subscripts (a[1, 2]) are not supported');
      if (this.accept(']')) {
        if (lo.k === 'lit' && typeof lo.value === 'string' && isForbiddenKey(lo.value)) {
          throw new SecurityError(`access to key '${lo.value}' is denied`, {
            filename: this.filename,
            lineno: lo.pos.line,
            column: lo.pos.col,
          });
        }
        return { k: 'index', obj, index: lo, pos: this.pos(open) };
      }
    }
    this.expect(':');
    const hi = this.is(':') || this.is(']') ? null : this.expr();
    let step: Expr | null = null;
    if (this.accept(':') && !this.is(']')) step = this.expr();
    this.expect(']');
    return { k: 'slice', obj, lo, hi, step, pos: this.pos(open) };
  }

  call(fn: Expr, open: Token): Expr {
    const args: Expr[] = [];
    const kwargs: { name: string; value: Expr }[] = [];
    while (!this.is(')')) {
      const t = this.peek;
      if (t.type === 'op' && (t.value === '*' || t.value === '**')) {
        throw this.fail('*args / **kwargs in calls are not supported');
      }
      if (t.type === 'name' && this.peekAt(1).type === 'op' && this.peekAt(1).value === '=') {
        this.advance();
        this.advance();
        this.checkName(t.value, t, 'keyword argument');
        kwargs.push({ name: t.value, value: this.expr() });
      } else {
        if (kwargs.length) throw this.fail('positional argument follows keyword argument');
        const a = this.expr();
        if (this.is('for', 'name')) {
          args.push(this.comprehension(a));
          if (!this.is(')')) throw this.fail('a generator expression must be the only argument');
          break;
        }
        args.push(a);
      }
      if (!this.accept(',')) break;
    }
    this.expect(')');
    return { k: 'call', fn, args, kwargs, pos: this.pos(open) };
  }

  /** `for targets in iter [if cond]...` after `elt`, for list comprehensions and generator expressions. */
  comprehension(elt: Expr): Expr {
    const clauses: CompClause[] = [];
    while (this.accept('for', 'name')) {
      const target = this.targetList();
      this.expect('in', 'name');
      const iter = this.orTest();
      const conds: Expr[] = [];
      while (this.accept('if', 'name')) conds.push(this.orTestNoCond());
      clauses.push({ target, iter, conds });
    }
    return { k: 'comp', elt, clauses, pos: elt.pos };
  }

  orTestNoCond(): Expr {
    return this.orTest();
  }

  /** Assignment / loop targets: names, possibly in (nested) tuples or lists. Stops before `in`. */
  targetList(): Expr {
    const first = this.target();
    if (!this.is(',')) return first;
    const items = [first];
    while (this.accept(',')) {
      if (this.is('in', 'name') || this.atEnd()) break;
      items.push(this.target());
    }
    return { k: 'tuple', items, pos: first.pos };
  }

  target(): Expr {
    const t = this.peek;
    if (this.accept('(') || this.accept('[')) {
      const close = t.value === '(' ? ')' : ']';
      const inner = this.targetList();
      this.expect(close);
      return inner.k === 'tuple' ? inner : { k: 'tuple', items: [inner], pos: inner.pos };
    }
    if (t.type !== 'name' || RESERVED.has(t.value) || t.value in LITERALS) {
      throw this.fail(`expected a variable name but found ${this.describe(t)}`);
    }
    this.advance();
    this.checkName(t.value, t, 'name');
    return { k: 'name', name: t.value, pos: this.pos(t) };
  }

  atom(): Expr {
    const t = this.advance();
    const pos = this.pos(t);
    switch (t.type) {
      case 'num':
        return { k: 'lit', value: t.num as number, pos };
      case 'str': {
        let value = t.value;
        while (this.peek.type === 'str') value += this.advance().value;
        return { k: 'lit', value, pos };
      }
      case 'name': {
        if (Object.hasOwn(LITERALS, t.value)) return { k: 'lit', value: LITERALS[t.value], pos };
        if (RESERVED.has(t.value))
          throw this.fail(`'${t.value}' is not supported in template expressions`, t);
        this.checkName(t.value, t, 'name');
        return { k: 'name', name: t.value, pos };
      }
      case 'op':
        if (t.value === '(') return this.parenAtom(t);
        if (t.value === '[') return this.listAtom(t);
        if (t.value === '{') return this.dictAtom(t);
        throw this.fail(`unexpected '${t.value}'`, t);
      default:
        throw this.fail('unexpected end of expression', t);
    }
  }

  parenAtom(open: Token): Expr {
    if (this.accept(')')) return { k: 'tuple', items: [], pos: this.pos(open) };
    const first = this.expr();
    if (this.is('for', 'name')) {
      const comp = this.comprehension(first);
      this.expect(')');
      return comp;
    }
    if (this.accept(')')) return first;
    const items = [first];
    while (this.accept(',')) {
      if (this.is(')')) break;
      items.push(this.expr());
    }
    this.expect(')');
    return { k: 'tuple', items, pos: this.pos(open) };
  }

  listAtom(open: Token): Expr {
    const items: Expr[] = [];
    if (this.accept(']')) return { k: 'list', items, pos: this.pos(open) };
    const first = this.expr();
    if (this.is('for', 'name')) {
      const comp = this.comprehension(first);
      this.expect(']');
      return comp;
    }
    items.push(first);
    while (this.accept(',')) {
      if (this.is(']')) break;
      if (this.is('...')) throw this.fail('spread syntax is not supported');
      items.push(this.expr());
    }
    this.expect(']');
    return { k: 'list', items, pos: this.pos(open) };
  }

  dictAtom(open: Token): Expr {
    const entries: { key: Expr; value: Expr }[] = [];
    while (!this.is('}')) {
      const t = this.peek;
      let key: Expr;
      if (
        t.type === 'name' &&
        this.peekAt(1).type === 'op' &&
        [':', ',', '}'].includes(this.peekAt(1).value)
      ) {
        // JavaScript object-literal rules: a bare word is the key itself, `{a}` is `{a: a}`.
        this.advance();
        key = { k: 'lit', value: t.value, pos: this.pos(t) };
        if (!this.is(':')) {
          this.checkName(t.value, t, 'name');
          entries.push({ key, value: { k: 'name', name: t.value, pos: this.pos(t) } });
          if (!this.accept(',')) break;
          continue;
        }
      } else if (this.accept('[')) {
        key = this.expr();
        this.expect(']');
      } else {
        key = this.expr();
      }
      if (!this.is(':')) throw this.fail('set literals are not supported; expected ":" in a dict literal');
      this.advance();
      entries.push({ key, value: this.expr() });
      if (this.is('for', 'name')) throw this.fail('dict comprehensions are not supported');
      if (!this.accept(',')) break;
    }
    this.expect('}');
    return { k: 'dict', entries, pos: this.pos(open) };
  }
}

/** Parses a whole expression (a bare comma list becomes a tuple). */
export function parseExpr(src: string, pos: SourcePos): Expr {
  const p = new ExprParser(src, pos);
  if (p.atEnd()) throw p.fail('empty expression');
  const e = p.exprList();
  p.expectEnd();
  return e;
}

/** Parses a parameter list such as `a, b=1, *args, **kw` (the text between the parentheses). */
export function parseParams(src: string, pos: SourcePos): Param[] {
  const p = new ExprParser(src, pos);
  const params: Param[] = [];
  let seenDefault = false;
  let seenStar = false;
  while (!p.atEnd()) {
    const tok = p.peek;
    const param = p.param(true, true);
    if (params.some((q) => q.name === param.name)) throw p.fail(`duplicate parameter '${param.name}'`, tok);
    if (param.kind === 'plain') {
      if (seenStar) throw p.fail('keyword-only parameters are not supported', tok);
      if (param.default) seenDefault = true;
      else if (seenDefault) throw p.fail('a parameter without a default follows one with a default', tok);
    } else if (param.kind === 'star') {
      if (seenStar) throw p.fail('only one *args parameter is allowed', tok);
      seenStar = true;
    } else if (!p.atEnd() && !(p.is(',') && p.peekAt(1).type === 'eof')) {
      throw p.fail('**kwargs must be the last parameter', tok);
    }
    params.push(param);
    if (!p.accept(',')) break;
  }
  p.expectEnd();
  return params;
}
