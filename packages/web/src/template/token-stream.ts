import type { Pos } from './ast.js';
import { ParseError, SecurityError } from './errors.js';
import { Lexer, type SourcePos, type Token } from './lexer.js';
import { isForbiddenAttr, isForbiddenName } from './names.js';

/** Token cursor with the small helpers a recursive-descent parser needs. */
export class TokenStream {
  readonly lx: Lexer;
  readonly filename: string;
  readonly toks: Token[] = [];
  #i = 0;

  constructor(src: string, pos: SourcePos) {
    this.lx = new Lexer(src, pos);
    this.filename = pos.filename;
    for (;;) {
      const t = this.lx.next();
      this.toks.push(t);
      if (t.type === 'eof') break;
    }
  }

  get peek(): Token {
    return this.toks[this.#i] as Token;
  }

  peekAt(n: number): Token {
    return (this.toks[this.#i + n] ?? this.toks[this.toks.length - 1]) as Token;
  }

  get index(): number {
    return this.#i;
  }

  set index(i: number) {
    this.#i = i;
  }

  advance(): Token {
    const t = this.peek;
    if (t.type !== 'eof') this.#i++;
    return t;
  }

  is(value: string, type: 'op' | 'name' = 'op'): boolean {
    const t = this.peek;
    return t.type === type && t.value === value;
  }

  accept(value: string, type: 'op' | 'name' = 'op'): boolean {
    if (this.is(value, type)) {
      this.advance();
      return true;
    }
    return false;
  }

  expect(value: string, type: 'op' | 'name' = 'op'): Token {
    if (!this.is(value, type)) throw this.fail(`expected '${value}' but found ${this.describe(this.peek)}`);
    return this.advance();
  }

  describe(t: Token): string {
    if (t.type === 'eof') return 'end of expression';
    if (t.type === 'str') return 'a string';
    return `'${t.value}'`;
  }

  fail(message: string, t: Token = this.peek): ParseError {
    return new ParseError(message, { filename: this.filename, lineno: t.line, column: t.col });
  }

  pos(t: Token): Pos {
    return { line: t.line, col: t.col };
  }

  atEnd(): boolean {
    return this.peek.type === 'eof';
  }

  expectEnd(): void {
    if (!this.atEnd()) throw this.fail(`unexpected ${this.describe(this.peek)}`);
  }

  /** Refuses prototype-chain names (and, for attributes, web.py's `_`/`func_`/`im_` names) at the token. */
  checkName(name: string, t: Token, what: string): void {
    if (what === 'attribute' ? isForbiddenAttr(name) : isForbiddenName(name)) {
      throw new SecurityError(`access to ${what} '${name}' is denied`, {
        filename: this.filename,
        lineno: t.line,
        column: t.col,
      });
    }
  }
}
