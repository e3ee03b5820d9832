/** The template tree: what the Templetor parser produces and the code generator walks. */
import type { Expr, Param, Stmt } from './ast.js';

/** A piece of an output line: literal text or an `$expression`. */
export type Part = { k: 'text'; s: string } | { k: 'expr'; expr: Expr; escape: boolean; line: number };

/** A section of a template body. */
export type Node =
  | { k: 'line'; parts: Part[]; line: number }
  | { k: 'stmt'; stmt: Stmt; line: number }
  | { k: 'var'; name: string; value: Expr | Part[]; line: number }
  | { k: 'code'; stmts: Stmt[]; line: number }
  | BlockNode;

/** `$if`/`$elif`/`$else`/`$for`/`$while`/`$def` with their indented body. */
export type BlockNode = {
  k: 'block';
  kind: 'if' | 'elif' | 'else' | 'for' | 'while' | 'def';
  /** Indentation in front of the `$keyword`, prefixed to every output line of the body (web.py's begin_indent). */
  indent: string;
  body: Node[];
  line: number;
  test?: Expr;
  target?: Expr;
  iter?: Expr;
  name?: string;
  params?: Param[];
};

/** A parsed template: its `$def with` parameters (null when absent) and its body. */
export interface TemplateTree {
  params: Param[] | null;
  body: Node[];
}
