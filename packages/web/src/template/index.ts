/**
 * `web.template`: Templetor for webts. Standalone — it imports nothing from the web core, which exposes
 * it lazily as `web.template`.
 */

export { TEMPLATE_BUILTINS } from './builtins.js';
export { ParseError, SecurityError, TemplateError, TemplateNotFoundError } from './errors.js';
export {
  frender,
  type Render,
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
