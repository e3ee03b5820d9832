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

/**
 * Keys that lead from a value to its constructor, its prototype chain or its caller (and so to `Function`
 * and to objects shared by the whole process). `__*` covers `__proto__`, `__defineGetter__`, `__lookupSetter__`.
 */
const DENIED_KEYS = new Set(['constructor', 'prototype', 'caller', 'callee', 'arguments']);

/**
 * The sandbox's key rule: true when `key` — already converted to a property key, as JavaScript would
 * convert it — is not a plain data key. Every computed read, write and call a template makes checks it.
 */
export function isForbiddenKey(key: string): boolean {
  return key.startsWith('__') || DENIED_KEYS.has(key);
}

/** Methods of functions that would call them with a chosen `this` or make new functions; refused on functions. */
export const FUNCTION_METHODS: ReadonlySet<string> = new Set(['call', 'apply', 'bind']);

/** web.py's attribute rule (`_`, `func_`, `im_` prefixes), on top of the key rule. */
export function isForbiddenAttr(name: string): boolean {
  return isForbiddenKey(name) || name.startsWith('_') || name.startsWith('func_') || name.startsWith('im_');
}

/** True when `name` may not be a variable, parameter or keyword-argument name (web.py allows `_`, `_x`). */
export function isForbiddenName(name: string): boolean {
  return isForbiddenKey(name);
}
