import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import web from '../../src/index.js';
import { type Running, serve } from '../helpers/http.js';

const MISSING =
  'CSRF check failed: this request has no csrf_token form field and no X-CSRF-Token header. ' +
  'Forms must include web.csrf_input(); reload the page and send it again.\n';
const INVALID =
  'CSRF check failed: the csrf_token sent does not belong to this session ' +
  '(a form from another site, or a stale page from an older session). Reload the page and send it again.\n';

// biome-ignore format: pattern, target pairs
const urls = [
  '/form', 'FormPage',
  '/decorated', 'Decorated',
  '/called', 'Called',
  '/open', 'Open',
  '/fn', 'fn',
  '/exempt', 'Exempt',
  '/webform', 'WebForm',
];

const tokenForm = web.form.Form(web.form.CsrfToken(), web.form.Textbox('title'));

class FormPage {
  GET() {
    return web.csrf_input();
  }
}
class Decorated {
  @web.csrf_protected
  POST() {
    return `ok ${web.input({ title: '' }).title}`;
  }
  @web.csrf_protected
  DELETE() {
    return 'deleted';
  }
  GET() {
    return 'get is never checked';
  }
}
class Called {
  POST = web.csrf_protected(() => 'called ok');
}
class Open {
  POST() {
    return 'open';
  }
  PUT() {
    return 'put';
  }
  PATCH() {
    return 'patch';
  }
  DELETE() {
    return 'delete';
  }
}
class Exempt {
  @web.csrf_exempt
  POST() {
    return 'exempt';
  }
}
class WebForm {
  GET() {
    return tokenForm().render();
  }
  POST() {
    const f = tokenForm();
    return f.validates() ? `valid ${String(f.d['title'])}` : 'invalid';
  }
}
const fn = () => `fn ${web.ctx.method}`;

const app = web.application(urls, { FormPage, Decorated, Called, Open, fn, Exempt, WebForm });
const session = web.session.Session(app, web.session.MemoryStore(), {});
web.config._session = session;

let server: Running;
before(async () => {
  server = await serve(app);
});
after(async () => {
  await server.close();
});

/** A browser-like client: one cookie jar, one session. */
interface Client {
  cookie: string;
  token: string;
}

async function newClient(): Promise<Client> {
  const r = await fetch(`${server.base}/form`);
  assert.equal(r.status, 200);
  const html = await r.text();
  const m = /^<input type="hidden" name="csrf_token" value="([A-Za-z0-9_-]{43})"\/>$/.exec(html);
  assert.ok(m, html);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  assert.match(cookie, /^webpy_session_id=/);
  return { cookie, token: m[1] as string };
}

function send(
  client: Client | undefined,
  path: string,
  body: string | FormData | undefined,
  options: { method?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (client) headers['cookie'] = client.cookie;
  if (typeof body === 'string') headers['content-type'] ??= 'application/x-www-form-urlencoded';
  return fetch(server.base + path, {
    method: options.method ?? 'POST',
    headers,
    ...(body === undefined ? {} : { body }),
    redirect: 'manual',
  });
}

async function answer(r: Response): Promise<[number, string]> {
  return [r.status, await r.text()];
}

/** The server still serves a normal request after a refusal. */
async function stillServing() {
  const c = await newClient();
  assert.deepEqual(await answer(await send(c, '/decorated', `csrf_token=${c.token}&title=next`)), [
    200,
    'ok next',
  ]);
}

describe('the token', () => {
  test('is 32 random bytes in base64url, kept in the session: the same on every page of one session', async () => {
    const c = await newClient();
    const again = await fetch(`${server.base}/form`, { headers: { cookie: c.cookie } });
    assert.equal(await again.text(), `<input type="hidden" name="csrf_token" value="${c.token}"/>`);
    assert.equal(again.headers.get('set-cookie'), null, 'no new session');
  });

  test('differs between sessions', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 20; i++) tokens.add((await newClient()).token);
    assert.equal(tokens.size, 20);
  });

  test('is kept under _csrf_token and is not created by a page that does not ask for it', async () => {
    const r = await app.request('/decorated');
    assert.equal(r.data, 'get is never checked');
    assert.equal(r.headers['set-cookie'], undefined, 'a GET that never renders a token starts no session');
  });

  test('web.form.CsrfToken renders the session token as a hidden row and does not count as an error', async () => {
    const c = await newClient();
    const html = await (await fetch(`${server.base}/webform`, { headers: { cookie: c.cookie } })).text();
    assert.ok(
      html.includes(
        `<tr style="display: none;"><th></th><td><input id="csrf_token" name="csrf_token" type="hidden" value="${c.token}"/></td></tr>`,
      ),
      html,
    );
    assert.deepEqual(await answer(await send(c, '/webform', `csrf_token=${c.token}&title=t`)), [
      200,
      'valid t',
    ]);
  });

  test('without a session to keep it in, the error says what to do', async () => {
    const bare = web.application(['/', 'P'], {
      P: class {
        GET() {
          return web.csrf_token({} as never);
        }
      },
    });
    assert.equal((await bare.request('/')).statusCode, 200, 'an explicit session object is used');
    const saved = web.config._session;
    web.config._session = undefined;
    try {
      const lonely = web.application(['/', 'P'], {
        P: class {
          GET() {
            try {
              return web.csrf_input();
            } catch (err) {
              return (err as Error).message;
            }
          }
        },
      });
      assert.match((await lonely.request('/')).data, /set web\.config\._session = session/);
    } finally {
      web.config._session = saved;
    }
  });
});

