/**
 * The differential harness: start a web.py app and its webts port side by side, send both the same
 * requests over HTTP (one cookie jar per side), and reduce each answer to what a user can observe —
 * status line, the headers that matter, cookies and body — so the two can be compared.
 * What is compared, and how to add a case: docs/differential.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseMail, type SmtpSink, startSmtpSink } from './smtp.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The interpreter that has web.py 0.62 (the `python3` on PATH lacks it). */
const PYTHON = '/usr/bin/python3';
const LAUNCHER = join(here, 'launch.py');
/** tsx by absolute URL: the ports run with a temporary working directory, where `tsx` would not resolve. */
const TSX = import.meta.resolve('tsx');

/** One field of a multipart body. */
export interface Part {
  name: string;
  value: string;
  filename?: string;
  type?: string;
}

/** One request of a case, sent to both sides. */
export interface Step {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** An `application/x-www-form-urlencoded` body. */
  form?: Record<string, string | string[]>;
  /** A `multipart/form-data` body. */
  multipart?: Part[];
  /** A raw body (set Content-Type in `headers`). */
  body?: string;
  /** Send no cookies from the jar (the jar still keeps what comes back). */
  noCookies?: boolean;
  /**
   * Take a value from this answer's body (group 1 of `pattern`), per side, e.g. a random token. Later
   * steps write `{{name}}` in `path`, `form`, `headers` or `body` to send it back; in every body the
   * value itself is shown as `{{name}}`.
   */
  capture?: { name: string; pattern: RegExp };
  /** Checked on the web.py side, so a broken Python app cannot make both sides agree on a 500. */
  expect?: { status?: number; body?: string | RegExp };
}

/** A web.py app and its port, in `apps/<dir>/app.py` and `apps/<dir>/app.ts`. */
export interface Case {
  name: string;
  dir: string;
  steps: Step[];
  /** Response headers compared besides Content-Type, Location and Set-Cookie. */
  headers?: string[];
  /** Cookies whose values are random (session ids, tokens): compared as "present". */
  randomCookies?: string[];
  /** The session cookie's name, for the documented session differences (see normaliseSession). */
  sessionCookie?: string;
  /**
   * The app sends mail: each side gets its own SMTP sink (its port in the environment variable
   * `SMTP_PORT`), and after the steps the messages each side sent are compared too.
   */
  smtp?: boolean;
  /**
   * Case-specific normalisation, after the global one: a documented difference (change `seen`, the
   * webts side, only), or a web.py nondeterminism (then both sides, with a comment saying why).
   */
  normalise?: (seen: Seen, step: Step, py: Seen) => void;
}

/** What one side answered, normalised. */
export interface Seen {
  status: string;
  headers: Record<string, string>;
  cookies: string[];
  body: string;
}

/** A started app: where it listens and how to stop it. */
export interface Side {
  port: number;
  stop(): Promise<void>;
  /** What it wrote to stderr so far (for failure messages). */
  stderr(): string;
}

