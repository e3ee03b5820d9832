import type { Stats } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { join, posix, relative, resolve, sep } from 'node:path';
import send from 'send';
import { config } from '../core/config.js';

/** Whether a (decoded) path is a request for ./static/ — after `..` is collapsed, as web.py checks. */
export function isStaticPath(path: string): boolean {
  return path.startsWith('/static/') && posix.normalize(path).startsWith('/static/');
}

/** A name starting with a dot (`.env`, `.git`): never served. */
function isDotName(segment: string): boolean {
  return segment.length > 1 && segment[0] === '.';
}

/**
 * Serve `path` (already decoded, starting `/static/`) from `root`, web.py style. The file itself is
 * sent by the `send` library (Range, If-Modified-Since, If-Range, If-Match, its MIME table); this
 * function decides what may be sent at all:
 *
 * - a NUL byte is 400, a `..` segment (written with a backslash: slashes were collapsed already) is 403;
 * - a dotfile or a file in a dot-folder (`.env`, `.git/config`) is 404, so its existence is not told;
 * - the file's real path (symlinks resolved) must lie inside the real `root`, else 404;
 * - directories are 404 (never listed), methods other than GET and HEAD 405.
 *
 * Resolves to the status sent once the response is finished.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  root: string,
): Promise<number> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return finish(res, 405, { Allow: 'GET, HEAD' });
  const wanted = posix.normalize(path).slice('/static/'.length);
  if (wanted.includes('\0')) return finish(res, 400);
  const segments = wanted.split(/[\\/]/);
  if (segments.includes('..')) return finish(res, 403);
  if (segments.some(isDotName)) return finish(res, 404);
  let base: string;
  let file: string;
  try {
    base = await realpath(resolve(root));
    file = await realpath(join(base, wanted));
  } catch {
    // Missing, a dangling or looping symlink, a name too long: nothing to send.
    return finish(res, 404);
  }
  if (!file.startsWith(base + sep)) return finish(res, 404);
  const inside = relative(base, file);
  if (inside.split(sep).some(isDotName)) return finish(res, 404);
  return sendFile(req, res, base, inside);
}

function sendFile(req: IncomingMessage, res: ServerResponse, base: string, inside: string): Promise<number> {
  const cacheControl = config.static_cache_control;
  return new Promise((done) => {
    res.once('close', () => done(res.statusCode));
    // send decodes the path it is given: encode each segment, so nothing is decoded twice.
    const encoded = `/${inside.split(sep).map(encodeURIComponent).join('/')}`;
    send(req, encoded, {
      root: base,
      dotfiles: 'ignore',
      index: false,
      // Our own ETag (strong, size and mtime in hex, as before) and Cache-Control, set below.
      etag: false,
      cacheControl: false,
    })
      .on('headers', (response: ServerResponse, _file: string, stat: Stats) => {
        response.setHeader('ETag', `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`);
        if (typeof cacheControl === 'string' && cacheControl !== '')
          response.setHeader('Cache-Control', cacheControl);
      })
      .on('directory', () => finish(res, 404))
      .on('error', (err: { status?: number; statusCode?: number; headers?: Record<string, string> }) => {
        if (res.headersSent) {
          // The file failed while it was being read: cut the connection so the client sees it.
          res.destroy();
          return;
        }
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        finish(res, err.status ?? err.statusCode ?? 500, err.headers ?? {});
      })
      .pipe(res);
  });
}

/** A short web.py-style error page (`not found`), with the status's own name as the text. */
function finish(res: ServerResponse, code: number, extra: Record<string, string> = {}): number {
  const body = (STATUS_CODES[code] ?? 'error').toLowerCase();
  res.writeHead(code, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...extra,
  });
  res.end(body);
  return code;
}