describe('web.csrf_protected, through a real server', () => {
  test('a POST with the session token in the form is served', async () => {
    const c = await newClient();
    assert.deepEqual(await answer(await send(c, '/decorated', `title=a&csrf_token=${c.token}`)), [
      200,
      'ok a',
    ]);
    assert.deepEqual(await answer(await send(c, '/called', `csrf_token=${c.token}`)), [200, 'called ok']);
  });

  test('the X-CSRF-Token header works instead of the field (fetch/XHR), with any body', async () => {
    const c = await newClient();
    const r = await send(c, '/decorated', '{"title":"json"}', {
      headers: { 'content-type': 'application/json', 'x-csrf-token': c.token },
    });
    assert.deepEqual(await answer(r), [200, 'ok ']);
    const del = await send(c, '/decorated', undefined, {
      method: 'DELETE',
      headers: { 'X-CSRF-Token': c.token },
    });
    assert.deepEqual(await answer(del), [200, 'deleted']);
  });

  test('a multipart form with the token is served; without it, refused', async () => {
    const c = await newClient();
    const withToken = new FormData();
    withToken.set('csrf_token', c.token);
    withToken.set('title', 'multi');
    assert.deepEqual(await answer(await send(c, '/decorated', withToken)), [200, 'ok multi']);
    const without = new FormData();
    without.set('title', 'multi');
    assert.deepEqual(await answer(await send(c, '/decorated', without)), [403, MISSING]);
    const asFile = new FormData();
    asFile.set('csrf_token', new Blob([c.token]), 'token.txt');
    assert.deepEqual(
      await answer(await send(c, '/decorated', asFile)),
      [200, 'ok '],
      'an upload named csrf_token carries its text like any field of web.input()',
    );
    await stillServing();
  });

  const refusals: [
    string,
    (c: Client, other: Client) => [string, string | undefined, Record<string, string>?],
    string,
  ][] = [
    ['no token at all', () => ['/decorated', 'title=x'], MISSING],
    ['an empty token', () => ['/decorated', 'title=x&csrf_token='], MISSING],
    ['an empty header and no field', () => ['/decorated', 'title=x', { 'x-csrf-token': '' }], MISSING],
    ['a wrong token of the right shape', () => ['/decorated', `csrf_token=${'A'.repeat(43)}`], INVALID],
    ['a token of another session', (_c, other) => ['/decorated', `csrf_token=${other.token}`], INVALID],
    ['a token one character short', (c) => ['/decorated', `csrf_token=${c.token.slice(1)}`], INVALID],
    [
      'a very long token (1 MB)',
      (c) => ['/decorated', `csrf_token=${c.token}${'x'.repeat(1 << 20)}`],
      INVALID,
    ],
    ['the token in the query string only', (c) => [`/decorated?csrf_token=${c.token}`, 'title=x'], MISSING],
    [
      'a wrong header beside a right field (the header wins)',
      (c) => ['/decorated', `csrf_token=${c.token}`, { 'x-csrf-token': 'nope' }],
      INVALID,
    ],
    [
      'the token repeated with a wrong last value',
      (c) => ['/decorated', `csrf_token=${c.token}&csrf_token=bad`],
      INVALID,
    ],
    ['a token with a NUL byte', (c) => ['/decorated', `csrf_token=${c.token.slice(0, 42)}%00`], INVALID],
    ['a PUT-style DELETE without the token', () => ['/decorated', undefined], MISSING],
  ];
  for (const [what, build, body] of refusals) {
    test(`${what} is refused with 403 and the next request is served`, async () => {
      const c = await newClient();
      const other = await newClient();
      const [path, data, headers] = build(c, other);
      const method = what.includes('DELETE') ? 'DELETE' : 'POST';
      const r = await send(c, path, data, { method, headers: headers ?? {} });
      assert.equal(r.status, 403);
      assert.equal(r.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(await r.text(), body);
      await stillServing();
    });
  }

  test('a request without a session cookie has no token to match: refused', async () => {
    const c = await newClient();
    assert.deepEqual(await answer(await send(undefined, '/decorated', `csrf_token=${c.token}`)), [
      403,
      INVALID,
    ]);
    assert.deepEqual(await answer(await send(undefined, '/decorated', 'title=x')), [403, MISSING]);
    await stillServing();
  });

  test('a forged session cookie gets a fresh session, so its token does not match', async () => {
    const c = await newClient();
    const forged = { cookie: 'webpy_session_id=0123456789abcdef0123456789abcdef01234567', token: c.token };
    assert.deepEqual(await answer(await send(forged, '/decorated', `csrf_token=${c.token}`)), [403, INVALID]);
    await stillServing();
  });

  test('GET is never checked, and methods without the decorator are open', async () => {
    assert.deepEqual(await answer(await fetch(`${server.base}/decorated`)), [200, 'get is never checked']);
    assert.deepEqual(await answer(await send(undefined, '/open', 'x=1')), [200, 'open']);
  });
});

describe('web.config.csrf = true: every POST/PUT/PATCH/DELETE is checked', () => {
  before(() => {
    web.config.csrf = true;
  });
  after(() => {
    web.config.csrf = undefined;
  });

  test('each unsafe method without the token is 403, with it is served', async () => {
    const c = await newClient();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      assert.deepEqual(await answer(await send(c, '/open', 'x=1', { method })), [403, MISSING], method);
      assert.deepEqual(
        await answer(await send(c, '/open', `csrf_token=${c.token}`, { method })),
        [200, method.toLowerCase() === 'post' ? 'open' : method.toLowerCase()],
        method,
      );
    }
    await stillServing();
  });

  test('function targets are checked too; GET, HEAD and OPTIONS are not', async () => {
    const c = await newClient();
    assert.deepEqual(await answer(await send(c, '/fn', '')), [403, MISSING]);
    assert.deepEqual(await answer(await send(c, '/fn', `csrf_token=${c.token}`)), [200, 'fn POST']);
    assert.deepEqual(await answer(await fetch(`${server.base}/fn`)), [200, 'fn GET']);
    assert.equal((await fetch(`${server.base}/fn`, { method: 'HEAD' })).status, 200);
    assert.deepEqual(await answer(await fetch(`${server.base}/fn`, { method: 'OPTIONS' })), [
      200,
      'fn OPTIONS',
    ]);
  });

  test('web.csrf_exempt opts one method out; a missing method stays 405 and an unknown path 404', async () => {
    assert.deepEqual(await answer(await send(undefined, '/exempt', 'x=1')), [200, 'exempt']);
    assert.equal((await send(undefined, '/form', 'x=1')).status, 405);
    assert.equal((await send(undefined, '/nowhere', 'x=1')).status, 404);
  });

  test('a decorated method is checked once, not twice', async () => {
    const c = await newClient();
    assert.deepEqual(await answer(await send(c, '/decorated', `csrf_token=${c.token}&title=z`)), [
      200,
      'ok z',
    ]);
  });
});

