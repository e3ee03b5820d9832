/**
 * Templetor parser: splits template text into lines, blocks and `$` substitutions following web.py's
 * rules (how `$keyword` is recognised, how block indentation is found, which blank lines belong to a
 * block), so the output keeps web.py's whitespace byte for byte.
 */
import type { Expr } from './ast.js';
import { ParseError } from './errors.js';
import { parseExpr, parseParams } from './expr-parser.js';
import { isIdentStart, Lexer, type SourcePos } from './lexer.js';
import { isForbiddenKey } from './names.js';
import type { BlockNode, Node, Part, TemplateTree } from './nodes.js';
import {
  findColon,
  parseCodeBlock,
  parseCondition,
  parseDefHeader,
  parseForHeader,
  parseSimpleStmt,
  shift,
} from './stmt-parser.js';

/** One physical line (always ending in "\n") and where its first character sits in the file. */
interface Line {
  s: string;
  line: number;
  col: number;
}

const BLOCKS = new Set(['for', 'while', 'if', 'elif', 'else', 'def', 'code']);
const KEYWORDS = new Set(['pass', 'break', 'continue', 'return']);
const INDENT = '    ';
/** Deeper nesting than this is refused: it is never needed and costs quadratic time to parse. */
const MAX_BLOCK_DEPTH = 100;

/** web.py's text clean-up: newlines, tabs, BOM, legacy `\$`. */
export function normalizeText(text: string): string {
  let t = text.replace(/\r\n?/g, '\n');
  t = t
    .split('\n')
    .map((line) => expandTabs(line))
    .join('\n');
  if (!t.endsWith('\n')) t += '\n';
  // web.py compares against the UTF-8 bytes of the BOM, so a decoded BOM survives there; we drop it.
  if (t.startsWith('\ufeff')) t = t.slice(1);
  return t.replaceAll('\\$', () => '$$');
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += ch;
  }
  return out;
}

/** Reads normalized template lines into nodes (one instance per nesting level). */
export class TemplateParser {
  readonly filename: string;

  readonly depth: number;

  constructor(filename: string, depth = 0) {
    this.filename = filename;
    this.depth = depth;
  }

