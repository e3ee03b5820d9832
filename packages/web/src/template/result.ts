/** TemplateResult: what calling a template returns (web.py's `TemplateResult`). */

const PARTS = Symbol('parts');
const BODY = Symbol('body');
const SAFE = Symbol('safe');

/**
 * The output of a template call. `String(r)` / `r.toString()` is the page; every `$var` the template set
 * is an own property (`r.title`); `r.contentType` is the media type implied by the file extension
 * (web.py sets it as a response header, webts leaves that to the caller).
 */
export class TemplateResult {
  declare contentType: string | undefined;
  declare [PARTS]: string[];
  declare [BODY]: string;
  declare [SAFE]: Set<string>;
  [name: string]: unknown;

  constructor(contentType?: string) {
    Object.defineProperty(this, 'contentType', {
      value: contentType,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    Object.defineProperty(this, PARTS, { value: [], writable: true, enumerable: false });
    Object.defineProperty(this, BODY, { value: '', writable: true, enumerable: false });
    Object.defineProperty(this, SAFE, { value: new Set(), enumerable: false });
  }

  /** The rendered text (web.py: `str(result)`). */
  toString(): string {
    const parts = this[PARTS];
    if (parts.length) {
      this[BODY] += parts.join('');
      this[PARTS] = [];
    }
    return this[BODY];
  }

  /** JSON form: the `$var` values plus `body`, so a result can be logged or returned as data. */
  toJSON(): Record<string, unknown> {
    return { ...this, body: this.toString() };
  }
}

/**
 * `Symbol.for('webts.template.result')` is true on every TemplateResult, so the web core can recognise a
 * result returned by a handler without importing this module.
 */
export const RESULT_BRAND: unique symbol = Symbol.for('webts.template.result') as never;
Object.defineProperty(TemplateResult.prototype, RESULT_BRAND, { value: true });

/** Appends output pieces (generated code calls this for every line). */
export function appendOutput(r: TemplateResult, text: string): void {
  r[PARTS].push(text);
}

/** Sets a `$var`; `escaped` records that the text was already HTML-escaped when it was built. */
export function setVar(r: TemplateResult, name: string, value: unknown, escaped: boolean): void {
  r[name] = value;
  if (escaped) r[SAFE].add(name);
  else r[SAFE].delete(name);
}

/** True when `r[name]` is `$var name: text` output that was escaped already (so `$content.title` must not escape it again). */
export function isEscapedVar(r: unknown, name: string): boolean {
  return r instanceof TemplateResult && r[SAFE].has(name) && typeof r[name] === 'string';
}
