/**
 * web.py's `web.browser`: a small programmable browser over `app.request` for tests — it keeps
 * cookies, follows redirects, finds links and fills in and submits forms. Every call that loads a
 * page is async here (it returns a Promise) where web.py's blocks.
 */

/** What the browser needs of an application: web.py's `app.request`. */
export interface Requester {
  request(
    path: string,
    options: {
      method?: string;
      data?: string | Uint8Array;
      headers?: Record<string, string>;
      host?: string;
      https?: boolean;
    },
  ): Promise<{ status: string; statusCode: number; header_items: [string, string][]; data: string }>;
}

/** web.py `BrowserError`: no such link, no form selected, … */
export class BrowserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserError';
  }
}

/** A link of the current page. */
export interface Link {
  href: string;
  /** The link's text, tags removed and entities decoded (web.py's `link.string`). */
  text: string;
  attrs: Record<string, string>;
}

/** Which links to keep (web.py's keyword arguments of `get_links`/`find_link`/`follow_link`). */
export interface LinkFilter {
  text?: string;
  text_regex?: RegExp | string;
  url?: string;
  url_regex?: RegExp | string;
  predicate?: (link: Link) => boolean;
}

/** One control of a form. */
export interface Control {
  /** `text`, `password`, `hidden`, `checkbox`, `radio`, `submit`, `textarea`, `select`, … */
  type: string;
  name: string;
  /** The value sent when the control is "on" (checkbox, radio, option, submit). */
  value: string;
  /** For checkbox/radio/option: whether it is checked or selected. */
  checked: boolean;
  /** For a select: its options. */
  options?: { value: string; selected: boolean }[];
  multiple?: boolean;
}

/** A form of the current page (the part of ClientForm's HTMLForm web.py tests use). */
export class Form {
  readonly name: string | undefined;
  readonly attrs: Record<string, string>;
  readonly controls: Control[] = [];

  constructor(attrs: Record<string, string>) {
    this.attrs = attrs;
    this.name = attrs.name ?? attrs.id;
  }

  /** `action`, `method` (upper case, default GET) and `enctype` as written in the form tag. */
  get action(): string {
    return this.attrs.action ?? '';
  }
  get method(): string {
    return (this.attrs.method ?? 'GET').toUpperCase();
  }

  /** web.py `b['name']`: a text field's value, or the values that are checked/selected. */
  get(name: string): string | string[] | undefined {
    const controls = this.controls.filter((c) => c.name === name);
    const first = controls[0];
    if (first === undefined) return undefined;
    if (first.type === 'select') {
      const selected = (first.options ?? []).filter((o) => o.selected).map((o) => o.value);
      return first.multiple ? selected : selected[0];
    }
    if (first.type === 'checkbox' || first.type === 'radio')
      return controls.filter((c) => c.checked).map((c) => c.value);
    return first.value;
  }

  /**
   * web.py `b['name'] = value`: set a text field, or (with a list, for checkboxes, radios and
   * selects) which values are on. Throws BrowserError for a name the form does not have.
   */
  set(name: string, value: string | readonly string[]): void {
    const controls = this.controls.filter((c) => c.name === name);
    if (controls.length === 0)
      throw new BrowserError(`the form has no control named ${JSON.stringify(name)}`);
    const values = typeof value === 'string' ? [value] : value;
    for (const control of controls) {
      if (control.type === 'select') {
        for (const option of control.options ?? []) option.selected = values.includes(option.value);
      } else if (control.type === 'checkbox' || control.type === 'radio') {
        control.checked = values.includes(control.value);
      } else {
        control.value = typeof value === 'string' ? value : (value[0] ?? '');
      }
    }
  }

  /** The name/value pairs a click on the submit control `name` (default: the first) would send. */
  pairs(submitName?: string): [string, string][] {
    const out: [string, string][] = [];
    const submits = this.controls.filter((c) => isSubmit(c.type));
    const clicked = submitName === undefined ? submits[0] : submits.find((c) => c.name === submitName);
    if (submitName !== undefined && clicked === undefined)
      throw new BrowserError(`the form has no submit control named ${JSON.stringify(submitName)}`);
    for (const control of this.controls) {
      if (control.name === '') continue;
      if (isSubmit(control.type)) {
        if (control === clicked) out.push([control.name, control.value]);
      } else if (control.type === 'checkbox' || control.type === 'radio') {
        if (control.checked) out.push([control.name, control.value]);
      } else if (control.type === 'select') {
        for (const option of control.options ?? [])
          if (option.selected) out.push([control.name, option.value]);
      } else if (control.type !== 'file' && control.type !== 'reset' && control.type !== 'button') {
        out.push([control.name, control.value]);
      }
    }
    return out;
  }
}

function isSubmit(type: string): boolean {
  return type === 'submit' || type === 'image';
}

