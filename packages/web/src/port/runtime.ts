/**
 * The small Python-semantics helpers a ported file may need (truthiness, `%` formatting, `str()`,
 * `int()`, `in`, `len`, …). Each is TypeScript source, written into the ported file only when the
 * translation uses it, so a port has no runtime dependency besides webts.
 */

interface Helper {
  needs: string[];
  source: string;
}

const HELPERS: Record<string, Helper> = {
  pyBool: {
    needs: [],
    source: `/** Python truthiness: empty lists, dicts, sets and strings, 0 and None are false. */
function pyBool(x: unknown): boolean {
  if (Array.isArray(x) || typeof x === 'string') return x.length > 0;
  if (x instanceof Map || x instanceof Set) return x.size > 0;
  if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype)
    return Object.keys(x).length > 0;
  return Boolean(x);
}`,
  },
  pyRepr: {
    needs: ['pyStr'],
    source: `/** Python repr(). */
function pyRepr(x: unknown): string {
  if (typeof x === 'string') {
    const q = x.includes("'") && !x.includes('"') ? '"' : "'";
    const body = x.replace(/\\\\/g, '\\\\\\\\').replace(/\\n/g, '\\\\n').replace(/\\t/g, '\\\\t').replace(/\\r/g, '\\\\r');
    return q + (q === "'" ? body.replace(/'/g, "\\\\'") : body) + q;
  }
  return pyStr(x);
}`,
  },
  pyStr: {
    needs: ['pyRepr'],
    source: `/** Python str(): None, True and False as Python writes them, lists and dicts as their repr. */
function pyStr(x: unknown): string {
  if (x === null || x === undefined) return 'None';
  if (x === true) return 'True';
  if (x === false) return 'False';
  if (typeof x === 'string') return x;
  if (typeof x === 'number') return Number.isFinite(x) ? String(x) : Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (Array.isArray(x)) return '[' + x.map(pyRepr).join(', ') + ']';
  if (x instanceof Error) return x.message;
  if (typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype)
    return '{' + Object.entries(x).map(([k, v]) => pyRepr(k) + ': ' + pyRepr(v)).join(', ') + '}';
  return String(x);
}`,
  },
  pyInt: {
    needs: [],
    source: `/** Python int(): a whole number from a number or a decimal string, else a ValueError (RangeError). */
function pyInt(x: unknown): number {
  if (typeof x === 'number') return Math.trunc(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  const text = String(x).trim().replace(/_/g, '');
  if (!/^[+-]?\\d+$/.test(text)) throw new RangeError("invalid literal for int() with base 10: '" + String(x) + "'");
  return Number(text);
}`,
  },
  pyFloat: {
    needs: [],
    source: `/** Python float(): a number from a number or a numeric string, else a ValueError (RangeError). */
function pyFloat(x: unknown): number {
  if (typeof x === 'number') return x;
  const text = String(x).trim();
  if (!/^[+-]?(\\d+\\.?\\d*(e[+-]?\\d+)?|\\.\\d+(e[+-]?\\d+)?|inf|infinity|nan)$/i.test(text))
    throw new RangeError('could not convert string to float: ' + String(x));
  const lower = text.toLowerCase().replace(/^\\+/, '');
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return lower.endsWith('nan') ? Number.NaN : Number(text);
}`,
  },
  pyLen: {
    needs: [],
    source: `/** Python len(). */
function pyLen(x: unknown): number {
  if (typeof x === 'string') return [...x].length;
  if (Array.isArray(x)) return x.length;
  if (ArrayBuffer.isView(x)) return x.byteLength;
  if (x instanceof Map || x instanceof Set) return x.size;
  if (x !== null && typeof x === 'object') return Object.keys(x).length;
  throw new TypeError('object has no len()');
}`,
  },
  pyIn: {
    needs: [],
    source: `/** Python \`item in container\`. */
function pyIn(item: unknown, container: unknown): boolean {
  if (typeof container === 'string') return container.includes(String(item));
  if (Array.isArray(container)) return container.includes(item);
  if (container instanceof Map || container instanceof Set) return container.has(item);
  if (container !== null && typeof container === 'object') return Object.hasOwn(container, String(item));
  throw new TypeError('argument is not iterable');
}`,
  },
  pyItem: {
    needs: [],
    source: `/** Python \`x[i]\` where a missing item must raise (IndexError, KeyError: a RangeError here). */
function pyItem(x: any, i: any): any {
  if (typeof x === 'string' || Array.isArray(x)) {
    const at = typeof i === 'number' && i < 0 ? x.length + i : i;
    if (typeof at !== 'number' || at < 0 || at >= x.length) throw new RangeError('index out of range');
    return x[at];
  }
  if (x instanceof Map) {
    if (!x.has(i)) throw new RangeError(String(i));
    return x.get(i);
  }
  if (x === null || typeof x !== 'object' || !Object.hasOwn(x, String(i))) throw new RangeError(String(i));
  return x[String(i)];
}`,
  },
  pyIter: {
    needs: [],
    source: `/** What a Python \`for\` loop walks: a dict's keys, anything else as it iterates. */
function pyIter(x: any): Iterable<any> {
  if (x !== null && typeof x === 'object' && !(Symbol.iterator in x)) return Object.keys(x);
  return x;
}`,
  },
  pyRange: {
    needs: [],
    source: `/** Python range() as a list. */
function pyRange(a: number, b?: number, step = 1): number[] {
  const [start, stop] = b === undefined ? [0, a] : [a, b];
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}`,
  },
  pySorted: {
    needs: ['pyCompare'],
    source: `/** Python sorted(): numbers as numbers, strings by code point, stable. */
function pySorted<T>(items: Iterable<T>, key?: (x: T) => unknown, reverse = false): T[] {
  const k = key ?? ((x: T) => x);
  const out = [...items].sort((a, b) => pyCompare(k(a), k(b)));
  return reverse ? out.reverse() : out;
}`,
  },
  pyCompare: {
    needs: [],
    source: `/** Python's ordering of two values (numbers, strings, lists of them). */
function pyCompare(a: any, b: any): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pyCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}`,
  },
  pyMod: {
    needs: ['pyStr', 'pyRepr', 'pyInt'],
    source: `/** Python's \`format % args\` for the conversions web code uses: s r d i f e g x o c and %%. */
function pyMod(format: string, args: unknown): string {
  const named = args !== null && typeof args === 'object' && !Array.isArray(args);
  const list = Array.isArray(args) ? args : [args];
  let next = 0;
  const out = format.replace(/%(\\(([^)]*)\\))?([-+ 0#]*)(\\d+|\\*)?(\\.(\\d+))?([diouxXeEfFgGcrsa%])/g,
    (_all, _k, key: string | undefined, flags: string, width: string | undefined, _p, prec: string | undefined, type: string) => {
      if (type === '%') return '%';
      const value = key !== undefined && named ? (args as Record<string, unknown>)[key] : named ? args : list[next++];
      let text: string;
      const p = prec === undefined ? undefined : Number(prec);
      switch (type) {
        case 'd': case 'i': case 'u': text = String(pyInt(typeof value === 'string' ? Number.NaN : value)); break;
        case 'f': case 'F': text = Number(value).toFixed(p ?? 6); break;
        case 'e': case 'E': text = Number(value).toExponential(p ?? 6).replace(/e([+-])(\\d)$/, 'e$10$2'); break;
        case 'g': case 'G': text = String(Number(Number(value).toPrecision(p ?? 6))); break;
        case 'x': text = pyInt(value).toString(16); break;
        case 'X': text = pyInt(value).toString(16).toUpperCase(); break;
        case 'o': text = pyInt(value).toString(8); break;
        case 'c': text = typeof value === 'number' ? String.fromCodePoint(value) : String(value); break;
        case 'r': case 'a': text = pyRepr(value); break;
        default: text = pyStr(value);
      }
      if (type === 's' && p !== undefined) text = text.slice(0, p);
      if (flags.includes('+') && /[dieEfFgG]/.test(type) && !text.startsWith('-')) text = '+' + text;
      const w = width === undefined || width === '*' ? 0 : Number(width);
      if (flags.includes('-')) return text.padEnd(w);
      if (flags.includes('0') && type !== 's') return text.startsWith('-') ? '-' + text.slice(1).padStart(w - 1, '0') : text.padStart(w, '0');
      return text.padStart(w);
    });
  if (!named && next < list.length) throw new TypeError('not all arguments converted during string formatting');
  return out;
}`,
  },
  pyFormat: {
    needs: ['pyStr', 'pyRepr'],
    source: `/** Python's \`str.format(*args, **kwargs)\` for plain fields with an optional [fill]align, width and .precision f/d/s. */
function pyFormat(format: string, args: unknown[], kwargs: Record<string, unknown> = {}): string {
  let auto = 0;
  return format.replace(/\\{\\{|\\}\\}|\\{([^{}!:]*)(![rs])?(:([^{}]*))?\\}/g, (all, field: string | undefined, conv: string | undefined, _c, spec: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    const name = field ?? '';
    if (/[.[]/.test(name)) throw new RangeError('format field not supported by the port: ' + name);
    const value = name === '' ? args[auto++] : /^\\d+$/.test(name) ? args[Number(name)] : kwargs[name];
    let text = conv === '!r' ? pyRepr(value) : pyStr(value);
    const m = /^(.?[<>^])?(0)?(\\d+)?(,)?(\\.(\\d+))?([sdf%])?$/.exec(spec ?? '');
    if (!m) throw new RangeError('format spec not supported by the port: ' + spec);
    const [, align, zero, width, comma, , prec, type] = m;
    if (type === 'f' || (prec !== undefined && type !== 's')) text = Number(value).toFixed(Number(prec ?? 6));
    else if (type === '%') text = (Number(value) * 100).toFixed(Number(prec ?? 6)) + '%';
    else if (type === 'd') text = String(Math.trunc(Number(value)));
    else if (prec !== undefined) text = text.slice(0, Number(prec));
    if (comma) text = text.replace(/^(-?\\d+)/, (d) => d.replace(/\\B(?=(\\d{3})+(?!\\d))/g, ','));
    const w = Number(width ?? 0);
    const numeric = typeof value === 'number';
    const fill = align && align.length === 2 ? align[0] ?? ' ' : zero ? '0' : ' ';
    const how = align ? align[align.length - 1] : numeric ? '>' : '<';
    if (how === '>') return text.padStart(w, fill);
    if (how === '^') {
      const left = Math.floor((w - text.length) / 2);
      return text.padStart(text.length + Math.max(0, left), fill).padEnd(w, fill);
    }
    return text.padEnd(w, fill);
  });
}`,
  },
  pyGet: {
    needs: [],
    source: `/** Python \`d.get(key, default)\` on a dict, a Map or a web.py storage. */
function pyGet(d: any, key: unknown, dflt: unknown = null): any {
  if (d instanceof Map) return d.has(key) ? d.get(key) : dflt;
  if (typeof d?.get === 'function') return d.get(key, dflt);
  return Object.hasOwn(d, String(key)) ? d[String(key)] : dflt;
}`,
  },
  pySplit: {
    needs: [],
    source: `/** Python \`s.split()\` without a separator: runs of whitespace, no empty ends. */
function pySplit(s: string): string[] {
  const t = s.trim();
  return t === '' ? [] : t.split(/\\s+/);
}`,
  },
  pyFloorDiv: {
    needs: [],
    source: `/** Python \`a // b\` (ZeroDivisionError as a RangeError). */
function pyFloorDiv(a: number, b: number): number {
  if (b === 0) throw new RangeError('integer division or modulo by zero');
  return Math.floor(a / b);
}`,
  },
  pyDiv: {
    needs: [],
    source: `/** Python \`a / b\` (ZeroDivisionError as a RangeError). */
function pyDiv(a: number, b: number): number {
  if (b === 0) throw new RangeError('division by zero');
  return a / b;
}`,
  },
  pyModNum: {
    needs: [],
    source: `/** Python \`a % b\` on numbers: the sign of the divisor. */
function pyModNum(a: number, b: number): number {
  if (b === 0) throw new RangeError('integer division or modulo by zero');
  return ((a % b) + b) % b;
}`,
  },
  pyModAny: {
    needs: ['pyMod', 'pyModNum'],
    source: `/** Python \`a % b\` when the porter cannot tell formatting from arithmetic. */
function pyModAny(a: any, b: any): any {
  return typeof a === 'string' ? pyMod(a, b) : pyModNum(a, b);
}`,
  },
  pyGetattr: {
    needs: [],
    source: `/** Python \`getattr(x, name, default)\`: the default only when the attribute is missing. */
function pyGetattr(x: any, name: string, ...dflt: unknown[]): any {
  if (x !== null && x !== undefined && (typeof x === 'object' || typeof x === 'function') && name in x) return x[name];
  if (dflt.length > 0) return dflt[0];
  throw new TypeError('object has no attribute ' + name);
}`,
  },
  pyHasattr: {
    needs: [],
    source: `/** Python \`hasattr(x, name)\`. */
function pyHasattr(x: any, name: string): boolean {
  return x !== null && x !== undefined && (typeof x === 'object' || typeof x === 'function') && name in x;
}`,
  },
  pyJsonDumps: {
    needs: [],
    source: `/** Python \`json.dumps\`: its separators (', ' and ': ' by default), ensure_ascii and sort_keys. */
function pyJsonDumps(
  value: unknown,
  options: { separators?: [string, string]; ensure_ascii?: boolean; sort_keys?: boolean } = {},
): string {
  const [item, key] = options.separators ?? [', ', ': '];
  const ascii = options.ensure_ascii ?? true;
  const text = (s: string) => {
    const j = JSON.stringify(s);
    return ascii ? j.replace(/[\\u0080-\\uffff]/g, (c) => '\\\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) : j;
  };
  const go = (v: any): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean' || typeof v === 'number') return String(v);
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return '[' + v.map(go).join(item) + ']';
    const keys = Object.keys(v);
    if (options.sort_keys) keys.sort();
    return '{' + keys.map((k) => text(k) + key + go(v[k])).join(item) + '}';
  };
  return go(value);
}`,
  },
  pyAdd: {
    needs: [],
    source: `/** Python \`a + b\`: lists concatenate, numbers add, text joins. */
function pyAdd(a: any, b: any): any {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (typeof a === 'string' && typeof b !== 'string') throw new TypeError('can only concatenate str (not "' + typeof b + '") to str');
  return a + b;
}`,
  },
  pyEq: {
    needs: [],
    source: `/** Python \`a == b\`: lists and dicts compare by content. */
function pyEq(a: any, b: any): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  const plain = (x: any) => x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
  if (plain(a) && plain(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEq(a[k], b[k]));
  }
  if (a === null || a === undefined) return b === null || b === undefined;
  return false;
}`,
  },
  pyPop: {
    needs: [],
    source: `/** Python \`x.pop()\`, \`x.pop(i)\` of a list, \`d.pop(k[, default])\` of a dict (or a session). */
function pyPop(x: any, ...args: any[]): any {
  if (Array.isArray(x)) {
    if (x.length === 0) throw new RangeError('pop from empty list');
    const i = args.length === 0 ? x.length - 1 : args[0] < 0 ? x.length + args[0] : args[0];
    if (i < 0 || i >= x.length) throw new RangeError('pop index out of range');
    return x.splice(i, 1)[0];
  }
  if (typeof x?.pop === 'function') return x.pop(...args);
  const key = String(args[0]);
  if (x !== null && typeof x === 'object' && Object.hasOwn(x, key)) {
    const value = x[key];
    delete x[key];
    return value;
  }
  if (args.length > 1) return args[1];
  throw new RangeError(key);
}`,
  },
  pyMul: {
    needs: [],
    source: `/** Python \`a * b\`: numbers multiply, text and lists repeat. */
function pyMul(a: any, b: any): any {
  const [seq, n] = typeof a === 'number' ? [b, a] : [a, b];
  if (typeof seq === 'string') return seq.repeat(Math.max(0, n));
  if (Array.isArray(seq)) return Array.from({ length: Math.max(0, n) }, () => seq).flat();
  return a * b;
}`,
  },
  pyTodo: {
    needs: [],
    source: `/** Marks an expression \`webts port\` could not translate: it fails loudly instead of misbehaving. */
function pyTodo(original: string): never {
  throw new Error('not ported (see the TODO(webts port) comment): ' + original);
}`,
  },
};

/** The helpers' source for the names used (and what they use), in a stable order. */
export function helperSource(used: ReadonlySet<string>): string {
  const all = new Set<string>();
  const add = (name: string) => {
    if (all.has(name)) return;
    const helper = HELPERS[name];
    if (!helper) throw new Error(`no helper ${name}`);
    all.add(name);
    for (const need of helper.needs) add(need);
  };
  for (const name of used) add(name);
  return Object.keys(HELPERS)
    .filter((name) => all.has(name))
    .map((name) => HELPERS[name]?.source ?? '')
    .join('\n\n');
}
