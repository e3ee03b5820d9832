/**
 * `web.template`: the Templetor engine in template/, with one web.py default restored: templates are
 * cached unless `web.config.debug` is on (then a changed file is recompiled on the next request).
 */
import { config } from './storage.js';
import * as engine from './template/index.js';

function render<Names extends string = string>(
  dir: string,
  options: engine.RenderOptions = {},
): engine.Render<Names> {
  return engine.render<Names>(dir, { debug: config.debug, ...options });
}

export const template = { ...engine, render };
