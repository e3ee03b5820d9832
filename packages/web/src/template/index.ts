/**
 * `web.template`: Templetor for webts. Standalone — it imports nothing from the web core, which exposes
 * it lazily as `web.template`.
 */

export { TEMPLATE_BUILTINS } from './builtins.js';
export { ParseError, SecurityError, TemplateError, TemplateNotFoundError } from './errors.js';
export {
  frender,
  type RenderEntry,
  type RenderKeywords,
  type RenderMembers,
  type RenderOptions,
  render,
  type TemplateFunction,
} from './render.js';
export { TemplateResult } from './result.js';
export { escapeHtml, Kwargs, kwargs } from './runtime.js';
export { Template, type TemplateConstructor, type TemplateOptions } from './template.js';

import { type Render as RenderFunction, render } from './render.js';

/** web.py `web.template.Render`, the class `render` is an alias of: the same function here. */
export const Render = render;
/** What `render(dir)` returns: a template per file, by name. */
export type Render<Names extends string = string> = RenderFunction<Names>;
