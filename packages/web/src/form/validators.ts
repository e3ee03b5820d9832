import { truthy } from './html.js';

/** What a form-level validator receives: the submitted fields by name (web.py's Storage). */
export type Source = Readonly<Record<string, unknown>>;

/**
 * web.py `form.Validator(msg, test)`: `test(value)` decides, `msg` becomes the note when it fails.
 * A test that throws counts as a failure, exactly as in web.py, so `(v: string) => v.length > 3`
 * is safe even when the field was not sent at all.
 */
export class Validator<T = Source> {
  /** The note shown next to the field (or the form) when the test fails. */
  msg: string;
  // Stored without T so that Validator<A> and Validator<B> stay interchangeable: a test written
  // for strings can sit next to notnull, and an unannotated test still gets a useful parameter type.
  readonly #test: (value: never) => unknown;

  constructor(msg: string, test: (value: T) => unknown) {
    if (typeof test !== 'function') throw new TypeError('form.Validator(msg, test): test must be a function');
    this.msg = msg;
    this.#test = test as (value: never) => unknown;
  }

  /** True when `value` passes; web.py `Validator.valid`. */
  valid(value: T): boolean {
    let result: unknown;
    try {
      result = this.#test(value as never);
    } catch {
      return false;
    }
    // A promise is truthy, so an async test would pass everything: refuse it loudly instead.
    if (
      result !== null &&
      typeof result === 'object' &&
      typeof (result as { then?: unknown }).then === 'function'
    ) {
      throw new TypeError(
        `form.Validator(${JSON.stringify(this.msg)}): the test returned a promise; tests must be synchronous`,
      );
    }
    return truthy(result);
  }
}

/** web.py `form.notnull`: fails on a missing or empty value (Python truthiness), note `Required`. */
export const notnull: Validator<unknown> = new Validator<unknown>('Required', truthy);

/**
 * web.py `form.regexp(rexp, msg)`: the value must match `rexp` at its start (Python `re.match`,
 * not a search). Values that are not strings (missing, repeated) fail instead of raising.
 */
export class regexp extends Validator<unknown> {
  /** The compiled pattern, sticky so it is tried at position 0 only. */
  readonly rexp: RegExp;

  constructor(rexp: string | RegExp, msg: string) {
    const compiled = compilePattern(rexp);
    super(msg, (value) => {
      if (typeof value !== 'string') return false;
      compiled.lastIndex = 0;
      return compiled.test(value);
    });
    this.rexp = compiled;
  }
}

/**
 * Compile a Python-style pattern for JavaScript: a leading `(?ims)` becomes flags, `(?P<name>…)`,
 * `(?P=name)`, `\A` and `\Z` become their JavaScript spellings. Anything else is JavaScript syntax.
 */
export function compilePattern(rexp: string | RegExp): RegExp {
  if (rexp instanceof RegExp) return new RegExp(rexp.source, `${rexp.flags.replace(/[gy]/g, '')}y`);
  let source = rexp;
  let flags = '';
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (inline) {
    for (const f of inline[1] ?? '') {
      if (f === 'i' || f === 'm' || f === 's') flags += flags.includes(f) ? '' : f;
      else if (f !== 'u' && f !== 'a' && f !== 'L') {
        throw new SyntaxError(
          `form.regexp: inline flag (?${f}) has no JavaScript equivalent in ${JSON.stringify(rexp)}`,
        );
      }
    }
    source = source.slice(inline[0].length);
  }
  source = translate(source);
  // Unicode mode counts code points like Python, but rejects some escapes Python allows; fall back.
  try {
    return new RegExp(source, `${flags}uy`);
  } catch {
    return new RegExp(source, `${flags}y`);
  }
}

function translate(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?![\\s\\S])';
      else out += c + next;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    if (source.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    const backref = /^\(\?P=(\w+)\)/.exec(source.slice(i, i + 64));
    if (backref) {
      out += `\\k<${backref[1]}>`;
      i += backref[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}
