/**
 * web.sendmail and web.emailerrors against a real SMTP server the test starts (smtp-server), the
 * mail that arrived parsed with mailparser; the sendmail program path with a real script.
 */
import assert from 'node:assert/strict';
import { chmodSync, createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import web from '../../src/index.js';
import { httpRequest, withServer } from '../helpers/http.js';
import { captureStderr } from '../helpers/stderr.js';

interface Arrived {
  from: string;
  to: string[];
  raw: string;
  mail: ParsedMail;
  secure: boolean;
  user: string | undefined;
}

/** A real SMTP server on 127.0.0.1 that hands each message it receives to `next()`. */
async function startSmtp(options: SMTPServerOptions = {}) {
  const queue: Arrived[] = [];
  const waiting: ((m: Arrived) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: [],
    logger: false,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const arrived: Arrived = {
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          mail: await simpleParser(raw),
          secure: session.secure,
          user: session.user as string | undefined,
        };
        callback();
        const w = waiting.shift();
        if (w) w(arrived);
        else queue.push(arrived);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    /** The next message to arrive (an event, not a timer). */
    next: () =>
      new Promise<Arrived>((resolve) => {
        const m = queue.shift();
        if (m) resolve(m);
        else waiting.push(resolve);
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SETTINGS = [
  'smtp_server',
  'smtp_port',
  'smtp_username',
  'smtp_password',
  'smtp_starttls',
  'smtp_tls',
  'sendmail_path',
] as const;
afterEach(() => {
  for (const k of SETTINGS) delete web.config[k];
});

describe('web.sendmail over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => {
    smtp = await startSmtp();
  });
  after(() => smtp.close());
  const useSmtp = () => {
    web.config.smtp_server = '127.0.0.1';
    web.config.smtp_port = smtp.port;
  };

  it('sends to, cc and bcc in the envelope, with the headers and no Bcc header', async () => {
    useSmtp();
    const arrived = smtp.next();
    const info = await web.sendmail('Me <me@x.org>', ['a@x.org', 'B <b@x.org>'], 'Hi é', 'Body é\nline2', {
      headers: { 'X-Tag': 'v', 'Reply-To': 'r@x.org' },
      cc: 'c@x.org',
      bcc: ['d@x.org'],
    });
    const m = await arrived;
    assert.equal(m.from, 'me@x.org');
    assert.deepEqual(m.to, ['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org']);
    assert.deepEqual(info.accepted, ['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org']);
    assert.equal(m.mail.from?.text, '"Me" <me@x.org>');
    assert.equal(m.mail.subject, 'Hi é');
    assert.equal(m.mail.headers.get('x-tag'), 'v');
    assert.equal((m.mail.replyTo as { text: string }).text, 'r@x.org');
    assert.deepEqual(
      (m.mail.to as { value: { address: string }[] }).value.map((v) => v.address),
      ['a@x.org', 'b@x.org'],
    );
    assert.equal((m.mail.cc as { text: string }).text, 'c@x.org');
    assert.doesNotMatch(m.raw, /^bcc:/im);
    // Not as an address anywhere (a Message-ID such as <…5d@x.org> is no leak: hence the look-behind).
    assert.doesNotMatch(m.raw, /(?<![\w.+-])d@x\.org/);
    assert.equal(m.mail.text?.trim(), 'Body é\nline2');
  });

  it('takes headers as the fifth argument and the options sixth; From/Subject there replace the made ones', async () => {
    useSmtp();
    const arrived = smtp.next();
    await web.sendmail(
      'me@x.org',
      'a@x.org',
      'made',
      'x',
      { Subject: 'given', From: 'Alias <alias@x.org>' },
      { cc: ['c@x.org'] },
    );
    const m = await arrived;
    assert.equal(m.mail.subject, 'given');
    assert.equal(m.mail.from?.value[0]?.address, 'alias@x.org');
    assert.equal(m.from, 'me@x.org', 'the envelope keeps the from_address');
    assert.deepEqual(m.to, ['a@x.org', 'c@x.org']);
  });

  it('sends HTML when the headers say text/html', async () => {
    useSmtp();
    const arrived = smtp.next();
    await web.sendmail('me@x.org', 'a@x.org', 'S', '<b>x</b>', {
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
    });
    const m = await arrived;
    assert.equal(typeof m.mail.html === 'string' ? m.mail.html.trim() : m.mail.html, '<b>x</b>');
    assert.equal(m.mail.text?.trim(), 'x', 'mailparser derives the text part from the HTML');
  });

  it('attaches data, files and streams, guessing types from names', async () => {
    useSmtp();
    const dir = mkdtempSync(join(tmpdir(), 'webts-mail-'));
    try {
      writeFileSync(join(dir, 'notes.txt'), 'from a file');
      writeFileSync(join(dir, 'pic.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      const arrived = smtp.next();
      await web.sendmail('me@x.org', 'a@x.org', 'files', 'see attached', {
        attachments: [
          { filename: 'n.txt', content: 'text file' },
          { filename: 'd.bin', content: Buffer.from([0, 1, 2]) },
          { filename: 'x.dat', content: 'typed', content_type: 'application/x-custom' },
          join(dir, 'notes.txt'),
          createReadStream(join(dir, 'pic.png')),
        ],
      });
      const m = await arrived;
      assert.equal(m.mail.text?.trim(), 'see attached');
      assert.deepEqual(
        m.mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString('hex')]),
        [
          ['n.txt', 'text/plain', Buffer.from('text file').toString('hex')],
          ['d.bin', 'application/octet-stream', '000102'],
          ['x.dat', 'application/x-custom', Buffer.from('typed').toString('hex')],
          ['notes.txt', 'text/plain', Buffer.from('from a file').toString('hex')],
          ['pic.png', 'image/png', '89504e47'],
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an attachment it cannot read, before connecting', async () => {
    useSmtp();
    await assert.rejects(web.sendmail('me@x.org', 'a@x.org', 's', 'm', { attachments: [42 as never] }), {
      name: 'TypeError',
      message: 'web.sendmail: invalid attachment: 42',
    });
  });

  it('a CR/LF in the subject cannot add a header or a recipient', async () => {
    useSmtp();
    const arrived = smtp.next();
    await web.sendmail('me@x.org', 'a@x.org', 'hi\r\nBcc: evil@x.org\r\nX-Evil: 1', 'm');
    const m = await arrived;
    assert.deepEqual(m.to, ['a@x.org']);
    assert.equal(m.mail.headers.get('x-evil'), undefined);
    assert.equal(m.mail.headers.get('bcc'), undefined);
    const again = smtp.next();
    await web.sendmail('me@x.org', 'a@x.org', 's', 'm', { headers: { 'X-Note': 'a\r\nX-Evil: 2' } });
    const n = await again;
    assert.equal(n.mail.headers.get('x-evil'), undefined);
    assert.match(String(n.mail.headers.get('x-note')), /^a\s*X-Evil: 2$/);
  });

  it('says which server it could not reach', async () => {
    const down = await startSmtp();
    const port = down.port;
    await down.close();
    web.config.smtp_server = '127.0.0.1';
    web.config.smtp_port = port;
    await assert.rejects(web.sendmail('me@x.org', 'a@x.org', 's', 'm'), (err: Error) => {
      assert.match(
        err.message,
        new RegExp(`^web\\.sendmail: could not send through the SMTP server 127\\.0\\.0\\.1:${port}: `),
      );
      assert.match(err.message, /ECONNREFUSED/);
      assert.ok(err.cause instanceof Error);
      return true;
    });
  });
});

describe('web.sendmail with AUTH and STARTTLS', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => {
    smtp = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'webts' && auth.password === 's3cret') callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
    });
  });
  after(() => smtp.close());

  it('logs in with smtp_username and smtp_password', async () => {
    Object.assign(web.config, {
      smtp_server: '127.0.0.1',
      smtp_port: smtp.port,
      smtp_username: 'webts',
      smtp_password: 's3cret',
    });
    const arrived = smtp.next();
    await web.sendmail('me@x.org', 'a@x.org', 'auth', 'm');
    const m = await arrived;
    assert.equal(m.user, 'webts');
    assert.equal(m.secure, false);
  });

  it('a wrong password is a clear error', async () => {
    Object.assign(web.config, {
      smtp_server: '127.0.0.1',
      smtp_port: smtp.port,
      smtp_username: 'webts',
      smtp_password: 'wrong',
    });
    await assert.rejects(
      web.sendmail('me@x.org', 'a@x.org', 's', 'm'),
      /could not send through the SMTP server .*Invalid username or password/,
    );
  });

  it('without credentials the server refuses the mail', async () => {
    Object.assign(web.config, { smtp_server: '127.0.0.1', smtp_port: smtp.port });
    await assert.rejects(
      web.sendmail('me@x.org', 'a@x.org', 's', 'm'),
      /could not send through the SMTP server/,
    );
  });

  it("smtp_starttls verifies the server's certificate (a self-signed one is refused)", async () => {
    Object.assign(web.config, {
      smtp_server: '127.0.0.1',
      smtp_port: smtp.port,
      smtp_username: 'webts',
      smtp_password: 's3cret',
      smtp_starttls: true,
    });
    await assert.rejects(
      web.sendmail('me@x.org', 'a@x.org', 's', 'm'),
      /could not send through the SMTP server .*certificate/i,
    );
  });

  it('smtp_starttls upgrades the connection before logging in', async () => {
    Object.assign(web.config, {
      smtp_server: '127.0.0.1',
      smtp_port: smtp.port,
      smtp_username: 'webts',
      smtp_password: 's3cret',
      smtp_starttls: true,
      // The test server's certificate is smtp-server's self-signed one.
      smtp_tls: { rejectUnauthorized: false },
    });
    const arrived = smtp.next();
    await web.sendmail('me@x.org', 'a@x.org', 'tls', 'm');
    const m = await arrived;
    assert.equal(m.secure, true);
    assert.equal(m.user, 'webts');
  });
});

