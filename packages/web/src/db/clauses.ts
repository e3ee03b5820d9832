/**
 * The `what`, `order` and `group` strings of `db.select`/`db.where` are pasted into the SQL (web.py pastes
 * them too), and apps pass request data into them (`order: web.input().sort`). So a plain string is
 * checked against a small grammar before it is used, and anything outside it is refused before any SQL
 * is sent:
 *
 * - order: `item [ASC|DESC] [NULLS FIRST|LAST]`, comma-separated; an item is a column (`t.col`), a
 *   column position (`2`) or a `$name` reference;
 * - group: columns, positions or `$name` references, comma-separated;
 * - what: `[DISTINCT] item [[AS] alias]`, comma-separated; an item is `*`, `t.*`, a column, a `$name`
 *   reference or a function call whose arguments are `*` or such items (`count(*)`, `max(t.n)`,
 *   `count(DISTINCT tag)`).
 *
 * Anything else (quotes, `;`, comments, operators, subqueries, `CASE`) needs `SQLLiteral('...')`, which
 * the developer writes, or an `SQLQuery` built with `reparam`.
 */

type Token =
  | { kind: 'name'; text: string; upper: string }
  | { kind: 'number' | 'var' | 'punct'; text: string };

// A name part: what checkIdentifier allows; `$` inside a name (MySQL) but not at its start (that is a var).
const NAME = /[\p{L}_][\p{L}\p{N}_$]*/uy;
const VAR = /\$[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /\d+/y;
const SPACE = /\s+/y;
const MAX_LENGTH = 2000;
const MAX_PARTS = 3; // catalog.schema.table.col is more than anyone passes through select()

/** Which `db.select` option a string is for. */
export type ClauseKind = 'what' | 'order' | 'group';

/** Refusal of a `what`/`order`/`group` string; the message says what was wrong and how to get around it. */
export class UnsafeClauseError extends Error {
  constructor(kind: ClauseKind, text: string, why: string) {
    super(
      `db.select: refused ${kind} ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)}: ${why}. ` +
        `A plain ${kind} string may hold only ${ALLOWED[kind]}; wrap SQL you wrote yourself in ` +
        'web.SQLLiteral(...) to pass it as it is, and never put request data in it',
    );
    this.name = 'UnsafeClauseError';
  }
}

const ALLOWED: Readonly<Record<ClauseKind, string>> = {
  order: 'column names (t.col), column positions, commas, ASC/DESC and NULLS FIRST/LAST',
  group: 'column names (t.col), column positions and commas',
  what:
    'column names (t.col, t.*), *, commas, DISTINCT, simple function calls such as count(*) or max(col), ' +
    'and AS alias',
};

// Words that end the select list and start another clause: never a column or an alias here.
const CLAUSE_WORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'ORDER',
  'HAVING',
  'LIMIT',
  'OFFSET',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'JOIN',
  'INTO',
  'ON',
  'AS',
  'FOR',
  'WINDOW',
  'RETURNING',
  'DISTINCT',
  'ALL',
  'AND',
  'OR',
  'NOT',
  'ASC',
  'DESC',
  'NULLS',
]);

function tokenize(kind: ClauseKind, text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(text);
    return m ? m[0] : undefined;
  };
  while (i < text.length) {
    const space = at(SPACE);
    if (space) {
      i += space.length;
      continue;
    }
    const ch = text[i] as string;
    if (ch === '$') {
      const v = at(VAR);
      if (!v)
        throw new UnsafeClauseError(kind, text, `"$" at position ${i} does not start a $name reference`);
      tokens.push({ kind: 'var', text: v });
      i += v.length;
      continue;
    }
    const name = at(NAME);
    if (name) {
      tokens.push({ kind: 'name', text: name, upper: name.toUpperCase() });
      i += name.length;
      continue;
    }
    const num = at(NUMBER);
    if (num) {
      // `2abc` would be two tokens glued together; refuse rather than guess.
      tokens.push({ kind: 'number', text: num });
      i += num.length;
      continue;
    }
    if (ch === ',' || ch === '(' || ch === ')' || ch === '*' || ch === '.') {
      tokens.push({ kind: 'punct', text: ch });
      i += 1;
      continue;
    }
    const what =
      ch === ';'
        ? 'a ";" (a second statement)'
        : ch === '-' && text[i + 1] === '-'
          ? 'a "--" comment'
          : ch === '/' && text[i + 1] === '*'
            ? 'a "/*" comment'
            : ch === "'" || ch === '"' || ch === '`'
              ? `a quote (${ch})`
              : `the character ${JSON.stringify(ch)}`;
    throw new UnsafeClauseError(kind, text, `${what} at position ${i}`);
  }
  return tokens;
}

class Parser {
  #i = 0;
  constructor(
    readonly kind: ClauseKind,
    readonly text: string,
    readonly tokens: Token[],
  ) {}

