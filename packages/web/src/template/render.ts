/** `render(dir)` and `frender(file)`: templates loaded from disk (web.py's `web.template.render` / `frender`). */
import { readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { TemplateNotFoundError } from './errors.js';
import type { TemplateResult } from './result.js';
import { PYFUNC } from './runtime.js';
import { Template, type TemplateOptions } from './template.js';

/** A loaded template as `render` hands it out (wrapped in the layout when `base` is set). */
export type TemplateFunction = (...args: unknown[]) => TemplateResult;

/** What `render.name` gives: a template function, or a nested renderer for a sub-folder. */
export type RenderEntry = TemplateFunction & Render;

/** web.py's `render._keywords`: what `render` passes on to each template; `globals` is read live. */
export interface RenderKeywords {
  globals: Record<string, unknown>;
  builtins?: Record<string, unknown>;
  escape?: boolean;
  loopLimit?: number;
}

/** The two web.py members of a renderer that are not template names. */
export interface RenderMembers {
  /** web.py's `render._keywords` (`render._keywords.globals.render = render` gives templates the renderer). */
  readonly _keywords: RenderKeywords;
  /** web.py's `render._add_global(obj, name)`: adds a global for every template of this renderer. */
  _add_global(obj: unknown, name?: string): void;
}

/** A folder of templates: `render.index(...)`, `render.blog.view(...)`. Pass a name union for exact types. */
export type Render<Names extends string = string> = { readonly [K in Names]: RenderEntry } & RenderMembers;

/** Options of `render(dir, options)`. */
export interface RenderOptions {
  /** Layout template name in `dir` (or a function); every page result is passed to it (`$:content`). */
  base?: string | ((page: TemplateResult) => TemplateResult) | null;
  /** Extra names visible to every template (web.py: `globals=`). */
  globals?: Record<string, unknown>;
  /** false: check each file's mtime on every lookup and recompile when it changed. Default true. */
  cache?: boolean;
  /** Development mode: when `cache` is not given, `debug: true` means `cache: false` (web.py ties caching to `web.config.debug`). */
  debug?: boolean;
  /** Force escaping on or off for every template (default: by extension, as web.py). */
  escape?: boolean;
  /** Replaces the builtin names of these templates (see `TemplateOptions.builtins`). */
  builtins?: Record<string, unknown>;
  /** Most iterations of one `$while` loop in these templates (see `TemplateOptions.loopLimit`). */
  loopLimit?: number;
  /**
   * Compile every template of the folder (and its sub-folders) now, so a syntax error or a missing folder
   * is an error where `render()` is called (at start-up), with the file and line, not at the first request
   * that needs the page. `web.template.render` turns it on when `web.config.debug` is.
   */
  preload?: boolean;
}

interface Loaded {
  kind: 'file' | 'dir';
  path: string;
  stamp: string;
  value: TemplateFunction | Render;
  raw?: TemplateFunction;
}

const stampOf = (st: Stats): string => `${st.mtimeMs}:${st.size}:${st.ino}`;

/** Template names are single path segments: no separators, no NUL, no leading dot (so no `..`). */
function checkName(name: string, dir: string): void {
  if (name === '' || name.length > 255 || /[/\\\0]/.test(name) || name.startsWith('.') || isAbsolute(name)) {
    throw new TemplateNotFoundError(name, dir, 'Invalid template name');
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

class Renderer {
  readonly dir: string;
  readonly options: RenderOptions;
  readonly base: ((page: TemplateResult) => TemplateResult) | null;
  readonly #baseName: string | null;
  readonly #entries = new Map<string, Loaded>();
  readonly #caching: boolean;
  /** The globals every template here sees; `render._keywords.globals`, shared with sub-folders. */
  readonly globals: Record<string, unknown>;
  /** web.py's `render._keywords`: the options passed on to each template. */
  readonly keywords: RenderKeywords;

  constructor(dir: string, options: RenderOptions, base: ((page: TemplateResult) => TemplateResult) | null) {
    this.dir = resolve(dir);
    this.globals = options.globals ?? {};
    this.options = { ...options, globals: this.globals };
    this.keywords = { globals: this.globals };
    if (options.builtins !== undefined) this.keywords.builtins = options.builtins;
    if (options.escape !== undefined) this.keywords.escape = options.escape;
    if (options.loopLimit !== undefined) this.keywords.loopLimit = options.loopLimit;
    this.#caching = options.cache ?? !options.debug;
    if (typeof options.base === 'string') {
      const name = options.base;
      checkName(name, this.dir);
      this.#baseName = name;
      this.base = (page) => {
        const layout = this.#load(name).raw as TemplateFunction;
        const r = layout(page);
        if (r.contentType === undefined) r.contentType = page.contentType;
        return r;
      };
    } else {
      this.#baseName = null;
      this.base = base ?? (typeof options.base === 'function' ? options.base : null);
    }
    if (options.preload) this.#preload();
    else if (base === null && !statOrNull(this.dir)?.isDirectory()) {
      // Said once, where the app starts, rather than as a 500 at the first page that needs a template.
      process.emitWarning(`web.template.render: the template folder ${this.dir} does not exist`, {
        code: 'WEBTS_NO_TEMPLATES',
      });
    }
  }

  /** Load every template name the folder has (sub-folders preload themselves, as they are made). */
  #preload(): void {
    let files: string[];
    try {
      files = readdirSync(this.dir);
    } catch {
      throw new TemplateNotFoundError('', this.dir, 'The template folder does not exist or is not readable');
    }
    const names = new Set<string>();
    for (const f of files) {
      if (f.startsWith('.') || f.endsWith('~')) continue;
      names.add(f.split('.')[0] as string);
    }
    for (const name of [...names].sort()) this.#load(name);
  }

  /** Finds `name` in the folder: a sub-folder, else `name.*` (sorted, `*~` skipped), else a file named exactly `name`. */
  #find(name: string): { kind: 'file' | 'dir'; path: string; st: Stats } | null {
    const path = join(this.dir, name);
    if (!path.startsWith(this.dir + sep)) return null;
    const st = statOrNull(path);
    if (st?.isDirectory()) return { kind: 'dir', path, st };
    let files: string[];
    try {
      files = readdirSync(this.dir);
    } catch {
      throw new TemplateNotFoundError(name, this.dir, 'Template folder is not readable');
    }
    const matches = files.filter((f) => f.startsWith(`${name}.`) && !f.endsWith('~')).sort();
    for (const f of matches) {
      const p = join(this.dir, f);
      const s = statOrNull(p);
      if (s?.isFile()) return { kind: 'file', path: p, st: s };
    }
    if (st?.isFile()) return { kind: 'file', path, st };
    return null;
  }

  #load(name: string): Loaded {
    checkName(name, this.dir);
    const cached = this.#entries.get(name);
    if (cached && this.#caching) return cached;
    const found = this.#find(name);
    if (!found) {
      this.#entries.delete(name);
      throw new TemplateNotFoundError(name, this.dir);
    }
    const stamp = stampOf(found.st);
    if (cached && cached.path === found.path && cached.stamp === stamp) return cached;
    let entry: Loaded;
    if (found.kind === 'dir') {
      entry = {
        kind: 'dir',
        path: found.path,
        stamp,
        value: makeRender(new Renderer(found.path, { ...this.options, base: null }, this.base)),
      };
    } else {
      const text = readFileSync(found.path, 'utf8');
      const opts: TemplateOptions = { filename: found.path };
      opts.globals = this.globals;
      if (this.options.builtins) opts.builtins = this.options.builtins;
      if (this.options.escape !== undefined) opts.escape = this.options.escape;
      if (this.options.loopLimit !== undefined) opts.loopLimit = this.options.loopLimit;
      const t = Template(text, opts);
      const base = name === this.#baseName ? null : this.base;
      const value: TemplateFunction = base ? (...args) => base(t(...args)) : (...args) => t(...args);
      Object.defineProperty(value, PYFUNC, { value: true });
      Object.defineProperty(value, 'name', { value: name });
      entry = { kind: 'file', path: found.path, stamp, value, raw: t };
    }
    this.#entries.set(name, entry);
    return entry;
  }

  get(name: string): RenderEntry {
    return this.#load(name).value as RenderEntry;
  }
}

function makeRender(r: Renderer): Render {
  return new Proxy(Object.create(null) as Render, {
    get(_t, prop) {
      // Symbols and `then` are probes from the runtime (inspect, await), never template names.
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      if (prop === '_keywords') return r.keywords;
      if (prop === '_add_global') {
        return (obj: unknown, name?: string) => {
          const n = name ?? (obj as { name?: unknown } | null)?.name;
          if (typeof n !== 'string' || n === '')
            throw new TypeError('_add_global(obj, name): name is required');
          r.globals[n] = obj;
        };
      }
      return r.get(prop);
    },
    has(_t, prop) {
      if (typeof prop === 'symbol') return false;
      try {
        r.get(prop);
        return true;
      } catch {
        return false;
      }
    },
    set() {
      return false;
    },
  });
}

/** `render(dir, { base, globals, cache, escape })`: the folder's templates as properties (web.py: `web.template.render`). */
export function render<Names extends string = string>(
  dir: string,
  options: RenderOptions = {},
): Render<Names> {
  if (typeof dir !== 'string' || dir.includes('\0'))
    throw new TypeError('render(dir): dir must be a path string');
  return makeRender(new Renderer(dir, options, null)) as Render<Names>;
}

/** Loads one template file (web.py: `web.template.frender`). */
export function frender(path: string, options: Omit<TemplateOptions, 'filename'> = {}): Template {
  if (typeof path !== 'string' || path.includes('\0'))
    throw new TypeError('frender(path): path must be a file path');
  return Template(readFileSync(path, 'utf8'), { ...options, filename: path });
}
