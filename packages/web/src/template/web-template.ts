/**
 * `web.template`: the Templetor engine in template/, with web.py's tie to `web.config.debug` restored:
 * with debug on, templates are not cached (a changed file is recompiled on the next request), and every
 * template is compiled when `render()` is called, so a syntax error shows at start-up.
 */
import { config } from '../core/config.js';
import * as engine from './index.js';

function render<Names extends string = string>(
  dir: string,
  options: engine.RenderOptions = {},
): engine.Render<Names> {
  return engine.render<Names>(dir, { debug: config.debug, preload: config.debug, ...options });
}

export const template = { ...engine, render, Render: render };
