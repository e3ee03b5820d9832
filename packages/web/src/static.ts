import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, posix, resolve, sep } from 'node:path';

/** Content types for the files a site usually has in ./static/. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.wasm': 'application/wasm',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** The content type for a file name, by extension. */
export function contentTypeFor(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Whether a (decoded) path is a request for ./static/ — after `..` is collapsed, as web.py checks. */
export function isStaticPath(path: string): boolean {
  return path.startsWith('/static/') && posix.normalize(path).startsWith('/static/');
}

/**
 * Serve `path` (already decoded, starting `/static/`) from `root`, web.py style, with ETag and
 * Last-Modified validators. Never leaves `root` (no `..`, no NUL) and never lists directories.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  root: string,
): Promise<number> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return finish(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
  const base = resolve(root);
  const relative = posix.normalize(path).slice('/static/'.length);
  const file = resolve(join(base, relative));
  if (path.includes('\0') || (file !== base && !file.startsWith(base + sep)))
    return finish(res, 404, 'not found');
  let info: Stats;
  try {
    info = await stat(file);
  } catch {
    return finish(res, 404, 'not found');
  }
  if (!info.isFile()) return finish(res, 404, 'not found');
  const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = {
    'Content-Type': contentTypeFor(file),
    'Content-Length': String(info.size),
    ETag: etag,
    'Last-Modified': info.mtime.toUTCString(),
  };
  if (etagMatches(req.headers['if-none-match'], etag)) {
    res.writeHead(304, { ETag: etag });
    res.end();
    return 304;
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return 200;
  }
  return new Promise((done) => {
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    res.on('close', () => {
      stream.destroy();
      done(200);
    });
    stream.pipe(res);
  });
}

/** If-None-Match as RFC 9110 reads it: a list of tags, weak ones too (`W/"…"`), or `*`. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function finish(res: ServerResponse, code: number, body: string, extra: Record<string, string> = {}): number {
  res.writeHead(code, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(body.length),
    ...extra,
  });
  res.end(body);
  return code;
}
