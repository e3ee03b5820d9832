/**
 * The statement subset used by `$ x = ...` lines, `$break`-style keywords and `$code:` blocks:
 * assignments (plain, tuple, subscript, augmented), expression statements, pass/break/continue/return,
 * and inside `$code:` also if/elif/else, for/else, while/else and def. Everything else is a ParseError
 * (`import` is a SecurityError, as in web.py).
 */
import type { Expr, Param, Stmt } from './ast.js';
import { ParseError, SecurityError } from './errors.js';
import { ExprParser, parseExpr, parseParams } from './expr-parser.js';
import { Lexer, type SourcePos } from './lexer.js';
import { isForbiddenName } from './names.js';

/** Offset just past the first `:` outside brackets, or -1; stops lexing there so the rest may be template text. */
export function findColon(src: string, pos: SourcePos): number {
  const lx = new Lexer(src, pos);
  let depth = 0;
  for (;;) {
    const t = lx.next();
    if (t.type === 'eof') return -1;
    if (t.type !== 'op') continue;
    if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
    else if (t.value === ')' || t.value === ']' || t.value === '}') depth--;
    else if (t.value === ':' && depth <= 0) return t.end;
  }
}

/** Position of character `offset` of a single-line source that starts at `pos`. */
export function shift(pos: SourcePos, offset: number): SourcePos {
  return { filename: pos.filename, line: pos.line, col: pos.col + offset };
}

function failAt(pos: SourcePos, message: string): ParseError {
  return new ParseError(message, { filename: pos.filename, lineno: pos.line, column: pos.col });
}

/** `if`/`elif`/`while` condition. */
export function parseCondition(src: string, pos: SourcePos): Expr {
  return parseExpr(src, pos);
}

/** `targets in iterable` of a for statement. */
export function parseForHeader(src: string, pos: SourcePos): { target: Expr; iter: Expr } {
  const p = new ExprParser(src, pos);
  const target = p.targetList();
  p.expect('in', 'name');
  const iter = p.exprList();
  p.expectEnd();
  return { target, iter };
}

/** `name(params)` of a def statement. */
export function parseDefHeader(src: string, pos: SourcePos): { name: string; params: Param[] } {
  const m = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*\(/u.exec(src);
  if (!m) throw failAt(pos, 'expected a function name and "(" after def');
  const name = m[1] as string;
  if (isForbiddenName(name)) {
    throw new SecurityError(`access to name '${name}' is denied`, {
      filename: pos.filename,
      lineno: pos.line,
      column: pos.col,
    });
  }
  const close = src.lastIndexOf(')');
  if (close < m[0].length - 1 || src.slice(close + 1).trim() !== '')
    throw failAt(pos, 'expected ")" at the end of the def line');
  const params = parseParams(src.slice(m[0].length, close), shift(pos, m[0].length));
  return { name, params };
}

function checkTarget(t: Expr, filename: string, augmented: boolean): void {
  switch (t.k) {
    case 'name':
    case 'index':
      return;
    case 'tuple':
    case 'list':
      if (augmented) break;
      for (const x of t.items) checkTarget(x, filename, false);
      return;
    case 'attr':
      throw new SecurityError(`assignment to attribute '${t.name}' is denied`, {
        filename,
        lineno: t.pos.line,
        column: t.pos.col,
      });
    default:
      break;
  }
  throw new ParseError('cannot assign to this expression', {
    filename,
    lineno: t.pos.line,
    column: t.pos.col,
  });
}

const AUG = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '&=', '|=', '^=', '<<=', '>>=']);
const UNSUPPORTED = new Set([
  'class',
  'try',
  'except',
  'finally',
  'with',
  'raise',
  'throw',
  'global',
  'nonlocal',
  'del',
  'assert',
  'yield',
  'async',
  'await',
  'lambda',
  'print',
]);

/** One simple statement (no trailing colon block). */
export function parseSimpleStmt(src: string, pos: SourcePos): Stmt {
  const here = { line: pos.line, col: pos.col };
  const word = /^\s*([A-Za-z_]+)\b\s*(.*)$/s.exec(src);
  const kw = word?.[1];
  const rest = (word?.[2] ?? '').trim();
  if (kw === 'import' || (kw === 'from' && /\bimport\b/.test(rest))) {
    throw new SecurityError('import statements are denied in templates', {
      filename: pos.filename,
      lineno: pos.line,
      column: pos.col,
    });
  }
  if ((kw === 'pass' || kw === 'break' || kw === 'continue') && rest === '') return { k: kw, pos: here };
  if (kw === 'return') {
    const at = src.indexOf('return') + 6;
    return { k: 'return', value: rest === '' ? null : parseExpr(src.slice(at), shift(pos, at)), pos: here };
  }
  if (kw !== undefined && UNSUPPORTED.has(kw) && !/^\s*[=.([]/.test(rest)) {
    throw failAt(pos, `'${kw}' statements are not supported in templates`);
  }
  let body = src;
  let offset = 0;
  // `let x = 1` / `const x = 1` read as a plain assignment, for JavaScript habits.
  const decl = /^(\s*(?:let|const|var)\s+)(?=[\p{L}_])/u.exec(src);
  if (decl) {
    offset = decl[1]?.length ?? 0;
    body = src.slice(offset);
  }
  const p = new ExprParser(body, shift(pos, offset));
  if (p.atEnd()) throw failAt(pos, 'empty statement');
  const first = p.exprList();
  if (p.atEnd()) {
    if (decl) throw failAt(pos, 'expected "=" in declaration');
    return { k: 'expr', expr: first, pos: here };
  }
  const op = p.peek;
  if (op.type === 'op' && AUG.has(op.value)) {
    p.advance();
    checkTarget(first, pos.filename, true);
    const value = p.exprList();
    p.expectEnd();
    return { k: 'augassign', op: op.value.slice(0, -1), target: first, value, pos: here };
  }
  const targets = [first];
  let value: Expr = first;
  while (p.accept('=')) {
    value = p.exprList();
    targets.push(value);
  }
  p.expectEnd();
  targets.pop();
  if (targets.length === 0) throw p.fail('invalid statement');
  for (const t of targets) checkTarget(t, pos.filename, false);
  return { k: 'assign', targets, value, pos: here };
}

/** A logical line of a `$code:` block: its indentation, text (comments removed) and start position. */
interface Logical {
  indent: number;
  text: string;
  pos: SourcePos;
}

/** Drops a `#` comment outside strings and reports the bracket depth at the end of `text`. */
function scanLine(
  text: string,
  depth: number,
  quote: string | null,
): { text: string; depth: number; quote: string | null } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === '\\') {
        out += c + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (text.startsWith(quote, i)) {
        out += quote;
        i += quote.length - 1;
        quote = null;
        continue;
      }
      out += c;
      continue;
    }
    if (c === '#') break;
    if (c === '"' || c === "'") {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      out += quote;
      i += quote.length - 1;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    out += c;
  }
  return { text: out, depth, quote: quote && quote.length === 3 ? quote : null };
}

