/**
 * web.py `web.sendmail` and `web.emailerrors`, built on nodemailer (loaded on first use, so an app
 * that never sends mail never loads it). The transport is chosen as web.py chooses it: SMTP when
 * `web.config.smtp_server` is set, else the sendmail program at `web.config.sendmail_path`.
 */
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { djangoerror } from '../app/debugerror.js';
import { config } from '../core/config.js';
import { currentContext } from '../core/context.js';
import { logError } from '../core/log.js';
import type { HTTPError } from '../errors/http-errors.js';
import { safestr } from './utils/strings.js';

declare module '../core/config.js' {
  interface Config {
    /** web.py: send mail through this SMTP server (else the sendmail program). */
    smtp_server?: string;
    /** web.py: the SMTP port (default 25, or 465 with `smtp_secure`). */
    smtp_port?: number;
    smtp_username?: string;
    smtp_password?: string | undefined;
    /** web.py: STARTTLS, required when true. */
    smtp_starttls?: boolean;
    /** webts: implicit TLS (port 465). */
    smtp_secure?: boolean;
    /** webts: TLS options passed to nodemailer. */
    smtp_tls?: Record<string, unknown>;
    /** web.py: log the SMTP conversation. */
    smtp_debuglevel?: number | boolean;
    /** web.py: the sendmail program (default `/usr/sbin/sendmail`). */
    sendmail_path?: string;
    /** web.py: `'aws'` is not supported by webts (it says so). */
    email_engine?: string;
  }
}

/** An attachment given by its parts (web.py's `dict(filename=…, content=…, content_type=…)`). */
export interface AttachmentData {
  filename: string;
  content: string | Uint8Array;
  /** Guessed from the file name when left out (`application/octet-stream` when unknown). */
  content_type?: string;
}

/** A file attachment: its parts, a file path, or a readable stream of a file (`fs.createReadStream`). */
export type Attachment = AttachmentData | string | (Readable & { path?: string | Buffer });

/** web.py's keyword arguments of `sendmail`. */
export interface SendmailOptions {
  /** More headers (`Reply-To`, `X-…`); `From`, `To`, `Cc` or `Subject` here replace the header made from the arguments. */
  headers?: Record<string, string>;
  cc?: string | string[];
  bcc?: string | string[];
  attachments?: Attachment[];
}

/** What the transport said about a message it took. */
export interface SentMail {
  messageId: string;
  /** The envelope recipients the server accepted (all of them for the sendmail program). */
  accepted: string[];
  rejected: string[];
  response: string;
}

const listify = (x: string | string[] | undefined): string[] =>
  x === undefined ? [] : Array.isArray(x) ? x.map((a) => safestr(a)) : [safestr(x)];

function isReadable(x: unknown): x is Readable & { path?: string | Buffer } {
  return typeof x === 'object' && x !== null && typeof (x as { pipe?: unknown }).pipe === 'function';
}

function toNodemailerAttachment(a: Attachment): Record<string, unknown> {
  if (typeof a === 'string') return { filename: basename(a), path: a };
  if (isReadable(a)) {
    const name = a.path === undefined ? '' : basename(String(a.path));
    return { filename: name, content: a };
  }
  if (typeof a === 'object' && a !== null && typeof a.filename === 'string' && 'content' in a) {
    const content = typeof a.content === 'string' ? a.content : Buffer.from(a.content);
    return a.content_type === undefined
      ? { filename: a.filename, content }
      : { filename: a.filename, content, contentType: a.content_type };
  }
  throw new TypeError(`web.sendmail: invalid attachment: ${safestr(a)}`);
}

/**
 * web.py `sendmail(from_address, to_address, subject, message, headers=None, **kw)`: send `message`
 * (plain text; HTML when `headers` has `Content-Type: text/html`) from `from_address` to
 * `to_address` (one address or a list), with `cc`, `bcc`, `headers` and `attachments` in the trailing
 * options object (or `headers` as the fifth argument and the options sixth). Resolves once the
 * server or program took the message; rejects with an Error naming the transport when it could not.
 *
 * Settings (`web.config`): `smtp_server`, `smtp_port` (25), `smtp_username` + `smtp_password` (AUTH),
 * `smtp_starttls` (upgrade with STARTTLS, required), `smtp_tls` (Node TLS options, e.g. `{ ca }`),
 * `smtp_secure` (TLS from the start, port 465), `smtp_debuglevel`; or `sendmail_path`
 * (`/usr/sbin/sendmail`) when no `smtp_server` is set.
 */
