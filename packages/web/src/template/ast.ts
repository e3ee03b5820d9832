/** Expression and statement trees produced by the parsers and consumed by the code generator. */

export interface Pos {
  line: number;
  col: number;
}

/** An expression tree node; `pos` is where it starts in the template. */
export type Expr =
  | { k: 'name'; name: string; pos: Pos }
  | { k: 'lit'; value: string | number | boolean | null | undefined; pos: Pos }
  | { k: 'list'; items: Expr[]; pos: Pos }
  | { k: 'tuple'; items: Expr[]; pos: Pos }
  | { k: 'dict'; entries: { key: Expr; value: Expr }[]; pos: Pos }
  | { k: 'attr'; obj: Expr; name: string; pos: Pos }
  | { k: 'index'; obj: Expr; index: Expr; pos: Pos }
  | { k: 'slice'; obj: Expr; lo: Expr | null; hi: Expr | null; step: Expr | null; pos: Pos }
  | { k: 'call'; fn: Expr; args: Expr[]; kwargs: { name: string; value: Expr }[]; pos: Pos }
  | { k: 'unary'; op: string; arg: Expr; pos: Pos }
  | { k: 'bin'; op: string; l: Expr; r: Expr; pos: Pos }
  | { k: 'logic'; op: string; l: Expr; r: Expr; pos: Pos }
  | { k: 'cmp'; op: string; l: Expr; r: Expr; pos: Pos }
  | { k: 'cond'; test: Expr; yes: Expr; no: Expr; py: boolean; pos: Pos }
  | { k: 'lambda'; params: Param[]; body: Expr; pos: Pos }
  | { k: 'comp'; elt: Expr; clauses: CompClause[]; pos: Pos };

/** One `for target in iter if cond...` clause of a comprehension. */
export interface CompClause {
  target: Expr;
  iter: Expr;
  conds: Expr[];
}

/** One parameter of `$def with (...)`, `$def f(...)`, `def`, or a lambda. */
export interface Param {
  name: string;
  kind: 'plain' | 'star' | 'dstar';
  default: Expr | null;
  pos: Pos;
}

/** Statements of `$ x = ...` lines and `$code:` blocks (a small Python subset). */
export type Stmt =
  | { k: 'expr'; expr: Expr; pos: Pos }
  | { k: 'assign'; targets: Expr[]; value: Expr; pos: Pos }
  | { k: 'augassign'; op: string; target: Expr; value: Expr; pos: Pos }
  | { k: 'pass'; pos: Pos }
  | { k: 'break'; pos: Pos }
  | { k: 'continue'; pos: Pos }
  | { k: 'return'; value: Expr | null; pos: Pos }
  | { k: 'if'; branches: { test: Expr | null; body: Stmt[]; pos: Pos }[]; pos: Pos }
  | { k: 'for'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[] | null; pos: Pos }
  | { k: 'while'; test: Expr; body: Stmt[]; orelse: Stmt[] | null; pos: Pos }
  | { k: 'def'; name: string; params: Param[]; body: Stmt[]; pos: Pos };