  #pos(l: Line, offset = 0): SourcePos {
    return { filename: this.filename, line: l.line, col: l.col + offset };
  }

  #fail(message: string, l: Line, offset = 0): ParseError {
    return new ParseError(message, { filename: this.filename, lineno: l.line, column: l.col + offset });
  }

  /** Parses normalized template text. */
  parse(text: string): TemplateTree {
    const raw = text.split('\n');
    raw.pop();
    let lines: Line[] = raw.map((s, i) => ({ s: `${s}\n`, line: i + 1, col: 1 }));
    let params = null;
    const first = lines[0];
    if (first?.s.startsWith('$def with')) {
      const src = first.s.slice('$def with'.length).trim();
      const m = /^\((.*)\)$/s.exec(src);
      if (!m) throw this.#fail('expected "$def with (arguments)"', first);
      const open = first.s.indexOf('(');
      params = parseParams(m[1] as string, this.#pos(first, open + 1));
      lines = lines.slice(1);
    }
    return { params, body: this.suite(lines) };
  }

  /** Reads sections until the lines run out. */
  suite(lines: Line[]): Node[] {
    const out: Node[] = [];
    let i = 0;
    while (i < lines.length) i = this.section(lines, i, out);
    return out;
  }

  section(lines: Line[], i: number, out: Node[]): number {
    const l = lines[i] as Line;
    const trimmed = l.s.replace(/^ +/, '');
    if (trimmed.startsWith('$')) {
      const at = l.s.indexOf('$');
      const beginIndent = l.s.slice(0, at);
      const rest = l.s.slice(at + 1);
      const word = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(rest)?.[0];
      if (word === 'var') return this.varSection(lines, i, at + 1, out);
      if (word !== undefined && BLOCKS.has(word))
        return this.blockSection(lines, i, at + 1, beginIndent, word, out);
      if (word !== undefined && KEYWORDS.has(word)) {
        const stmt = parseSimpleStmt(
          rest.trim(),
          this.#pos(l, at + 1 + (rest.length - rest.trimStart().length)),
        );
        out.push({ k: 'stmt', stmt, line: l.line });
        return i + 1;
      }
      if (rest.startsWith(' ') || rest === '\n') {
        const code = rest.trim();
        if (code !== '') {
          const lead = rest.length - rest.trimStart().length;
          out.push({ k: 'stmt', stmt: parseSimpleStmt(code, this.#pos(l, at + 1 + lead)), line: l.line });
        }
        return i + 1;
      }
    }
    out.push(this.line(l));
    return i + 1;
  }

  /** `$var name: text` (or an indented block) and `$var name = expr`. */
  varSection(lines: Line[], i: number, offset: number, out: Node[]): number {
    const l = lines[i] as Line;
    const m = /^var\s+([\p{L}_][\p{L}\p{N}_]*)\s*([:=])/u.exec(l.s.slice(offset));
    if (!m)
      throw this.#fail(
        'invalid $var statement: expected "$var name: text" or "$var name = expression"',
        l,
        offset,
      );
    const name = m[1] as string;
    if (name.startsWith('_') || isForbiddenKey(name) || ['toString', 'toJSON', 'valueOf'].includes(name)) {
      throw this.#fail(`'${name}' cannot be used as a $var name`, l, offset);
    }
    const sepAt = offset + m[0].length;
    const after = l.s.slice(sepAt);
    const lead = after.length - after.trimStart().length;
    if (m[2] === '=') {
      const value = parseExpr(after.trim(), this.#pos(l, sepAt + lead));
      out.push({ k: 'var', name, value, line: l.line });
      return i + 1;
    }
    if (after.trim() === '') {
      const { block, next } = this.indentedBlock(lines, i + 1, INDENT);
      const parts: Part[] = [];
      for (const b of block) {
        const noNl = { ...b, s: b.s.replace(/\n$/, '') };
        parts.push(...this.lineParts(noNl), { k: 'text', s: '\n' });
      }
      out.push({ k: 'var', name, value: parts, line: l.line });
      return next;
    }
    const value = after.trim();
    const parts = this.lineParts({ s: value, line: l.line, col: l.col + sepAt + lead });
    out.push({ k: 'var', name, value: parts, line: l.line });
    return i + 1;
  }

  blockSection(
    lines: Line[],
    i: number,
    offset: number,
    beginIndent: string,
    keyword: string,
    out: Node[],
  ): number {
    const l = lines[i] as Line;
    const stmtSrc = l.s.slice(offset);
    if (keyword === 'def' && /^def\s+with\b/.test(stmtSrc)) {
      throw this.#fail('$def with must be the first line of the template', l, offset);
    }
    const colon = findColon(stmtSrc, this.#pos(l, offset));
    if (colon < 0) throw this.#fail(`expected ':' at the end of $${keyword}`, l, offset);
    const rest = stmtSrc.slice(colon);
    let block: Line[];
    let next = i + 1;
    if (rest.trim() !== '' && !rest.trimStart().startsWith('$#')) {
      const lead = rest.length - rest.trimStart().length;
      block = [{ s: rest.trimStart(), line: l.line, col: l.col + offset + colon + lead }];
    } else {
      const following = lines[i + 1]?.s ?? '';
      const firstIndent = (/^ {2,}/.exec(following)?.[0] ?? '').slice(beginIndent.length);
      const indent =
        keyword === 'code'
          ? beginIndent + firstIndent
          : beginIndent + (firstIndent.length < INDENT.length ? firstIndent : INDENT);
      const r = this.indentedBlock(lines, i + 1, indent);
      block = r.block;
      next = r.next;
    }
    const header = stmtSrc.slice(keyword.length, colon - 1);
    const hpos = this.#pos(l, offset + keyword.length);
    if (keyword === 'code') {
      out.push({ k: 'code', stmts: parseCodeBlock(block, this.filename), line: l.line });
      return next;
    }
    const node: BlockNode = {
      k: 'block',
      kind: keyword as BlockNode['kind'],
      indent: beginIndent,
      body: [],
      line: l.line,
    };
    if (keyword === 'if' || keyword === 'elif' || keyword === 'while')
      node.test = parseCondition(header, hpos);
    else if (keyword === 'for') Object.assign(node, parseForHeader(header, hpos));
    else if (keyword === 'def') {
      if (/^\s*with\b/.test(header))
        throw this.#fail('$def with must be the first line of the template', l, offset);
      Object.assign(node, parseDefHeader(header, hpos));
    } else if (header.trim() !== '') throw this.#fail("expected ':' right after $else", l, offset);
    if (block.length === 0 || block.every((b) => b.s.trim() === '')) {
      throw this.#fail(`expected an indented block after $${keyword}`, l, offset);
    }
    if (this.depth >= MAX_BLOCK_DEPTH) throw this.#fail('blocks nested too deeply', l, offset);
    node.body = new TemplateParser(this.filename, this.depth + 1).suite(block);
    out.push(node);
    return next;
  }

  /** web.py's read_indented_block: blank lines belong to the block, other lines must start with `indent`. */
  indentedBlock(lines: Line[], i: number, indent: string): { block: Line[]; next: number } {
    const block: Line[] = [];
    if (indent === '') return { block, next: i };
    let j = i;
    for (; j < lines.length; j++) {
      const l = lines[j] as Line;
      if (l.s.trim() === '') block.push({ s: '\n', line: l.line, col: 1 });
      else if (l.s.startsWith(indent))
        block.push({ s: l.s.slice(indent.length), line: l.line, col: l.col + indent.length });
      else break;
    }
    return { block, next: j };
  }

  /** A plain output line (a trailing backslash joins it to the next one). */
  line(l: Line): Node {
    let s = l.s;
    if (s.endsWith('\\\n')) s = s.slice(0, -2);
    return { k: 'line', parts: this.lineParts({ ...l, s }), line: l.line };
  }

  /** Text, `$$`, `$#`, `$:expr`, `$expr`, `${expr}`, `$(expr)` pieces of one line. */
  lineParts(l: Line): Part[] {
    const parts: Part[] = [];
    const s = l.s;
    let i = 0;
    const text = (t: string): void => {
      const last = parts[parts.length - 1];
      if (last?.k === 'text') last.s += t;
      else parts.push({ k: 'text', s: t });
    };
    while (i < s.length) {
      if (s.startsWith('$$', i)) {
        text('$');
        i += 2;
      } else if (s.startsWith('$#', i)) {
        text('\n');
        break;
      } else if (s[i] === '$') {
        let j = i + 1;
        let escaped = true;
        if (s[j] === ':') {
          escaped = false;
          j++;
        }
        const end = this.exprEnd(l, j);
        let src = s.slice(j, end);
        let at = j;
        if (src.startsWith('{')) {
          src = src.slice(1, -1);
          at++;
        }
        const lead = src.length - src.trimStart().length;
        const expr: Expr = parseExpr(src.trim(), this.#pos(l, at + lead));
        parts.push({ k: 'expr', expr, escape: escaped, line: l.line });
        i = end;
      } else {
        const next = s.indexOf('$', i);
        const stop = next < 0 ? s.length : next;
        text(s.slice(i, stop));
        i = stop;
      }
    }
    return parts;
  }

  /** End of a `$` substitution starting at `start`: a bracketed group, or a name greedy over .attr, [..], (..). */
  exprEnd(l: Line, start: number): number {
    const s = l.s;
    const c = s[start];
    if (c === '(' || c === '[' || c === '{') return this.groupEnd(l, start);
    const lx = new Lexer(s, this.#pos(l), start);
    const first = lx.next();
    if (first.start !== start || first.type === 'op' || first.type === 'eof') {
      throw this.#fail("expected an expression after '$' (write $$ for a literal dollar sign)", l, start - 1);
    }
    let end = first.end;
    for (;;) {
      const ch = s[end];
      if (ch === '.' && isIdentStart(s[end + 1])) {
        end++;
        while (end < s.length && /[\p{L}\p{N}_]/u.test(s[end] as string)) end++;
      } else if (ch === '(' || ch === '[' || ch === '{') {
        end = this.groupEnd(l, end);
      } else return end;
    }
  }

  /** Offset just past the bracket that closes the one at `start` (strings are skipped whole). */
  groupEnd(l: Line, start: number): number {
    const lx = new Lexer(l.s, this.#pos(l), start);
    let depth = 0;
    for (;;) {
      const t = lx.next();
      if (t.type === 'eof') throw this.#fail(`unclosed '${l.s[start]}'`, l, start);
      if (t.type !== 'op') continue;
      if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
      else if (t.value === ')' || t.value === ']' || t.value === '}') {
        depth--;
        if (depth === 0) return t.end;
      }
    }
  }
}

/** Parses template text (normalizing it first) into a tree. */
export function parseTemplate(text: string, filename: string): TemplateTree {
  return new TemplateParser(filename).parse(normalizeText(text));
}

export { shift };
