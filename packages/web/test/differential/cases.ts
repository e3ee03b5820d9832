/**
 * The differential corpus: each case is a web.py 0.62 app (apps/<dir>/app.py), its webts port
 * (apps/<dir>/app.ts, line for line) and the requests sent to both. docs/differential.md.
 */
import { type Case, documented } from './harness.js';

export const CASES: Case[] = [
  {
    name: 'hello world',
    dir: 'hello',
    steps: [
      { path: '/', expect: { status: 200, body: 'Hello, world!' } },
      { path: '/hello/', expect: { body: 'Hello, World!' } },
      { path: '/hello/Bob' },
      { path: '/hello/caf%C3%A9%20au%20lait' },
      { path: '/go', expect: { status: 303 } },
      { path: '/old/x?a=1', expect: { status: 301 } },
      { path: '/nowhere', expect: { status: 404 } },
    ],
  },
  {
    name: 'input: defaults, lists, required',
    dir: 'input',
    steps: [
      { path: '/echo', expect: { body: 'name=anon lang=en' } },
      { path: '/echo?name=Bob&lang=fr' },
      { path: '/echo?name=a+b%26c&name=last', expect: { body: 'name=last' } },
      { method: 'POST', path: '/echo', form: { name: 'Ann' } },
      { method: 'POST', path: '/echo?lang=de', form: { name: 'Ann' } },
      { method: 'POST', path: '/echo?name=Query', form: { name: 'Body' }, expect: { body: 'name=Query' } },
      { path: '/list', expect: { body: '0: ' } },
      { path: '/list?tag=a&tag=b', expect: { body: '2: a,b' } },
      { method: 'POST', path: '/list?tag=q', form: { tag: ['x', 'y'] }, expect: { body: '3: x,y,q' } },
      { path: '/need', expect: { status: 400, body: 'bad request' } },
      { path: '/need?id=7' },
      { method: 'POST', path: '/form', form: { a: '1', b: '', c: 'é ü', d: ['1', '2'] } },
      { method: 'POST', path: '/form', body: 'x=1&y=two+words' },
    ],
    normalise(ts, step, py) {
      // porting.md, Core, "`web.input()` precedence": the body wins over the query string, and
      // with a list default query values come first (web.py 0.62: the query wins, body first).
      if (step.path === '/echo?name=Query') documented(ts, py, { body: 'posted name=Body lang=en' });
      if (step.path === '/list?tag=q') documented(ts, py, { body: '3: q,x,y' });
    },
  },
  {
    name: 'cookies: setcookie options, cookies() defaults',
    dir: 'cookies',
    steps: [
      { path: '/show', expect: { body: 'lang=en theme=light plain=- spaced=- scoped=-' } },
      { path: '/set', expect: { body: 'set' } },
      { path: '/show', expect: { body: 'lang=fr theme=dark plain=v spaced=a b;c,d scoped=x' } },
      { path: '/need', expect: { body: 'lang is fr' } },
      { path: '/forget' },
      { path: '/need', expect: { status: 500 } },
      { path: '/show', noCookies: true, headers: { Cookie: 'plain="quoted"; lang=de; theme=%F0%9F%8C%99' } },
    ],
    normalise(ts, step, py) {
      // porting.md, Core, "A missing required cookie": 400 Bad Request (web.py: 500).
      if (step.path === '/need' && py.status.startsWith('500'))
        documented(ts, py, {
          status: '400 Bad Request',
          headers: { 'content-type': 'text/html' },
          body: 'bad request',
        });
    },
  },
  {
    name: 'web.ctx fields',
    dir: 'ctx',
    steps: [
      { path: '/ctx' },
      {
        path: '/ctx/a%20b?x=1&y=2',
        headers: { Referer: 'http://example.org/from', 'User-Agent': 'differential/1' },
        expect: { body: 'rest=/a b' },
      },
      { method: 'POST', path: '/post' },
      {
        path: '/ctx',
        headers: { Host: 'example.com:8000' },
        expect: { body: 'home=http://example.com:8000' },
      },
      { path: '/ctx?q=caf%C3%A9' },
    ],
  },
  {
    name: 'file upload: web.input(myfile={})',
    dir: 'upload',
    steps: [
      { path: '/upload' },
      {
        method: 'POST',
        path: '/upload',
        multipart: [
          { name: 'myfile', filename: 'a.txt', type: 'text/plain', value: 'hello file' },
          { name: 'note', value: 'n1' },
        ],
        expect: { body: 'a.txt (10 bytes, text/plain): hello file; note=n1' },
      },
      { method: 'POST', path: '/upload', multipart: [{ name: 'note', value: 'only' }] },
      {
        method: 'POST',
        path: '/upload',
        multipart: [{ name: 'myfile', filename: '', type: 'application/octet-stream', value: '' }],
      },
    ],
  },
  {
    name: 'file upload: a Windows path as filename',
    dir: 'upload',
    steps: [
      {
        method: 'POST',
        path: '/upload',
        multipart: [{ name: 'myfile', filename: 'C:\\dir\\b.txt', type: 'text/plain', value: 'é' }],
        expect: { body: 'b.txt (2 bytes, text/plain): é; note=none' },
      },
    ],
  },
  {
    name: 'sub-applications by path (subdir_application)',
    dir: 'subdir',
    steps: [
      { path: '/blog', expect: { body: 'blog index: path= ' } },
      { path: '/blog/?a=1', expect: { body: 'fullpath=/?a=1' } },
      { path: '/blog/first-post' },
      { path: '/blog/go', expect: { status: 303 } },
      { path: '/blog/missing', expect: { status: 404, body: 'main says: nothing at /missing' } },
      { path: '/blogx' },
      { path: '/wiki/Home' },
      { path: '/other' },
    ],
  },
  {
    name: 'sub-applications by domain (subdomain_application)',
    dir: 'subdomain',
    steps: [
      { path: '/', headers: { Host: 'example.com' }, expect: { body: 'main site at example.com' } },
      { path: '/', headers: { Host: 'www.example.com:8080' } },
      { path: '/', headers: { Host: 'blog.example.com:8080' } },
      { path: '/profile', headers: { Host: 'bob.users.example.com' }, expect: { body: 'user bob' } },
      { path: '/', headers: { Host: 'other.org' }, expect: { status: 404 } },
      { path: '/', headers: { Host: 'evil.example.com.attacker.org' }, expect: { status: 404 } },
      { path: '/nope', headers: { Host: 'blog.example.com' }, expect: { status: 404 } },
    ],
  },
  {
    name: 'auto_application and app.page',
    dir: 'autoapp',
    steps: [
      { path: '/hello', expect: { body: 'hello, world' } },
      { path: '/foo/bar/baz', expect: { body: 'foo bar/baz' } },
      { path: '/foo', expect: { status: 404 } },
      { path: '/form' },
      { method: 'POST', path: '/form', form: { x: 'y' } },
      { method: 'PUT', path: '/hello', expect: { status: 405 } },
    ],
    headers: ['Allow'],
  },
  {
    name: 'autodelegate',
    dir: 'autodelegate',
    steps: [
      { path: '/prefs/password', expect: { body: 'password page' } },
      { path: '/prefs/privacy' },
      { path: '/prefs/privacy/change/x', expect: { body: 'privacy page /change/x' } },
      { path: '/prefs/unknown', expect: { status: 404 } },
      { method: 'POST', path: '/prefs/password', form: { pw: 'secret' } },
      { method: 'POST', path: '/prefs/privacy', expect: { status: 404 } },
    ],
  },
  {
    name: 'HTTP errors: notfound, nomethod and Allow, custom error pages',
    dir: 'errors',
    headers: ['Allow', 'X-Before'],
    steps: [
      { path: '/only-get', expect: { body: 'got' } },
      { method: 'POST', path: '/only-get', expect: { status: 405, body: 'method not allowed' } },
      { method: 'PATCH', path: '/rest', expect: { status: 405 } },
      { method: 'DELETE', path: '/rest', expect: { body: 'delete' } },
      { path: '/missing', expect: { status: 404, body: 'Sorry, the page' } },
      { path: '/missing-msg', expect: { status: 404, body: 'no such thing' } },
      { path: '/nowhere', expect: { status: 404, body: 'Sorry, the page' } },
      { path: '/forbidden', expect: { status: 403, body: 'forbidden' } },
      { path: '/boom', expect: { status: 500, body: 'No donut for you.' } },
      { path: '/bad?why=because', expect: { status: 400, body: 'bad: because' } },
    ],
  },
  {
    name: 'redirect, found, seeother, tempredirect',
    dir: 'redirects',
    steps: [
      { path: '/r301', expect: { status: 301 } },
      { path: '/r302', expect: { status: 302 } },
      { path: '/r303', expect: { status: 303 } },
      { path: '/r307', expect: { status: 307 } },
      { path: '/rel/a/b' },
      { path: '/up/a/b' },
      { path: '/query/a' },
      { path: '/elsewhere' },
      { path: '/slashes' },
      { method: 'POST', path: '/post', expect: { status: 303 } },
      { path: '/custom', expect: { status: 302 } },
      { path: '/old?a=1', expect: { status: 301 } },
      { method: 'POST', path: '/old?a=1', expect: { status: 301 } },
      { path: '/r303', headers: { Host: 'example.com:8000' } },
    ],
  },
  {
    name: 'status codes and headers',
    dir: 'status',
    headers: ['X-Tea', 'X-One', 'X-Unique'],
    steps: [
      { method: 'POST', path: '/created', expect: { status: 201 } },
      { path: '/teapot', expect: { status: 418 } },
      { path: '/accepted', expect: { status: 202 } },
      { path: '/conflict', expect: { status: 409 } },
      { path: '/gone', expect: { status: 410 } },
      { path: '/unauthorized', expect: { status: 401 } },
      { path: '/legal', expect: { status: 451 } },
      { path: '/header', expect: { body: 'headers' } },
      { path: '/notmodified', expect: { status: 304 } },
    ],
  },
  {
    name: 'autodelegate: a path segment more than the method takes',
    dir: 'autodelegate',
    steps: [{ path: '/prefs/password/extra', expect: { status: 404, body: 'not found' } }],
  },
  {
    name: 'returning an HTTP error instead of raising it',
    dir: 'errors',
    steps: [{ path: '/returned', expect: { status: 410, body: '410 Gone' } }],
  },
];

/** Cases that use a name webts does not have yet; each must still differ (so it cannot pass unnoticed). */
export const PENDING_FEATURES: readonly { case: string; missing: string }[] = [];

/** Cases where webts differs from web.py and should not; each must still differ. */
export const KNOWN_BUGS: readonly { case: string; bug: string }[] = [
  {
    case: 'autodelegate: a path segment more than the method takes',
    bug: '/prefs/password/extra calls GET_password() (JavaScript drops the extra argument) and answers 200; web.py answers 404 (its TypeError becomes notfound). Not in porting.md: fix, or add it beside the handler-arity row',
  },
  {
    case: 'returning an HTTP error instead of raising it',
    bug: '`return web.gone()` sends the body "gone"; web.py sends the status line "410 Gone" (the exception text). Not in porting.md: match it, or document it in the "HTTP errors are values" row',
  },
  {
    case: 'file upload: a Windows path as filename',
    bug: 'a backslash in a multipart filename is taken as an escape and dropped (C:\\dir\\b.txt → C:dirb.txt); browsers send it literally and web.py keeps it, so the cookbook recipe (replace \\ by /, take the last part) breaks',
  },
];
