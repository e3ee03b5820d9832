/**
 * A minimal SMTP server that accepts every message and keeps it, for the sendmail case: each side of
 * the pair gets its own, so the mail each one sent can be compared.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** One message as received: envelope and the DATA text. */
export interface Mail {
  from: string;
  to: string[];
  data: string;
}

/** A running sink on 127.0.0.1. */
export interface SmtpSink {
  port: number;
  /** Messages received so far (the test empties it between cases). */
  messages: Mail[];
  close(): Promise<void>;
}

function session(socket: Socket, messages: Mail[]): void {
  let buffer = '';
  let inData = false;
  let mail: Mail = { from: '', to: [], data: '' };
  const reply = (line: string) => socket.write(`${line}\r\n`);
  reply('220 differential ESMTP');
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end === -1) return;
        mail.data = buffer.slice(0, end).replace(/^\.\./gm, '.');
        buffer = buffer.slice(end + 5);
        messages.push(mail);
        mail = { from: '', to: [], data: '' };
        inData = false;
        reply('250 OK queued');
        continue;
      }
      const eol = buffer.indexOf('\r\n');
      if (eol === -1) return;
      const line = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') reply('250 differential');
      else if (verb === 'MAIL') {
        mail.from = line.replace(/^MAIL FROM:\s*/i, '');
        reply('250 OK');
      } else if (verb === 'RCPT') {
        mail.to.push(line.replace(/^RCPT TO:\s*/i, ''));
        reply('250 OK');
      } else if (verb === 'DATA') {
        inData = true;
        reply('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'QUIT') {
        reply('221 Bye');
        socket.end();
      } else if (verb === 'RSET' || verb === 'NOOP') reply('250 OK');
      else reply('502 Command not implemented');
    }
  });
  socket.on('error', () => socket.destroy());
}

/** Start a sink on an ephemeral port. */
export function startSmtpSink(): Promise<SmtpSink> {
  const messages: Mail[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    session(socket, messages);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        messages,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * A message reduced to what the sender chose: envelope, the headers that carry meaning (Date and
 * Message-ID are left out), and the body with line endings made `\n`.
 */
export function normaliseMail(mail: Mail): string {
  const text = mail.data.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const head = (split === -1 ? text : text.slice(0, split)).replace(/\n[ \t]+/g, ' ');
  const body = split === -1 ? '' : text.slice(split + 2);
  const keep = ['from', 'to', 'cc', 'subject', 'content-type', 'mime-version', 'x-mailer'];
  const headers = head
    .split('\n')
    .map((line) => {
      const i = line.indexOf(':');
      return [line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()] as const;
    })
    .filter(([name]) => keep.includes(name))
    .map(([name, value]) => `${name}: ${decodeHeader(value)}`)
    .sort();
  return [`MAIL FROM:${mail.from}`, ...mail.to.map((t) => `RCPT TO:${t}`), ...headers, '', body].join('\n');
}

/**
 * A header value as a reader sees it: RFC 2047 encoded words decoded (Python writes `=?utf-8?b?…?=`, nodemailer
 * `=?UTF-8?Q?…?=`) and quoted parameter values unquoted (`charset="utf-8"` and `charset=utf-8` are the same).
 */
function decodeHeader(value: string): string {
  const words = value.replace(
    /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g,
    (_, _charset: string, kind: string, text: string) => {
      const bytes =
        kind.toLowerCase() === 'b'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                  String.fromCharCode(Number.parseInt(hex, 16)),
                ),
              'latin1',
            );
      return bytes.toString('utf8');
    },
  );
  return words.replace(/=\s*"([^"]*)"/g, '=$1');
}
