import { pathToRegexp } from 'path-to-regexp';

/**
 * Route patterns: web.py regular expressions, or path-to-regexp patterns with named parameters.
 * The router knows patterns and paths only; what a target means is the application's business.
 */

/**
 * The rule that tells the two pattern kinds apart: a pattern is a path-to-regexp pattern when a
 * path segment starts with `:` or `*` followed by a name (`/users/:id`, `/files/*path`,
 * `/:"quoted name"`). Everything else is a web.py regular expression. Write `\:` in a regular
 * expression to match a literal `/:x`.
 */
export function isParamPattern(pattern: string): boolean {
  return /(?:^|\/)[:*][A-Za-z_$"]/.test(pattern);
}

export interface CompiledPattern {
  regexp: RegExp;
  kind: 'regex' | 'params';
  /** First path segment every match must have, or undefined when it can vary. */
  firstSegment: string | undefined;
}

/** Compile one pattern, anchored at both ends. Throws a clear error for a bad or unsafe pattern. */
export function compilePattern(pattern: string): CompiledPattern {
  if (isParamPattern(pattern)) {
    if (/(?:^|[^\\])\((?!\?)/.test(pattern) || /[\^$|+[\]]/.test(pattern)) {
      throw new Error(
        `route pattern ${JSON.stringify(pattern)} mixes path-to-regexp parameters (:name, *name) with regular-expression syntax; use one kind, e.g. '/users/:id/:n' or as '/users/([^/]+)/(\\d+)'`,
      );
    }
    let regexp: RegExp;
    try {
      // Same rules as the regex kind: case-sensitive, and /a does not match /a/.
      regexp = pathToRegexp(pattern, { sensitive: true, trailing: false, end: true }).regexp;
    } catch (err) {
      throw new Error(
        `route pattern ${JSON.stringify(pattern)} is not a valid path-to-regexp pattern: ${(err as Error).message}`,
      );
    }
    return { regexp, kind: 'params', firstSegment: literalFirstSegment(pattern, false) };
  }
  const source = fromPython(pattern);
  checkBacktracking(pattern, source);
  let regexp: RegExp;
  try {
    regexp = new RegExp(`^(?:${source})$`);
  } catch (err) {
    throw new Error(
      `route pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(err as Error).message}`,
    );
  }
  return {
    regexp,
    kind: 'regex',
    firstSegment: hasTopLevelAlternation(source) ? undefined : literalFirstSegment(source, true),
  };
}

/** Translate the bits of Python's regex syntax that JavaScript spells differently. */
function fromPython(pattern: string): string {
  return pattern
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\Z$/, '')
    .replace(/^\\A/, '');
}

/**
 * The literal first path segment of a pattern (`/hello/(.*)` → `hello`, `/` → ``), when the pattern
 * can only match paths with that first segment; undefined otherwise. Lets the router skip every
 * route that cannot match, instead of trying each regular expression in turn.
 */
function literalFirstSegment(source: string, regex: boolean): string | undefined {
  const special = regex ? '.^$*+?()[]{}|\\' : ':*{}\\';
  if (source[0] !== '/') return undefined;
  let segment = '';
  for (let i = 1; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch === '/') {
      // In a regex `/hello/?x` the slash may vanish and `x` join the first segment.
      const next = source[i + 1] ?? '';
      if (regex && '?*{'.includes(next) && i + 2 < source.length) return undefined;
      return segment;
    }
    if (special.includes(ch)) return undefined;
    if (regex && '?*+{'.includes(source[i + 1] ?? '')) return undefined; // quantified char: length varies
    segment += ch;
  }
  return segment;
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * Reject patterns with nested unbounded quantifiers such as `(a+)+` or `(.*)*`, the shape behind
 * catastrophic backtracking, when the app is built rather than when a hostile URL arrives. Other
 * super-linear patterns are bounded by `max_url_length`.
 */
function checkBacktracking(pattern: string, source: string): void {
  const groupHasQuantifier: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      inClass = ch !== ']';
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') groupHasQuantifier.push(false);
    else if (ch === ')') {
      const inner = groupHasQuantifier.pop() ?? false;
      const unbounded = unboundedQuantifierAt(source, i + 1);
      if (inner && unbounded) {
        throw new Error(
          `route pattern ${JSON.stringify(pattern)} nests a repeated group inside a repetition, which can take exponential time on a hostile URL; rewrite it without the nested quantifier`,
        );
      }
      if (inner || unbounded) markQuantified(groupHasQuantifier);
    } else if (unboundedQuantifierAt(source, i)) markQuantified(groupHasQuantifier);
  }
}

function markQuantified(stack: boolean[]): void {
  if (stack.length > 0) stack[stack.length - 1] = true;
}

function unboundedQuantifierAt(source: string, i: number): boolean {
  const ch = source[i];
  if (ch === '*' || ch === '+') return true;
  return ch === '{' && /^\{\d*,\}/.test(source.slice(i));
}

/** A compiled route table with a first-segment index. */
export class Router<T> {
  readonly #byFirstSegment = new Map<string, Route<T>[]>();
  readonly #anySegment: Route<T>[];

  constructor(routes: Route<T>[]) {
    this.#anySegment = routes.filter((r) => r.firstSegment === undefined);
    const keys = new Set(routes.map((r) => r.firstSegment).filter((k): k is string => k !== undefined));
    for (const key of keys) {
      // Keep the original order: first match wins, as in web.py.
      this.#byFirstSegment.set(
        key,
        routes.filter((r) => r.firstSegment === key || r.firstSegment === undefined),
      );
    }
  }

  /** Routes that could match `path`, in the order they were listed. */
  candidates(path: string): Route<T>[] {
    const slash = path.indexOf('/', 1);
    const first = slash === -1 ? path.slice(1) : path.slice(1, slash);
    return this.#byFirstSegment.get(first) ?? this.#anySegment;
  }
}

/** One entry of the urls list. */
export interface Route<T> {
  pattern: string;
  target: T;
  /** For regex and params routes; a sub-application route matches by prefix instead. */
  regexp: RegExp | undefined;
  firstSegment: string | undefined;
}