describe('web.sendmail through the sendmail program', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-sendmail-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs sendmail_path with -f from and the recipients, the message on stdin', async () => {
    const script = join(dir, 'fake-sendmail');
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$@" > '${dir}/args'\ncat > '${dir}/stdin'\n`);
    chmodSync(script, 0o755);
    web.config.sendmail_path = script;
    await web.sendmail('Me <me@x.org>', 'a@x.org', 'via program', 'hello', { cc: 'c@x.org', bcc: 'd@x.org' });
    assert.deepEqual(readFileSync(join(dir, 'args'), 'utf8').trim().split('\n'), [
      '-i',
      '-f',
      'me@x.org',
      'a@x.org',
      'c@x.org',
      'd@x.org',
    ]);
    const mail = await simpleParser(readFileSync(join(dir, 'stdin')));
    assert.equal(mail.subject, 'via program');
    assert.equal(mail.text?.trim(), 'hello');
  });

  it('a missing program is a clear error', async () => {
    web.config.sendmail_path = join(dir, 'no-such-sendmail');
    await assert.rejects(
      web.sendmail('me@x.org', 'a@x.org', 's', 'm'),
      /could not send through the sendmail program .*no-such-sendmail/,
    );
  });
});

describe('web.emailerrors', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => {
    smtp = await startSmtp();
  });
  after(() => smtp.close());

  function buggyApp() {
    class Boom {
      GET() {
        throw new Error('kaboom');
      }
    }
    class Fine {
      GET() {
        return 'fine';
      }
    }
    const app = web.application(['/boom', 'Boom', '/fine', 'Fine'], { Boom, Fine });
    app.internalerror = web.emailerrors('bugs@x.org', web.debugerror);
    return app;
  }

  it('a 500 mails the error and the debug page; the client still gets its 500', async () => {
    web.config.smtp_server = '127.0.0.1';
    web.config.smtp_port = smtp.port;
    const arrived = smtp.next();
    await withServer(buggyApp(), async ({ port }) => {
      const { result: res, text: logged } = await captureStderr(() => httpRequest(port, '/boom?x=1'));
      assert.match(
        logged,
        /^GET \/boom\?x=1: Error: kaboom\n {4}at /,
        'the error is logged as well as mailed',
      );
      assert.equal(res.statusCode, 500);
      assert.match(res.body, /kaboom/);
      const m = await arrived;
      assert.equal(m.from, 'bugs@x.org');
      assert.deepEqual(m.to, ['bugs@x.org']);
      assert.equal(m.mail.from?.text, '"your buggy site" <bugs@x.org>');
      assert.equal((m.mail.to as { text: string }).text, '"the bugfixer" <bugs@x.org>');
      assert.equal(m.mail.subject, 'bug: Error: kaboom (/boom)');
      assert.ok(
        m.mail.text?.startsWith(`\nGET http://127.0.0.1:${port}/boom?x=1\n\nError: kaboom\n`),
        m.mail.text,
      );
      const [page] = m.mail.attachments;
      assert.equal(page?.filename, 'bug.html');
      assert.equal(page?.contentType, 'text/html');
      assert.match(page?.content.toString() ?? '', /<h2>kaboom<\/h2>/);
      assert.equal((await httpRequest(port, '/fine')).body, 'fine');
    });
  });

  it('when the mail cannot be sent, the client gets its 500 and the failure is logged', async () => {
    const down = await startSmtp();
    const port = down.port;
    await down.close();
    web.config.smtp_server = '127.0.0.1';
    web.config.smtp_port = port;
    const original = process.stderr.write;
    let logged!: (text: string) => void;
    const failure = new Promise<string>((resolve) => {
      logged = resolve;
    });
    process.stderr.write = ((chunk: string | Uint8Array) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      if (text.startsWith('web.emailerrors: ')) logged(text);
      return true;
    }) as typeof process.stderr.write;
    try {
      await withServer(buggyApp(), async (running) => {
        const res = await httpRequest(running.port, '/boom');
        assert.equal(res.statusCode, 500);
        assert.match(
          await failure,
          /could not send through the SMTP server 127\.0\.0\.1:\d+: .*ECONNREFUSED/,
        );
        assert.equal((await httpRequest(running.port, '/fine')).body, 'fine');
      });
    } finally {
      process.stderr.write = original;
    }
  });
});