function startProcess(
  command: string,
  args: string[],
  cwd: string,
  ready: RegExp,
  env: Record<string, string> = {},
): Promise<Side> {
  // PORT would override the address on both sides (web.py and webts read it).
  const { PORT: _port, ...inherited } = process.env;
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<Side>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`${args.join(' ')} exited (${code}) before listening:\n${out}\n${err}`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (!match) return;
      child.off('exit', onExit);
      resolve({
        port: Number(match[1]),
        stderr: () => err,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

/** `python3 app.py 127.0.0.1:0` through launch.py, which prints the port once the socket listens. */
export function startPython(dir: string, cwd: string, env: Record<string, string> = {}): Promise<Side> {
  return startPythonFile(join(here, 'apps', dir, 'app.py'), cwd, env);
}

/** startPython for a web.py app anywhere (the `webts port` tests run apps from temporary folders). */
export function startPythonFile(app: string, cwd: string, env: Record<string, string> = {}): Promise<Side> {
  return startProcess(PYTHON, [LAUNCHER, app], cwd, /^LISTENING (\d+)$/m, env);
}

/** `node --import tsx app.ts 127.0.0.1:0`: `app.run()` prints `http://127.0.0.1:PORT/`. */
export function startPort(dir: string, cwd: string, env: Record<string, string> = {}): Promise<Side> {
  return startPortFile(join(here, 'apps', dir, 'app.ts'), cwd, env);
}

/** startPort for a webts app anywhere. */
export function startPortFile(app: string, cwd: string, env: Record<string, string> = {}): Promise<Side> {
  return startProcess(
    process.execPath,
    ['--import', TSX, app, '127.0.0.1:0'],
    cwd,
    /^http:\/\/127\.0\.0\.1:(\d+)\/$/m,
    env,
  );
}

/** A browser-like cookie jar: name → value, scoped by path; deletion cookies remove. */
export class Jar {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  header(path: string): string | undefined {
    const pairs = [...this.#cookies]
      .filter(([, c]) => path.startsWith(c.path) || `${path}/` === c.path)
      .map(([name, c]) => `${name}=${c.value}`);
    return pairs.length > 0 ? pairs.join('; ') : undefined;
  }

  take(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = '/';
    let gone = false;
    for (const attribute of attributes) {
      const [key = '', val = ''] = attribute.split('=');
      const k = key.toLowerCase();
      if (k === 'path') path = val;
      if (k === 'expires' && Date.parse(val) < Date.now()) gone = true;
      if (k === 'max-age' && Number(val) <= 0) gone = true;
    }
    if (gone) this.#cookies.delete(name);
    else this.#cookies.set(name, { value, path });
  }
}

const BOUNDARY = '----differential-boundary-7d4a';

function encodeBody(step: Step): { body?: Buffer; type?: string } {
  if (step.form) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(step.form)) for (const item of [v].flat()) form.append(k, item);
    return { body: Buffer.from(form.toString()), type: 'application/x-www-form-urlencoded' };
  }
  if (step.multipart) {
    const chunks = step.multipart.map((part) => {
      const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
      const type = part.type === undefined ? '' : `\r\nContent-Type: ${part.type}`;
      return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${filename}${type}\r\n\r\n${part.value}\r\n`;
    });
    return {
      body: Buffer.from(`${chunks.join('')}--${BOUNDARY}--\r\n`),
      type: `multipart/form-data; boundary=${BOUNDARY}`,
    };
  }
  return step.body === undefined ? {} : { body: Buffer.from(step.body) };
}

/** The raw answer to one request. */
export interface Answer {
  status: string;
  headers: [string, string][];
  body: string;
}

/** Send one step to the app on `port`, with `jar`'s cookies; the jar takes the answer's cookies. */
export function send(port: number, step: Step, jar: Jar): Promise<Answer> {
  const { body, type } = encodeBody(step);
  const headers: Record<string, string> = {};
  if (type) headers['Content-Type'] = type;
  if (body) headers['Content-Length'] = String(body.length);
  const cookie = step.noCookies ? undefined : jar.header(step.path.split('?')[0] ?? '/');
  if (cookie) headers.Cookie = cookie;
  Object.assign(headers, step.headers);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: step.path, method: step.method ?? 'GET', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const list: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            list.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
          for (const [name, value] of list) if (name.toLowerCase() === 'set-cookie') jar.take(value);
          resolve({
            status: `${res.statusCode} ${res.statusMessage}`,
            headers: list,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * HTTP dates: the two sides answer at different instants, so a date in the past is `<past date>` and
 * one in the future is its distance from now in whole minutes (`<now+60min>` for an hour).
 */
function maskDate(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  const minutes = Math.round((time - Date.now()) / 60_000);
  return minutes <= 0 ? '<past date>' : `<now+${minutes}min>`;
}

/**
 * A Set-Cookie header as `name=value; attr; attr=value`, attributes lower-cased and sorted (web.py
 * writes them alphabetically, webts in the `cookie` package's order: docs/porting.md, Core,
 * "`web.setcookie`"), dates masked, random values masked.
 */
export function normaliseCookie(header: string, random: readonly string[]): string {
  const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq);
  let value = pair.slice(eq + 1);
  if (random.includes(name)) value = value === '' ? '<empty>' : '<random>';
  const attrs = attributes
    .filter((a) => a !== '')
    .map((a) => {
      const i = a.indexOf('=');
      const key = (i === -1 ? a : a.slice(0, i)).toLowerCase();
      if (i === -1) return key;
      const val = a.slice(i + 1);
      if (key === 'expires') return `${key}=${maskDate(val)}`;
      if (key === 'samesite') return `${key}=${val.toLowerCase()}`;
      return `${key}=${val}`;
    })
    .sort();
  return [`${name}=${value}`, ...attrs].join('; ');
}

/** Headers holding a date relative to now (Last-Modified and the like are compared as sent). */
const DATE_HEADERS = new Set(['expires']);

/** `step` with every `{{name}}` replaced by the value this side captured. */
function fill(step: Step, vars: Map<string, string>): Step {
  if (vars.size === 0) return step;
  const sub = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (all, name: string) => vars.get(name) ?? all);
  const map = <T>(record: Record<string, T> | undefined, f: (v: T) => T) =>
    record && Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
  return {
    ...step,
    path: sub(step.path),
    ...(step.body === undefined ? {} : { body: sub(step.body) }),
    ...(step.headers ? { headers: map(step.headers, sub) } : {}),
    ...(step.form ? { form: map(step.form, (v) => (Array.isArray(v) ? v.map(sub) : sub(v))) } : {}),
  };
}

function capture(step: Step, answer: Answer, vars: Map<string, string>): void {
  if (!step.capture) return;
  const value = step.capture.pattern.exec(answer.body)?.[1];
  if (value) vars.set(step.capture.name, value);
  else vars.delete(step.capture.name);
}

/** Reduce an answer to what the comparison looks at; `port` is replaced by `PORT` in URLs and body. */
export function observe(answer: Answer, port: number, c: Case, vars = new Map<string, string>()): Seen {
  const host = new RegExp(`127\\.0\\.0\\.1:${port}\\b`, 'g');
  const wanted = ['content-type', 'location', ...(c.headers ?? []).map((h) => h.toLowerCase())];
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [rawName, value] of answer.headers) {
    const name = rawName.toLowerCase();
    if (name === 'set-cookie') cookies.push(normaliseCookie(value, c.randomCookies ?? []));
    else if (wanted.includes(name)) {
      const shown = DATE_HEADERS.has(name) ? maskDate(value) : value.replace(host, '127.0.0.1:PORT');
      headers[name] = headers[name] === undefined ? shown : `${headers[name]}, ${shown}`;
    }
  }
  let body = answer.body.replace(host, '127.0.0.1:PORT');
  for (const [name, value] of vars) body = body.replaceAll(value, `{{${name}}}`);
  return { status: answer.status, headers, cookies: cookies.sort(), body };
}

/**
 * The differences webts makes on purpose in every app, undone on the webts side before comparing.
 * Each names its row in docs/porting.md.
 */
export function normaliseDocumented(ts: Seen, py: Seen, c: Case): void {
  // porting.md, Core, "Default Content-Type": a string result gets text/html; charset=utf-8 where
  // web.py sends no Content-Type at all.
  if (py.headers['content-type'] === undefined && ts.headers['content-type'] === 'text/html; charset=utf-8')
    delete ts.headers['content-type'];
  // porting.md, Core, "`405 Method Not Allowed`'s `Allow`": webts adds HEAD when the class has GET.
  const allow = ts.headers.allow;
  if (allow !== undefined && py.headers.allow !== undefined && !py.headers.allow.split(', ').includes('HEAD'))
    ts.headers.allow = allow
      .split(', ')
      .filter((m) => m !== 'HEAD')
      .join(', ');
  if (c.sessionCookie) normaliseSession(ts, py, c.sessionCookie);
}

/**
 * Session cookies. porting.md, Sessions: "Nothing is stored for a visitor who has no session data"
 * and "An unchanged session is not rewritten" (so webts sends the cookie only when the session is
 * new or changed, web.py on every response), and "SameSite=Lax by default". A session cookie sent by
 * one side only is left out; one sent by both is compared without webts's SameSite=Lax.
 */
function normaliseSession(ts: Seen, py: Seen, name: string): void {
  const isSession = (cookie: string) => cookie.startsWith(`${name}=`);
  const pySession = py.cookies.filter(isSession);
  const tsSession = ts.cookies.filter(isSession);
  if (pySession.length === 0 || tsSession.length === 0) {
    py.cookies = py.cookies.filter((cookie) => !isSession(cookie));
    ts.cookies = ts.cookies.filter((cookie) => !isSession(cookie));
    return;
  }
  ts.cookies = ts.cookies.map((cookie) =>
    isSession(cookie) && !pySession.some((p) => p.includes('samesite='))
      ? cookie
          .split('; ')
          .filter((part) => part !== 'samesite=lax')
          .join('; ')
      : cookie,
  );
}

/** One step's two answers, normalised, and whether they agree. */
export interface Compared {
  step: Step;
  py: Seen;
  ts: Seen;
  same: boolean;
  /** Why the web.py side itself is not what the case expects (a broken Python app). */
  pyProblem?: string;
}

function checkExpect(step: Step, py: Seen): string | undefined {
  const status = Number(py.status.split(' ')[0]);
  const wanted = step.expect?.status;
  if (wanted !== undefined && status !== wanted) return `web.py answered ${py.status}, expected ${wanted}`;
  if (wanted === undefined && status >= 500) return `web.py answered ${py.status}:\n${py.body}`;
  const body = step.expect?.body;
  if (typeof body === 'string' && !py.body.includes(body)) return `web.py body lacks ${JSON.stringify(body)}`;
  if (body instanceof RegExp && !body.test(py.body)) return `web.py body does not match ${body}`;
  return undefined;
}

function isDeepEqual(a: Seen, b: Seen): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Both sides of one app, running: its cases run one after another against them. */
export interface Pair {
  dir: string;
  py: Side;
  ts: Side;
  /** Both processes' stderr so far. */
  logs(): string;
  /** The SMTP sinks, when the app sends mail. */
  mail?: { py: SmtpSink; ts: SmtpSink };
  stop(): Promise<void>;
}

/**
 * Start the web.py app and its port from `apps/<dir>`, each in its own empty working directory
 * (and, with `smtp`, each with its own SMTP sink).
 */
export async function startPair(dir: string, options: { smtp?: boolean } = {}): Promise<Pair> {
  const pyDir = mkdtempSync(join(tmpdir(), `diff-py-${dir}-`));
  const tsDir = mkdtempSync(join(tmpdir(), `diff-ts-${dir}-`));
  const mail = options.smtp ? { py: await startSmtpSink(), ts: await startSmtpSink() } : undefined;
  const env = (sink?: SmtpSink): Record<string, string> => (sink ? { SMTP_PORT: String(sink.port) } : {});
  const [pyStart, tsStart] = await Promise.allSettled([
    startPython(dir, pyDir, env(mail?.py)),
    startPort(dir, tsDir, env(mail?.ts)),
  ]);
  const stop = async () => {
    await Promise.all(
      [pyStart, tsStart].map((s) => (s.status === 'fulfilled' ? s.value.stop() : Promise.resolve())),
    );
    await Promise.all([mail?.py.close(), mail?.ts.close()]);
    rmSync(pyDir, { recursive: true, force: true });
    rmSync(tsDir, { recursive: true, force: true });
  };
  if (pyStart.status === 'rejected' || tsStart.status === 'rejected') {
    await stop();
    throw pyStart.status === 'rejected' ? pyStart.reason : (tsStart as PromiseRejectedResult).reason;
  }
  const py = pyStart.value;
  const ts = tsStart.value;
  return {
    dir,
    py,
    ts,
    logs: () => `--- web.py stderr\n${py.stderr()}\n--- webts stderr\n${ts.stderr()}`,
    ...(mail ? { mail } : {}),
    stop,
  };
}

/** The mail a side's sink received, as one comparable answer. */
function mailSeen(sink: SmtpSink): Seen {
  return {
    status: `${sink.messages.length} sent`,
    headers: {},
    cookies: [],
    body: sink.messages.map(normaliseMail).join('\n----\n'),
  };
}

/** Send every step of `c` to both sides (a fresh cookie jar each), compare the normalised answers. */
export async function runCase(c: Case, pair: Pair): Promise<Compared[]> {
  const { py, ts } = pair;
  const pyJar = new Jar();
  const tsJar = new Jar();
  const pyVars = new Map<string, string>();
  const tsVars = new Map<string, string>();
  const results: Compared[] = [];
  if (pair.mail) {
    pair.mail.py.messages.length = 0;
    pair.mail.ts.messages.length = 0;
  }
  for (const step of c.steps) {
    const [pyAnswer, tsAnswer] = await Promise.all([
      send(py.port, fill(step, pyVars), pyJar),
      send(ts.port, fill(step, tsVars), tsJar),
    ]);
    capture(step, pyAnswer, pyVars);
    capture(step, tsAnswer, tsVars);
    const pySeen = observe(pyAnswer, py.port, c, pyVars);
    const tsSeen = observe(tsAnswer, ts.port, c, tsVars);
    const pyProblem = checkExpect(step, pySeen);
    normaliseDocumented(tsSeen, pySeen, c);
    c.normalise?.(tsSeen, step, pySeen);
    results.push({
      step,
      py: pySeen,
      ts: tsSeen,
      same: isDeepEqual(pySeen, tsSeen),
      ...(pyProblem ? { pyProblem } : {}),
    });
  }
  if (pair.mail) {
    const py = mailSeen(pair.mail.py);
    const ts = mailSeen(pair.mail.ts);
    const pyProblem = py.status === '0 sent' ? 'web.py sent no mail' : undefined;
    results.push({
      step: { path: '(mail received)' },
      py,
      ts,
      same: isDeepEqual(py, ts),
      ...(pyProblem ? { pyProblem } : {}),
    });
  }
  return results;
}

/** A readable account of the steps where the two sides differ. */
export function describeDifferences(results: Compared[]): string {
  return results
    .filter((r) => !r.same)
    .map((r) => {
      const what = `${r.step.method ?? 'GET'} ${r.step.path}`;
      return `${what}\n  web.py: ${JSON.stringify(r.py)}\n  webts:  ${JSON.stringify(r.ts)}`;
    })
    .join('\n');
}

/**
 * For one documented difference: when the webts answer has exactly the `expected` fields (the
 * behaviour porting.md describes), those fields count as web.py's. Any other webts answer stays
 * different, so the comparison still catches a change.
 */
export function documented(ts: Seen, py: Seen, expected: Partial<Seen>): void {
  const keys = Object.keys(expected) as (keyof Seen)[];
  if (keys.every((k) => JSON.stringify(ts[k]) === JSON.stringify(expected[k])))
    for (const k of keys) (ts as unknown as Record<string, unknown>)[k] = py[k];
}