describe('many sessions at once', () => {
  test('fifty overlapping clients each get their own token, which works only for them', async () => {
    const clients = await Promise.all(Array.from({ length: 50 }, () => newClient()));
    assert.equal(new Set(clients.map((c) => c.token)).size, 50);
    const own = await Promise.all(
      clients.map((c, i) => send(c, '/decorated', `csrf_token=${c.token}&title=${i}`).then(answer)),
    );
    assert.deepEqual(
      own,
      clients.map((_, i) => [200, `ok ${i}`]),
    );
    const swapped = await Promise.all(
      clients.map((c, i) => {
        const neighbour = clients[(i + 1) % clients.length] as Client;
        return send(c, '/decorated', `csrf_token=${neighbour.token}`).then(answer);
      }),
    );
    assert.deepEqual(swapped, Array(50).fill([403, INVALID]));
    await stillServing();
  });
});

describe('around the check', () => {
  test('a processor can catch web.CsrfError and answer with its own page', async () => {
    const own = web.application(['/p', 'P'], {
      P: class {
        @web.csrf_protected
        POST() {
          return 'never';
        }
      },
    });
    const ownSession = web.session.Session(own, web.session.MemoryStore(), {});
    own.add_processor(async (handler) => {
      try {
        return await handler();
      } catch (err) {
        if (!(err instanceof web.CsrfError)) throw err;
        web.ctx.status = '403 Forbidden';
        return `custom: ${err.reason}`;
      }
    });
    assert.ok(ownSession);
    const r = await own.request('/p', { method: 'POST', data: 'x=1' });
    assert.equal(r.status, '403 Forbidden');
    assert.equal(r.data, 'custom: missing');
  });

  test('a loadhook that refuses (not logged in) answers before the CSRF check', async () => {
    const guarded = web.application(['/p', 'P'], {
      P: class {
        @web.csrf_protected
        POST() {
          return 'never';
        }
      },
    });
    web.session.Session(guarded, web.session.MemoryStore(), {});
    guarded.add_processor(
      web.loadhook(() => {
        throw web.unauthorized();
      }),
    );
    const r = await guarded.request('/p', { method: 'POST', data: 'x=1' });
    assert.equal(r.statusCode, 401);
  });

  test('sub-applications are checked under web.config.csrf, and web.csrf_check() works by hand', async () => {
    const sub = web.application(['/x', 'X'], {
      X: class {
        POST() {
          return 'sub';
        }
      },
    });
    const manual = class {
      POST() {
        web.csrf_check();
        return 'manual';
      }
    };
    const top = web.application(['/sub', sub, '/manual', 'M'], { M: manual });
    const topSession = web.session.Session(top, web.session.MemoryStore(), {});
    const saved = web.config._session;
    web.config._session = topSession;
    web.config.csrf = true;
    try {
      assert.equal((await top.request('/sub/x', { method: 'POST', data: 'a=1' })).statusCode, 403);
      web.config.csrf = undefined;
      assert.equal((await top.request('/sub/x', { method: 'POST', data: 'a=1' })).data, 'sub');
      const r = await top.request('/manual', { method: 'POST', data: 'a=1' });
      assert.deepEqual([r.statusCode, r.data], [403, MISSING]);
    } finally {
      web.config.csrf = undefined;
      web.config._session = saved;
    }
  });

  test('deleting _csrf_token from the session gives the next page a new token; the old one is refused', async () => {
    const rotating = web.application(['/form', 'F', '/login', 'L', '/post', 'P'], {
      F: class {
        GET() {
          return web.csrf_token();
        }
      },
      L: class {
        POST() {
          web.csrf_check();
          rotatingSession.regenerate();
          delete rotatingSession._csrf_token;
          return 'logged in';
        }
      },
      P: class {
        POST() {
          web.csrf_check();
          return 'posted';
        }
      },
    });
    const rotatingSession = web.session.Session(rotating, web.session.MemoryStore(), {});
    const saved = web.config._session;
    web.config._session = rotatingSession;
    try {
      const first = await rotating.request('/form');
      let cookie = (first.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      const old = first.data;
      const login = await rotating.request('/login', {
        method: 'POST',
        data: `csrf_token=${old}`,
        headers: { cookie },
      });
      assert.equal(login.data, 'logged in');
      cookie = (login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      const fresh = (await rotating.request('/form', { headers: { cookie } })).data;
      assert.notEqual(fresh, old);
      const stale = await rotating.request('/post', {
        method: 'POST',
        data: `csrf_token=${old}`,
        headers: { cookie },
      });
      assert.deepEqual([stale.statusCode, stale.data], [403, INVALID]);
      const ok = await rotating.request('/post', {
        method: 'POST',
        data: `csrf_token=${fresh}`,
        headers: { cookie },
      });
      assert.equal(ok.data, 'posted');
    } finally {
      web.config._session = saved;
    }
  });
});
