/**
 * Tokenizer for template expressions: JavaScript tokens plus Python literals (quotes, triple quotes,
 * r'' prefixes, 0o/0b numbers). Strings are decoded here, so the translator never re-reads source text
 * and a quote or `$` inside a string can never change what the code means.
 */
import { ParseError } from './errors.js';

/** Kinds of expression tokens. */
export type TokenType = 'name' | 'num' | 'str' | 'op' | 'eof';

/** One token with its position in the template. */
export interface Token {
  type: TokenType;
  /** Source text for names/ops; the decoded value for strings; the numeric text for numbers. */
  value: string;
  num?: number;
  start: number;
  end: number;
  line: number;
  col: number;
}

/** Position of an expression's first character in the template file. */
export interface SourcePos {
  filename: string;
  line: number;
  col: number;
}

const OPS = [
  '**=',
  '//=',
  '===',
  '!==',
  '>>=',
  '<<=',
  '=>',
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '=',
  '!',
  '~',
  '&',
  '|',
  '^',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  '?',
  ';',
];

const ID_START = /[\p{ID_Start}_]/u;
const ID_PART = /[\p{ID_Continue}]/u;

/** True when `ch` can start a name (Unicode ID_Start or `_`). */
export function isIdentStart(ch: string | undefined): boolean {
  return ch !== undefined && ID_START.test(ch);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

/** Splits `src` (which starts at `pos` in the template) into tokens; stops early when `stop` says so. */
export class Lexer {
  readonly src: string;
  readonly pos: SourcePos;
  i = 0;
  #line: number;
  #lineStart: number;

  constructor(src: string, pos: SourcePos, offset = 0) {
    this.src = src;
    this.pos = pos;
    this.#line = pos.line;
    this.#lineStart = -pos.col + 1;
    // Advance line bookkeeping to `offset` so positions stay right when we start mid-string.
    if (offset > 0 && src.lastIndexOf('\n', offset - 1) >= 0) {
      for (let k = 0; k < offset; k++) if (src[k] === '\n') this.#newline(k + 1);
    }
    this.i = offset;
  }

  #newline(at: number): void {
    this.#line++;
    this.#lineStart = at;
  }

  /** Location (line, column) of a character offset, for error messages. */
  locate(offset: number): { line: number; col: number } {
    let line = this.pos.line;
    let start = -this.pos.col + 1;
    for (let k = 0; k < offset && k < this.src.length; k++) {
      if (this.src[k] === '\n') {
        line++;
        start = k + 1;
      }
    }
    return { line, col: offset - start + 1 };
  }

  error(message: string, offset: number): ParseError {
    const { line, col } = this.locate(offset);
    return new ParseError(message, { filename: this.pos.filename, lineno: line, column: col });
  }

  #tok(type: TokenType, value: string, start: number, extra?: { num?: number }): Token {
    const t: Token = { type, value, start, end: this.i, line: this.#line, col: start - this.#lineStart + 1 };
    if (extra?.num !== undefined) t.num = extra.num;
    return t;
  }

  /** The next token; whitespace (and newlines inside brackets) is skipped. */
  next(): Token {
    const s = this.src;
    while (this.i < s.length) {
      const ch = s[this.i];
      if (ch === ' ' || ch === '\t' || ch === '\r') this.i++;
      else if (ch === '\n') {
        this.i++;
        this.#newline(this.i);
      } else if (ch === '\\' && s[this.i + 1] === '\n') {
        this.i += 2;
        this.#newline(this.i);
      } else break;
    }
    const start = this.i;
    if (start >= s.length) return this.#tok('eof', '', start);
    const ch = s[start] as string;
    if (ch === '#') throw this.error('comments (#) are not allowed inside expressions', start);
    if (ch === '`')
      throw this.error('JavaScript template literals (`...`) are not supported; use quotes', start);
    if (ch === '$') throw this.error("'$' is not allowed inside an expression", start);
    if (ch === '@') throw this.error("decorators and '@' are not supported", start);
    // String prefixes: r'', u'', b'' (f-strings are not supported).
    const m = /^([rRuUbBfF]{1,2})(['"])/.exec(s.slice(start, start + 3));
    if (m) {
      const prefix = (m[1] as string).toLowerCase();
      if (prefix.includes('f')) throw this.error('f-strings are not supported; use + or % formatting', start);
      if (prefix.length === 2 && !/^(rb|br)$/.test(prefix))
        throw this.error(`invalid string prefix '${m[1]}'`, start);
      this.i += (m[1] as string).length;
      return this.#string(start, prefix.includes('r'));
    }
    if (ch === '"' || ch === "'") return this.#string(start, false);
    if (isIdentStart(ch)) {
      let j = start + 1;
      while (j < s.length && ID_PART.test(s[j] as string)) j++;
      this.i = j;
      return this.#tok('name', s.slice(start, j), start);
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(s[start + 1] ?? ''))) return this.#number(start);
    for (const op of OPS) {
      if (s.startsWith(op, start)) {
        this.i = start + op.length;
        return this.#tok('op', op, start);
      }
    }
    throw this.error(`unexpected character ${JSON.stringify(ch)}`, start);
  }

  #number(start: number): Token {
    const s = this.src;
    const rest = s.slice(start);
    const m =
      /^0[xX][0-9a-fA-F_]+|^0[oO][0-7_]+|^0[bB][01_]+|^(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?/.exec(
        rest,
      );
    if (!m) throw this.error('invalid number', start);
    const text = m[0];
    this.i = start + text.length;
    const after = s[this.i];
    if (after !== undefined && /[\p{L}\p{N}_]/u.test(after)) {
      throw this.error(
        `invalid number literal ${JSON.stringify(text + after)} (complex, BigInt and suffixes are not supported)`,
        start,
      );
    }
    const clean = text.replace(/_/g, '');
    let num: number;
    if (/^0[oO]/.test(clean)) num = Number.parseInt(clean.slice(2), 8);
    else if (/^0[bB]/.test(clean)) num = Number.parseInt(clean.slice(2), 2);
    else num = Number(clean);
    if (Number.isNaN(num)) throw this.error('invalid number', start);
    return this.#tok('num', text, start, { num });
  }

  #string(start: number, raw: boolean): Token {
    const s = this.src;
    const q = s[this.i] as string;
    const triple = s.startsWith(q.repeat(3), this.i);
    const close = triple ? q.repeat(3) : q;
    this.i += close.length;
    let out = '';
    for (;;) {
      if (this.i >= s.length) throw this.error('unterminated string literal', start);
      const c = s[this.i] as string;
      if (s.startsWith(close, this.i)) {
        this.i += close.length;
        break;
      }
      if (c === '\n') {
        if (!triple) throw this.error('unterminated string literal', start);
        out += c;
        this.i++;
        this.#newline(this.i);
        continue;
      }
      if (c !== '\\') {
        out += c;
        this.i++;
        continue;
      }
      const e = s[this.i + 1];
      if (e === undefined) throw this.error('unterminated string literal', start);
      if (raw) {
        out += c + e;
        this.i += 2;
        continue;
      }
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        this.i += 2;
        continue;
      }
      const hex = (n: number): string => {
        const h = s.slice(this.i + 2, this.i + 2 + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw this.error(`bad \\${e} escape`, this.i);
        this.i += 2 + n;
        const cp = Number.parseInt(h, 16);
        if (cp > 0x10ffff) throw this.error('escape out of range', this.i);
        return String.fromCodePoint(cp);
      };
      if (e === 'x') out += hex(2);
      else if (e === 'u') out += hex(4);
      else if (e === 'U') out += hex(8);
      else if (/[0-7]/.test(e)) {
        const m = /^[0-7]{1,3}/.exec(s.slice(this.i + 1)) as RegExpExecArray;
        out += String.fromCodePoint(Number.parseInt(m[0], 8));
        this.i += 1 + m[0].length;
      } else {
        // Python keeps unknown escapes verbatim.
        out += c + e;
        this.i += 2;
      }
    }
    return this.#tok('str', out, start);
  }
}

/** All tokens of `src` up to the end (the last one is `eof`). */
export function tokenize(src: string, pos: SourcePos): Token[] {
  const lx = new Lexer(src, pos);
  const out: Token[] = [];
  for (;;) {
    const t = lx.next();
    out.push(t);
    if (t.type === 'eof') return out;
  }
}