/** Parses the body of a `$code:` block (lines already stripped of the block indentation). */
export function parseCodeBlock(lines: { s: string; line: number; col: number }[], filename: string): Stmt[] {
  const logical: Logical[] = [];
  let cur: Logical | null = null;
  let depth = 0;
  let quote: string | null = null;
  for (const l of lines) {
    const raw = l.s.replace(/\n$/, '');
    if (cur === null) {
      const scanned = scanLine(raw, 0, null);
      if (scanned.text.trim() === '') continue;
      const indent = raw.length - raw.trimStart().length;
      cur = { indent, text: scanned.text.trimEnd(), pos: { filename, line: l.line, col: l.col + indent } };
      cur.text = cur.text.slice(indent);
      depth = scanned.depth;
      quote = scanned.quote;
    } else {
      const scanned = scanLine(raw, depth, quote);
      cur.text += `\n${scanned.text}`;
      depth = scanned.depth;
      quote = scanned.quote;
    }
    if (cur.text.endsWith('\\')) {
      cur.text = cur.text.slice(0, -1);
      continue;
    }
    if (depth <= 0 && quote === null) {
      logical.push(cur);
      cur = null;
    }
  }
  if (cur) throw failAt(cur.pos, 'unclosed bracket or string in $code block');
  const state = { i: 0 };
  const out = parseSuite(logical, state, logical[0]?.indent ?? 0);
  if (state.i < logical.length) throw failAt((logical[state.i] as Logical).pos, 'unexpected indentation');
  return out;
}

const COMPOUND = /^(if|elif|else|for|while|def)\b/;

function parseSuite(lines: Logical[], state: { i: number }, indent: number, depth = 0): Stmt[] {
  const out: Stmt[] = [];
  if (depth > 100) throw failAt((lines[state.i] as Logical).pos, 'blocks nested too deeply');
  while (state.i < lines.length) {
    const l = lines[state.i] as Logical;
    if (l.indent < indent) break;
    if (l.indent > indent) throw failAt(l.pos, 'unexpected indentation');
    state.i++;
    const m = COMPOUND.exec(l.text);
    if (!m) {
      out.push(parseSimpleStmt(l.text, l.pos));
      continue;
    }
    const kw = m[1] as string;
    const colon = findColon(l.text, l.pos);
    if (colon < 0) throw failAt(l.pos, `expected ':' at the end of the ${kw} line`);
    const header = l.text.slice(kw.length, colon - 1);
    const hpos = shift(l.pos, kw.length);
    const inline = l.text.slice(colon).trim();
    let body: Stmt[];
    if (inline) body = [parseSimpleStmt(l.text.slice(colon), shift(l.pos, colon))];
    else {
      const next = lines[state.i];
      if (!next || next.indent <= indent) throw failAt(l.pos, `expected an indented block after '${kw}'`);
      body = parseSuite(lines, state, next.indent, depth + 1);
    }
    const here = { line: l.pos.line, col: l.pos.col };
    const prev = out[out.length - 1];
    if (kw === 'if')
      out.push({ k: 'if', branches: [{ test: parseExpr(header, hpos), body, pos: here }], pos: here });
    else if (kw === 'elif' || kw === 'else') {
      if (kw === 'else' && header.trim() !== '') throw failAt(l.pos, "expected ':' after else");
      if (prev?.k === 'if' && prev.branches[prev.branches.length - 1]?.test !== null) {
        prev.branches.push({ test: kw === 'else' ? null : parseExpr(header, hpos), body, pos: here });
      } else if (kw === 'else' && (prev?.k === 'for' || prev?.k === 'while') && prev.orelse === null) {
        prev.orelse = body;
      } else throw failAt(l.pos, `'${kw}' without a matching 'if'`);
    } else if (kw === 'for') {
      const { target, iter } = parseForHeader(header, hpos);
      out.push({ k: 'for', target, iter, body, orelse: null, pos: here });
    } else if (kw === 'while')
      out.push({ k: 'while', test: parseExpr(header, hpos), body, orelse: null, pos: here });
    else {
      const { name, params } = parseDefHeader(header, hpos);
      out.push({ k: 'def', name, params, body, pos: here });
    }
  }
  return out;
}
