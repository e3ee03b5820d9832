/** Where in a template something happened (1-based line and column). */
export interface TemplateLocation {
  filename: string;
  lineno: number;
  column?: number | undefined;
}

function where(loc: TemplateLocation): string {
  return loc.column === undefined
    ? `${loc.filename}, line ${loc.lineno}`
    : `${loc.filename}, line ${loc.lineno}, column ${loc.column}`;
}

/** Base class of every template error; carries the template file and line (web.py has none, it raises plain Python errors). */
export class TemplateError extends Error {
  override name = 'TemplateError';
  readonly filename: string;
  readonly lineno: number;
  readonly column: number | undefined;
  constructor(message: string, loc: TemplateLocation, options?: { cause?: unknown }) {
    super(`${message} (${where(loc)})`, options);
    this.filename = loc.filename;
    this.lineno = loc.lineno;
    this.column = loc.column;
  }
}

/** The template text is not valid Templetor, or uses a construct this engine does not support (web.py: `ParseError` / `SyntaxError`). */
export class ParseError extends TemplateError {
  override name = 'ParseError';
}

/** The template tried to reach something the sandbox forbids (web.py: `SecurityError`). */
export class SecurityError extends TemplateError {
  override name = 'SecurityError';
}

/** `render.x` found no template `x` in the folder (web.py raises `AttributeError: No template named x`). */
export class TemplateNotFoundError extends Error {
  override name = 'TemplateNotFoundError';
  readonly template: string;
  readonly dir: string;
  constructor(template: string, dir: string, reason?: string) {
    super(
      reason && template === ''
        ? `${reason}: ${dir}`
        : reason
          ? `${reason}: ${JSON.stringify(template)} in ${dir}`
          : `No template named ${JSON.stringify(template)} in ${dir}`,
    );
    this.template = template;
    this.dir = dir;
  }
}

/** An error raised by the template runtime itself (unknown name, bad unpacking, …) before it gets a location. */
export class TemplateRuntimeFault extends Error {
  override name = 'TemplateRuntimeFault';
  readonly kind:
    | 'NameError'
    | 'TypeError'
    | 'ValueError'
    | 'SecurityError'
    | 'KeyError'
    | 'IndexError'
    | 'RuntimeError'
    | 'UnboundLocalError'
    | 'AttributeError';
  constructor(kind: TemplateRuntimeFault['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}
