/** The words and names the expression parser treats specially, and the sandbox's name rules. */

/** Constant words of both languages and their values. */
export const LITERALS: Record<string, string | number | boolean | null | undefined> = {
  True: true,
  False: false,
  None: null,
  true: true,
  false: false,
  null: null,
  undefined: undefined,
};

/** Words that are never a variable name in a template expression. */
export const RESERVED = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'if',
  'else',
  'elif',
  'for',
  'while',
  'lambda',
  'new',
  'this',
  'class',
  'function',
  'var',
  'let',
  'const',
  'return',
  'yield',
  'await',
  'async',
  'delete',
  'void',
  'typeof',
  'instanceof',
  'import',
  'export',
  'super',
  'with',
  'try',
  'except',
  'finally',
  'raise',
  'throw',
  'catch',
  'global',
  'nonlocal',
  'del',
  'assert',
  'from',
  'as',
  'pass',
  'break',
  'continue',
  'def',
  'switch',
  'case',
  'default',
  'do',
  'debugger',
  'eval',
]);

/** Attribute names that lead from a value to its constructor / prototype chain (and so to Function). */
const FORBIDDEN_ATTRS = new Set(['constructor', 'prototype', 'caller', 'callee', 'arguments']);

/** True when `name` may not be read as an attribute or variable from a template. */
export function isForbiddenName(name: string): boolean {
  return name.startsWith('_') || FORBIDDEN_ATTRS.has(name);
}

/** True when `key` may not be used as a subscript (`x[key]`); `_id`-style data keys stay usable. */
export function isForbiddenKey(key: string): boolean {
  return key.startsWith('__') || FORBIDDEN_ATTRS.has(key);
}
