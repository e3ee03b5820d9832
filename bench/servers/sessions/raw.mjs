// The naive hand-written approach: node:http, one JSON file per session, read and rewritten on every request.
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { argvOptions, fail, listen, serve } from '../../lib/child.mjs';
import { countFiles, emptyDir, LOGGED_IN, NOT_LOGGED_IN } from '../../lib/sessions-app.mjs';

const { dir } = argvOptions();
await emptyDir(dir);
let tmpCounter = 0;

function sessionIdFrom(req) {
  const m = /(?:^|;\s*)sid=([0-9a-f]{40})(?:;|$)/.exec(req.headers.cookie ?? '');
  return m ? m[1] : null;
}

async function load(id) {
  try {
    return JSON.parse(await readFile(path.join(dir, `${id}.json`), 'utf8'));
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
}

async function save(id, data) {
  // Write then rename, so a concurrent reader of the same session never sees half a file.
  const tmp = path.join(dir, `.${id}.${process.pid}.${tmpCounter++}`);
  await writeFile(tmp, JSON.stringify(data));
  await rename(tmp, path.join(dir, `${id}.json`));
}

const server = http.createServer(async (req, res) => {
  try {
    let id = sessionIdFrom(req);
    let data = id ? await load(id) : null;
    const headers = {};
    if (!data) {
      id = randomBytes(20).toString('hex');
      data = {};
      headers['set-cookie'] = `sid=${id}; HttpOnly; Path=/`;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const p = q === -1 ? url : url.slice(0, q);
    let status = 200;
    let body = '';
    if (p === '/') body = data.logged_in ? LOGGED_IN : NOT_LOGGED_IN;
    else if (p === '/login') {
      data.logged_in = true;
      status = 303;
      headers.location = '/';
    } else status = 404;
    await save(id, data);
    headers['content-type'] = 'text/html; charset=utf-8';
    headers['content-length'] = Buffer.byteLength(body);
    res.writeHead(status, headers);
    res.end(body);
  } catch (err) {
    res.writeHead(500);
    res.end(String(err));
  }
});

listen(server).then((s) => serve(s, { count: () => countFiles(dir), clear: () => emptyDir(dir) }), fail);
