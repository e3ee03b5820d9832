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
  /** Leading path segments every match must have (`/app/users/(\d+)` → `['app', 'users']`); [] when none. */
  segments: string[];
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
    return { regexp, kind: 'params', segments: literalSegments(pattern, false) };
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
    segments: hasTopLevelAlternation(source) ? [] : literalSegments(source, true),
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
 * The literal leading path segments of a pattern (`/app/users/(\d+)` → `['app', 'users']`, `/` → `['']`):
 * every path the pattern matches starts with them. Lets the router skip every route that cannot match,
 * instead of trying each regular expression in turn. [] when even the first segment can vary.
 */
function literalSegments(source: string, regex: boolean): string[] {
  const special = regex ? '.^$*+?()[]{}|\\' : ':*{}\\';
  const segments: string[] = [];
  if (source[0] !== '/') return segments;
  let segment = '';
  for (let i = 1; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch === '/') {
      segments.push(segment);
      // In a regex `/hello/?x` the slash may vanish and `x` join the segment: stop before it.
      const next = source[i + 1];
      if (regex && next !== undefined && '?*{'.includes(next)) {
        return i + 2 < source.length ? segments.slice(0, -1) : segments;
      }
      segment = '';
      continue;
    }
    if (special.includes(ch)) return segments;
    const after = source[i + 1];
    if (regex && after !== undefined && '?*+{'.includes(after)) return segments; // quantified char: length varies
    segment += ch;
  }
  segments.push(segment);
  return segments;
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

/** A node of the route index: one literal path segment. */
interface IndexNode<T> {
  children: Map<string, IndexNode<T>>;
  /** Routes that can match a path reaching this node: its own and its ancestors', in urls order. */
  routes: Route<T>[];
}

/**
 * A compiled route table with an index by literal leading segments (a trie), so a request only tries
 * the routes that can match its path, in the order they were listed (first match wins, as in web.py).
 */
export class Router<T> {
  readonly #root: IndexNode<T>;

  constructor(routes: Route<T>[]) {
    type Build = { children: Map<string, Build>; own: Route<T>[] };
    const top: Build = { children: new Map(), own: [] };
    for (const route of routes) {
      let node = top;
      for (const segment of route.segments) {
        let child = node.children.get(segment);
        if (child === undefined) {
          child = { children: new Map(), own: [] };
          node.children.set(segment, child);
        }
        node = child;
      }
      node.own.push(route);
    }
    const order = new Map(routes.map((r, i) => [r, i]));
    const freeze = (node: Build, inherited: Route<T>[]): IndexNode<T> => {
      const mine = [...inherited, ...node.own].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
      const children = new Map<string, IndexNode<T>>();
      for (const [key, child] of node.children) children.set(key, freeze(child, mine));
      return { children, routes: mine };
    };
    this.#root = freeze(top, []);
  }

  /** Routes that could match `path`, in the order they were listed. */
  candidates(path: string): Route<T>[] {
    let node = this.#root;
    let start = 1;
    while (node.children.size > 0) {
      const slash = path.indexOf('/', start);
      const child = node.children.get(slash === -1 ? path.slice(start) : path.slice(start, slash));
      if (child === undefined) break;
      node = child;
      if (slash === -1) break;
      start = slash + 1;
    }
    return node.routes;
  }
}

/** One entry of the urls list. */
export interface Route<T> {
  pattern: string;
  target: T;
  /** For regex and params routes; a sub-application route matches by prefix instead. */
  regexp: RegExp | undefined;
  /** Literal leading segments (see compilePattern); [] for routes that must always be tried. */
  segments: string[];
}