/** web.py `web.browser.AppBrowser(app)`: a browser whose requests go to `app` in-process. */
export class AppBrowser {
  readonly app: Requester;
  /** The current URL (web.py starts at `http://0.0.0.0:8080/`). */
  url = 'http://0.0.0.0:8080/';
  /** Path and query of the current URL. */
  path = '/';
  /** Status code of the last response (after redirects), `undefined` before the first. */
  status: number | undefined;
  /** Body of the last response, as text. */
  data = '';
  /** The response headers of the last response. */
  headers: [string, string][] = [];
  /** The form `select_form` chose; cleared by every new page. */
  form: Form | undefined;
  /** Cookies by name, as the server set them (web.py's cookiejar, without per-path scoping). */
  readonly cookiejar = new Map<string, string>();
  #forms: Form[] | undefined;

  constructor(app: Requester) {
    this.app = app;
  }

  /** web.py `b.text`: the body as text (the same as `data` here). */
  get text(): string {
    return this.data;
  }

  /** web.py `b.reset()`: forget every cookie. */
  reset(): void {
    this.cookiejar.clear();
  }

  /**
   * web.py `b.open(url, data=None, headers={})`: load `url` (relative to the current one). With
   * `data` (text or a form object) it is a POST. Redirects are followed as urllib does.
   */
  async open(
    url: string,
    data?: string | Record<string, string | readonly string[]>,
    headers: Record<string, string> = {},
  ): Promise<this> {
    let body: string | undefined;
    const sent = { ...headers };
    if (data !== undefined) {
      body = typeof data === 'string' ? data : encodeForm(Object.entries(data));
      if (!Object.keys(sent).some((k) => k.toLowerCase() === 'content-type'))
        sent['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    return this.#go(new URL(url, this.url), body === undefined ? 'GET' : 'POST', body, sent);
  }

  async #go(
    target: URL,
    method: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<this> {
    let url = target;
    let verb = method;
    let data = body;
    let sent = headers;
    for (let hops = 0; ; hops++) {
      const cookie = [...this.cookiejar].map(([k, v]) => `${k}=${v}`).join('; ');
      const response = await this.app.request(url.pathname + url.search, {
        method: verb,
        host: url.host,
        https: url.protocol === 'https:',
        headers: cookie ? { ...sent, Cookie: cookie } : sent,
        ...(data === undefined ? {} : { data }),
      });
      for (const [name, value] of response.header_items)
        if (name.toLowerCase() === 'set-cookie') this.#store(value);
      const location = response.header_items.find(([n]) => n.toLowerCase() === 'location')?.[1];
      const code = response.statusCode;
      // urllib: 301/302/303 turn a POST into a GET; 307/308 are followed only for GET and HEAD.
      const follow =
        location !== undefined &&
        hops < 10 &&
        ([301, 302, 303].includes(code) ||
          ([307, 308].includes(code) && (verb === 'GET' || verb === 'HEAD')));
      if (!follow) {
        this.url = url.href;
        this.path = url.pathname + url.search;
        this.status = code;
        this.data = response.data;
        this.headers = response.header_items;
        this.#forms = undefined;
        this.form = undefined;
        return this;
      }
      url = new URL(location, url);
      if (![307, 308].includes(code)) {
        verb = 'GET';
        data = undefined;
        sent = Object.fromEntries(Object.entries(sent).filter(([k]) => !/^content-/i.test(k)));
      }
    }
  }

  #store(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let expired = false;
    for (const attribute of attributes) {
      const [key = '', val = ''] = attribute.split('=').map((x) => x.trim());
      if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
      if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) expired = true;
    }
    if (expired) this.cookiejar.delete(name);
    else this.cookiejar.set(name, value);
  }