  fail(why: string): never {
    throw new UnsafeClauseError(this.kind, this.text, why);
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.#i + offset];
  }

  next(): Token | undefined {
    const t = this.tokens[this.#i];
    this.#i += 1;
    return t;
  }

  done(): boolean {
    return this.#i >= this.tokens.length;
  }

  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'punct' && t.text === text;
  }

  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'name' && t.upper === word;
  }

  describe(t: Token | undefined): string {
    return t ? JSON.stringify(t.text) : 'the end';
  }

  unexpected(): never {
    const t = this.peek();
    if (t?.kind === 'punct' && t.text === '(')
      this.fail('a parenthesis that is not a function call (a subquery?)');
    return this.fail(`unexpected ${this.describe(t)}`);
  }

  /** A column name `a`, `t.a`, `s.t.a`; with `star`, also `t.*`. Returns false if no name starts here. */
  qualifiedName(star: boolean): boolean {
    const first = this.peek();
    if (first?.kind !== 'name') return false;
    if (CLAUSE_WORDS.has(first.upper))
      this.fail(`the keyword ${first.text} where a column name was expected`);
    this.next();
    let parts = 1;
    while (this.isPunct('.')) {
      this.next();
      const t = this.next();
      if (star && t?.kind === 'punct' && t.text === '*') return true;
      if (t?.kind !== 'name') this.fail(`${this.describe(t)} after "." where a name was expected`);
      parts += 1;
      if (parts > MAX_PARTS + 1) this.fail('a name with too many "." parts');
    }
    return true;
  }

  list(item: () => void): void {
    if (this.done()) this.fail('it is empty');
    for (;;) {
      item();
      if (this.done()) return;
      if (!this.isPunct(',')) this.unexpected();
      this.next();
    }
  }

  orderItem = (): void => {
    const t = this.peek();
    if (t?.kind === 'number' || t?.kind === 'var') this.next();
    else if (!this.qualifiedName(false)) this.unexpected();
    if (this.isWord('ASC') || this.isWord('DESC')) this.next();
    if (this.isWord('NULLS')) {
      this.next();
      if (!(this.isWord('FIRST') || this.isWord('LAST'))) this.fail('NULLS not followed by FIRST or LAST');
      this.next();
    }
  };

  groupItem = (): void => {
    const t = this.peek();
    if (t?.kind === 'number' || t?.kind === 'var') this.next();
    else if (!this.qualifiedName(false)) this.unexpected();
  };

  /** `*`, `t.*`, a column, a `$name` or `f(args)`. */
  value(depth: number): void {
    const t = this.peek();
    if (t?.kind === 'punct' && t.text === '*') {
      this.next();
      return;
    }
    if (t?.kind === 'var') {
      this.next();
      return;
    }
    if (t?.kind === 'name' && this.isPunct('(', 1)) {
      if (CLAUSE_WORDS.has(t.upper)) this.fail(`the keyword ${t.text} used as a function`);
      if (depth > 3) this.fail('function calls nested too deeply');
      this.next();
      this.next();
      if (this.isPunct(')')) {
        this.next();
        return;
      }
      if (this.isWord('DISTINCT')) this.next();
      for (;;) {
        this.value(depth + 1);
        if (this.isPunct(')')) {
          this.next();
          return;
        }
        if (!this.isPunct(',')) this.unexpected();
        this.next();
      }
    }
    if (!this.qualifiedName(true)) this.unexpected();
  }

  whatItem = (): void => {
    const star = this.isPunct('*');
    this.value(0);
    if (star) return;
    if (this.isWord('AS')) this.next();
    else if (this.peek()?.kind !== 'name') return;
    const alias = this.next();
    if (alias?.kind !== 'name')
      this.fail(`${this.describe(alias)} after AS where an alias name was expected`);
    if (CLAUSE_WORDS.has(alias.upper)) this.fail(`the keyword ${alias.text} used as an alias`);
  };
}

/**
 * Checks a plain-string `what`, `order` or `group` option against the grammar above; throws
 * {@link UnsafeClauseError} naming the problem, or returns the text unchanged.
 */
export function checkClause(kind: ClauseKind, text: unknown): string {
  if (typeof text !== 'string') {
    throw new TypeError(
      `db.select: ${kind} must be a string, an SQLLiteral or an SQLQuery, got ${typeof text}`,
    );
  }
  if (text.length > MAX_LENGTH)
    throw new UnsafeClauseError(kind, text, `it is over ${MAX_LENGTH} characters`);
  const p = new Parser(kind, text, tokenize(kind, text));
  if (kind === 'order') p.list(p.orderItem);
  else if (kind === 'group') p.list(p.groupItem);
  else {
    if (p.isWord('DISTINCT')) p.next();
    p.list(p.whatItem);
  }
  return text;
}