export async function sendmail(
  from_address: string,
  to_address: string | string[],
  subject: string,
  message: string,
  headers?: Record<string, string> | SendmailOptions,
  options?: SendmailOptions,
): Promise<SentMail> {
  const opts: SendmailOptions =
    options !== undefined
      ? { ...options, headers: headers as Record<string, string> }
      : ((headers as SendmailOptions) ?? {});
  const from = safestr(from_address);
  const to = listify(to_address);
  const cc = listify(opts.cc);
  const bcc = listify(opts.bcc);
  const attachments = (opts.attachments ?? []).map(toNodemailerAttachment);

  const mail: Record<string, unknown> = {
    from,
    to,
    subject: safestr(subject),
    envelope: { from, to: [...to, ...cc, ...bcc] },
    attachments,
  };
  if (cc.length > 0) mail.cc = cc;
  if (bcc.length > 0) mail.bcc = bcc;
  const extra: Record<string, string> = {};
  let type = 'text/plain';
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-type') type = String(value);
    else if (lower === 'from' || lower === 'to' || lower === 'cc' || lower === 'subject')
      mail[lower] = String(value);
    else extra[name] = String(value);
  }
  mail.headers = extra;
  if (/^\s*text\/html\b/i.test(type)) mail.html = safestr(message);
  else mail.text = safestr(message);

  if (config.get('email_engine') === 'aws')
    throw new Error(
      "web.sendmail: web.config.email_engine = 'aws' is not supported; set web.config.smtp_server",
    );

  const { createTransport } = await import('nodemailer');
  const server = config.get<string | undefined>('smtp_server');
  let transport: ReturnType<typeof createTransport>;
  let where: string;
  if (server) {
    const secure = config.get<unknown>('smtp_secure') === true;
    const port = Number(config.get('smtp_port', 0)) || (secure ? 465 : 25);
    const user = config.get<string | undefined>('smtp_username');
    const pass = config.get<string | undefined>('smtp_password');
    const starttls = config.get<unknown>('smtp_starttls') === true;
    const debug = Boolean(config.get('smtp_debuglevel'));
    where = `SMTP server ${server}:${port}`;
    transport = createTransport({
      host: server,
      port,
      secure,
      // As web.py: STARTTLS only when asked for, and then required.
      requireTLS: starttls,
      ignoreTLS: !starttls && !secure,
      tls: config.get('smtp_tls', undefined),
      auth: user && pass ? { user, pass } : undefined,
      logger: debug,
      debug,
    });
  } else {
    const path = config.get('sendmail_path', '/usr/sbin/sendmail');
    where = `sendmail program ${path}`;
    transport = createTransport({ sendmail: true, path, newline: 'unix' });
  }
  try {
    const info = await transport.sendMail(mail);
    return {
      messageId: String(info.messageId ?? ''),
      accepted: (info.accepted as string[] | undefined) ?? (mail.envelope as { to: string[] }).to,
      rejected: (info.rejected as string[] | undefined) ?? [],
      response: String(info.response ?? ''),
    };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`web.sendmail: could not send through the ${where}: ${reason}`, { cause: err });
  } finally {
    transport.close();
  }
}

/**
 * web.py `emailerrors(to_address, olderror, from_address=None)`: wrap an `internalerror` handler
 * (`app.internalerror = web.emailerrors('admin@example.com', web.debugerror)`) so that every 500
 * also mails the error to `to_address`: the request and the stack in the text, the debug page as
 * `bug.html`. The client gets `olderror`'s answer at once; the mail is sent after it, and a failure
 * to send is logged.
 */
export function emailerrors(
  to_address: string,
  olderror: (error?: unknown) => HTTPError,
  from_address?: string | { from_address?: string },
): (error?: unknown) => HTTPError {
  const sender = (typeof from_address === 'object' ? from_address.from_address : from_address) ?? to_address;
  return function emailerrors_internal(error?: unknown): HTTPError {
    const answer = olderror(error);
    const ctx = currentContext();
    const cause = error ?? ctx?._error;
    const err = cause instanceof Error ? cause : new Error(safestr(cause));
    const request = ctx ? `${ctx.method} ${ctx.home}${ctx.fullpath}` : '';
    const page = djangoerror(err);
    sendmail(
      `your buggy site <${sender}>`,
      `the bugfixer <${to_address}>`,
      `bug: ${err.name}: ${err.message} (${ctx?.path ?? ''})`,
      `\n${request}\n\n${err.stack ?? String(err)}\n\n`,
      { attachments: [{ filename: 'bug.html', content: page }] },
    ).catch((mailError: unknown) => logError(mailError, 'web.emailerrors'));
    return answer;
  };
}
