import { BadRequest } from '../errors/http-errors.js';

/** An uploaded file, as `web.input(myfile={})` gives it in web.py. */
export interface FileUpload {
  /** The client's file name (no directories are trusted: use it for display only). */
  filename: string;
  /** The file's bytes. */
  value: Buffer;
  /** Its Content-Type as the client sent it. */
  type: string;
  /** Content-Disposition parameters and part headers, lower-case names. */
  headers: Record<string, string>;
  /** web.py's `.file`: the bytes as a file object to `read()` (all of it, or `size` bytes) from. */
  file: UploadFile;
}

/** A readable view of an upload's bytes, like the Python file object web.py hands out. */
export class UploadFile {
  readonly #bytes: Buffer;
  #pos = 0;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  /** The next `size` bytes (default: the rest); an empty Buffer at the end. */
  read(size?: number): Buffer {
    const end =
      size === undefined || size < 0 ? this.#bytes.length : Math.min(this.#pos + size, this.#bytes.length);
    const chunk = this.#bytes.subarray(this.#pos, end);
    this.#pos = end;
    return chunk;
  }
  /** Move to byte `offset` (web.py users call `seek(0)` to read again). */
  seek(offset: number): void {
    this.#pos = Math.max(0, Math.min(offset, this.#bytes.length));
  }
  /** The current position. */
  tell(): number {
    return this.#pos;
  }
}

export type Part = { name: string; value: string } | { name: string; file: FileUpload };

const MAX_PARTS = 1000;
const MAX_PART_HEADER = 8 * 1024;

/**
 * Parse a whole `multipart/form-data` body. The body is already in memory (bounded by
 * `max_body_size`), so a synchronous parser keeps `web.input()` synchronous as in web.py.
 * Anything malformed is a 400, never an exception with a stack.
 */
export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = boundaryOf(contentType);
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw malformed('no boundary found');
  pos += delimiter.length;
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts; // closing `--boundary--`
    // Tolerate transport padding after the boundary, then require the line break.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw malformed('boundary not followed by CRLF');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
    if (headerEnd === -1 || headerEnd - pos > MAX_PART_HEADER)
      throw malformed('part headers missing or too long');
    const headers = parseHeaders(body.toString('utf8', pos, headerEnd));
    const start = headerEnd + 4;
    const end = body.indexOf(Buffer.concat([CRLF, delimiter]), start);
    if (end === -1) throw malformed('truncated body (closing boundary missing)');
    if (parts.length >= MAX_PARTS) throw malformed(`more than ${MAX_PARTS} parts`);
    parts.push(makePart(headers, body.subarray(start, end)));
    pos = end + 2 + delimiter.length;
  }
}

const CRLF = Buffer.from('\r\n');

function malformed(why: string): BadRequest {
  return new BadRequest(`bad request: malformed multipart body (${why})`);
}

function boundaryOf(contentType: string): string {
  const params = parseParams(contentType.slice(contentType.indexOf(';') + 1));
  const boundary = params.boundary;
  if (!boundary || boundary.length > 200) throw malformed('missing or invalid boundary');
  return boundary;
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed('bad part header line');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function makePart(headers: Record<string, string>, value: Buffer): Part {
  const disposition = headers['content-disposition'];
  if (disposition === undefined || !/^form-data\s*(;|$)/i.test(disposition)) {
    throw malformed('part without Content-Disposition: form-data');
  }
  const params = parseParams(disposition.slice(disposition.indexOf(';') + 1));
  const name = params.name;
  if (name === undefined) throw malformed('part without a name');
  const filename = params['filename*'] !== undefined ? decodeExtValue(params['filename*']) : params.filename;
  if (filename === undefined) return { name, value: value.toString('utf8') };
  const bytes = Buffer.from(value);
  return {
    name,
    file: {
      filename,
      value: bytes,
      file: new UploadFile(bytes),
      type: headers['content-type'] ?? 'application/octet-stream',
      headers: { ...params, ...headers },
    },
  };
}

/** `a=1; b="x \" y"` → `{ a: '1', b: 'x " y' }` (names lower-cased). */
function parseParams(text: string): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  const re = /\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))\s*;?/gy;
  for (let m = re.exec(text); m !== null && m[0] !== ''; m = re.exec(text)) {
    const key = (m[1] ?? '').toLowerCase();
    params[key] = m[2] !== undefined ? unquote(m[2]) : (m[3] ?? '').trim();
  }
  return params;
}

/**
 * The inside of a quoted value as browsers write it and web.py reads it: only `\\` and `\"` are escapes, so a
 * Windows path (`C:\dir\b.txt`, which browsers send literally) keeps its backslashes.
 */
function unquote(text: string): string {
  return text.replaceAll('\\\\', '\\').replaceAll('\\"', '"');
}

/** RFC 5987 `UTF-8''na%C3%AFve.txt`. */
function decodeExtValue(value: string): string {
  const match = /^([\w-]+)'[^']*'(.*)$/.exec(value);
  if (!match) return value;
  try {
    return decodeURIComponent(match[2] ?? '');
  } catch {
    return match[2] ?? '';
  }
}
