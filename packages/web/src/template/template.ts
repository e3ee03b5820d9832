/** Template: compiles Templetor text once into a JavaScript function (web.py's `web.template.Template`). */
import { basename, extname } from 'node:path';
import { pyclass } from '../util/pyclass.js';
import { BUILTINS } from './builtins.js';
import { generate } from './codegen.js';
import { ParseError, TemplateRuntimeFault } from './errors.js';
import { parseTemplate } from './parser.js';
import type { TemplateResult } from './result.js';
import { PYFUNC, rt } from './runtime.js';

/** Options of `Template(text, options)`. */
export interface TemplateOptions {
  /** Used in error messages and to pick escaping and content type by extension. Default `'<template>'`. */
  filename?: string;
  /** Extra names visible to the template (web.py: `globals=`). Looked up live, so later additions are seen. */
  globals?: Record<string, unknown>;
  /**
   * HTML-escape `$expr` output. Default: true for .html/.htm/.xhtml/.xml files and for templates made from
   * a string without a filename; false for other extensions (.txt, none) — like web.py, except the string case.
   */
  escape?: boolean;
  /**
   * Replaces the builtin names (web.py: `builtins=`): `{}` leaves none, `{ ...TEMPLATE_BUILTINS, sum }`
   * extends them. `True`, `False` and `None` are words of the language and always there.
   */
  builtins?: Record<string, unknown>;
  /**
   * Most iterations one `$while` loop may run before rendering stops with a TemplateError (web.py has no
   * limit: a runaway loop hangs the worker). Default 1,000,000; `Infinity` turns the check off.
   */
  loopLimit?: number;
}

/** Default of `TemplateOptions.loopLimit`. */
export const DEFAULT_LOOP_LIMIT = 1_000_000;

/** A compiled template: call it with the `$def with` arguments to get a TemplateResult. */
export interface Template {
  (...args: unknown[]): TemplateResult;
  readonly filename: string;
  /** Media type from the extension (.html → 'text/html; charset=utf-8'), or undefined. */
  readonly contentType: string | undefined;
  /** The generated JavaScript, for debugging. */
  readonly code: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.txt': 'text/plain',
};

const ESCAPED = new Set(['.html', '.htm', '.xhtml', '.xml']);

/** Content type web.py would send for a template file name (undefined when it would send none). */
export function contentTypeFor(filename: string): string | undefined {
  return CONTENT_TYPES[extname(filename).toLowerCase()];
}

/** Names shared by every template (web.py: `Template.globals`, a class-level dict). */
const sharedGlobals: Record<string, unknown> = Object.create(null);

type Factory = (
  $: typeof rt,
  $G: (name: string) => unknown,
  $F: string,
  $CT: string | undefined,
  $L: number,
) => (...args: unknown[]) => TemplateResult;

function lookup(
  globals: Record<string, unknown> | undefined,
  builtins: Record<string, unknown> | undefined,
): (name: string) => unknown {
  return (name) => {
    if (globals && Object.hasOwn(globals, name)) return globals[name];
    if (Object.hasOwn(sharedGlobals, name)) return sharedGlobals[name];
    if (builtins) {
      if (Object.hasOwn(builtins, name)) return builtins[name];
    } else if (BUILTINS.has(name)) return BUILTINS.get(name);
    throw new TemplateRuntimeFault('NameError', `name '${name}' is not defined`);
  };
}

class TemplateImpl {
  static readonly globals = sharedGlobals;

  constructor(text: string, options: TemplateOptions = {}) {
    if (typeof text !== 'string') throw new TypeError('Template(text): text must be a string');
    const filename = options.filename ?? '<template>';
    const ext = extname(filename).toLowerCase();
    const escaping = options.escape ?? (options.filename === undefined || ESCAPED.has(ext));
    const contentType = contentTypeFor(filename);
    const name =
      options.filename === undefined ? 'template' : basename(filename, extname(filename)) || 'template';
    let code: string;
    try {
      code = generate(parseTemplate(text, filename), { filename, name, escape: escaping });
    } catch (e) {
      // Pathological nesting (thousands of brackets, blocks or operators) exhausts the stack.
      if (e instanceof RangeError)
        throw new ParseError('template is nested too deeply', { filename, lineno: 1 });
      throw e;
    }
    // The code is ours (user text only ever appears inside JSON string literals); it runs without `eval` of data.
    const limit = options.loopLimit ?? DEFAULT_LOOP_LIMIT;
    if (!(limit >= 0)) throw new TypeError('Template: loopLimit must be a number >= 0');
    const factory = new Function('$', '$G', '$F', '$CT', '$L', code) as Factory;
    const run = factory(rt, lookup(options.globals, options.builtins), filename, contentType, limit);
    const fn = function template(...args: unknown[]): TemplateResult {
      return run(...args);
    };
    Object.defineProperties(fn, {
      filename: { value: filename, enumerable: true },
      contentType: { value: contentType, enumerable: true },
      code: { value: code },
      [PYFUNC]: { value: true },
    });
    Object.setPrototypeOf(fn, new.target.prototype);
    // biome-ignore lint/correctness/noConstructorReturn: a template is a callable object, as in web.py
    return fn as unknown as TemplateImpl;
  }

  toString(): string {
    return `<Template ${(this as unknown as Template).filename}>`;
  }
}
Object.setPrototypeOf(TemplateImpl.prototype, Function.prototype);

/** `Template(text, { filename, globals, escape })`, with or without `new` (web.py: `web.template.Template`). */
export interface TemplateConstructor {
  new (text: string, options?: TemplateOptions): Template;
  (text: string, options?: TemplateOptions): Template;
  /** Globals shared by all templates (web.py: `Template.globals`). */
  readonly globals: Record<string, unknown>;
}

/** Compiles template text (web.py: `web.template.Template`); callable with or without `new`. */
export const Template = pyclass(TemplateImpl) as unknown as TemplateConstructor;