  /** web.py `b.get_text()`: the page as plain text (tags removed, entities decoded). */
  get_text(): string {
    return textOf(this.data.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ''));
  }

  /** web.py `b.get_links(text=, text_regex=, url=, url_regex=, predicate=)`. */
  get_links(filter: LinkFilter = {}): Link[] {
    const links: Link[] = [];
    const re = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;
    for (let m = re.exec(this.data); m !== null; m = re.exec(this.data)) {
      const attrs = parseAttrs(m[1] ?? '');
      if (attrs.href === undefined) continue;
      links.push({ href: attrs.href, text: textOf(m[2] ?? ''), attrs });
    }
    const textRe = filter.text_regex === undefined ? undefined : new RegExp(filter.text_regex);
    const urlRe = filter.url_regex === undefined ? undefined : new RegExp(filter.url_regex);
    return links.filter(
      (link) =>
        (filter.text === undefined || link.text === filter.text) &&
        (textRe === undefined || textRe.test(link.text)) &&
        (filter.url === undefined || link.href === filter.url) &&
        (urlRe === undefined || urlRe.test(link.href)) &&
        (filter.predicate === undefined || filter.predicate(link)),
    );
  }

  /** web.py `b.find_link(...)`: the first matching link, or undefined. */
  find_link(filter: LinkFilter = {}): Link | undefined {
    return this.get_links(filter)[0];
  }

  /** web.py `b.follow_link(link=None, text=, …)`: open the link (or the first that matches). */
  async follow_link(link: Link | LinkFilter = {}): Promise<this> {
    const chosen = 'href' in link && typeof link.href === 'string' ? (link as Link) : this.find_link(link);
    if (chosen === undefined) throw new BrowserError('No link found');
    return this.open(chosen.href);
  }

  /** web.py `b.get_forms()`: every form of the current page. */
  get_forms(): Form[] {
    this.#forms ??= parseForms(this.data);
    return this.#forms;
  }

  /** web.py `b.select_form(name=None, predicate=None, index=0)`. */
  select_form(name?: string | { name?: string; predicate?: (form: Form) => boolean; index?: number }): Form {
    const opts = typeof name === 'object' ? name : { name };
    let forms = this.get_forms();
    if (opts.name !== undefined) forms = forms.filter((f) => f.name === opts.name);
    if (opts.predicate) forms = forms.filter(opts.predicate);
    const form = forms[opts.index ?? 0];
    if (form === undefined) throw new BrowserError('No form selected.');
    this.form = form;
    return form;
  }

  /** web.py `b['name']` on the selected form. */
  get(name: string): string | string[] | undefined {
    return this.#selected().get(name);
  }

  /** web.py `b['name'] = value` on the selected form. */
  set(name: string, value: string | readonly string[]): void {
    this.#selected().set(name, value);
  }

  /** web.py `b.submit(name=…)`: submit the selected form (clicking the submit control `name`). */
  async submit(options: { name?: string } = {}): Promise<this> {
    const form = this.#selected();
    const body = encodeForm(form.pairs(options.name));
    const target = new URL(form.action, this.url);
    if (form.method === 'POST')
      return this.#go(target, 'POST', body, { 'Content-Type': 'application/x-www-form-urlencoded' });
    target.search = body === '' ? '' : `?${body}`;
    return this.#go(target, 'GET', undefined, {});
  }

  #selected(): Form {
    if (this.form === undefined) throw new BrowserError('No form selected.');
    return this.form;
  }
}

/** web.py `web.browser.Browser`: in webts the same class, given an application to talk to. */
export const Browser = AppBrowser;

function encodeForm(pairs: Iterable<[string, string | readonly string[]]>): string {
  const form = new URLSearchParams();
  for (const [k, v] of pairs) for (const item of typeof v === 'string' ? [v] : v) form.append(k, item);
  return form.toString();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function textOf(html: string): string {
  return unescapeHtml(html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, ''));
}

function parseAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = Object.create(null);
  const re = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    attrs[(m[1] ?? '').toLowerCase()] = unescapeHtml(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** The forms of a page, with their controls in document order. */
function parseForms(html: string): Form[] {
  const forms: Form[] = [];
  const formRe = /<form\b([^>]*)>([\s\S]*?)(?:<\/form\s*>|$)/gi;
  for (let m = formRe.exec(html); m !== null; m = formRe.exec(html)) {
    const form = new Form(parseAttrs(m[1] ?? ''));
    const inner = m[2] ?? '';
    const controlRe =
      /<input\b([^>]*)>|<button\b([^>]*)>([\s\S]*?)<\/button\s*>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea\s*>|<select\b([^>]*)>([\s\S]*?)<\/select\s*>/gi;
    for (let c = controlRe.exec(inner); c !== null; c = controlRe.exec(inner)) {
      if (c[1] !== undefined) {
        const a = parseAttrs(c[1]);
        const type = (a.type ?? 'text').toLowerCase();
        const dflt = type === 'checkbox' || type === 'radio' ? 'on' : '';
        form.controls.push({ type, name: a.name ?? '', value: a.value ?? dflt, checked: 'checked' in a });
      } else if (c[2] !== undefined) {
        const a = parseAttrs(c[2]);
        const type = (a.type ?? 'submit').toLowerCase();
        form.controls.push({ type, name: a.name ?? '', value: a.value ?? '', checked: false });
      } else if (c[4] !== undefined) {
        const a = parseAttrs(c[4]);
        const text = unescapeHtml(c[5] ?? '').replace(/^\r?\n/, '');
        form.controls.push({ type: 'textarea', name: a.name ?? '', value: text, checked: false });
      } else {
        const a = parseAttrs(c[6] ?? '');
        const options: { value: string; selected: boolean }[] = [];
        const optionRe = /<option\b([^>]*)>([^<]*)/gi;
        for (let o = optionRe.exec(c[7] ?? ''); o !== null; o = optionRe.exec(c[7] ?? '')) {
          const oa = parseAttrs(o[1] ?? '');
          options.push({ value: oa.value ?? textOf(o[2] ?? '').trim(), selected: 'selected' in oa });
        }
        const multiple = 'multiple' in a;
        // A single select with nothing selected sends its first option, as browsers do.
        const first = options[0];
        if (!multiple && first !== undefined && !options.some((o) => o.selected)) first.selected = true;
        form.controls.push({
          type: 'select',
          name: a.name ?? '',
          value: '',
          checked: false,
          options,
          multiple,
        });
      }
    }
    forms.push(form);
  }
  return forms;
}
