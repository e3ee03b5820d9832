// The app's tests: app.request runs a request through the whole app without a socket.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { app } from '../app.js';

test('the front page asks for a name', async () => {
  const response = await app.request('/');
  assert.equal(response.status, '200 OK');
  assert.match(response.data, /<h1>Hello!<\/h1>/);
});

/** Open the front page as a new visitor: the session cookie and the form's CSRF token. */
async function visit() {
  const page = await app.request('/');
  const cookie = page.headers['Set-Cookie']?.split(';')[0] ?? '';
  const token = /name="csrf_token" value="([^"]+)"/.exec(page.data)?.[1] ?? '';
  return { cookie, token };
}

test('a name posted to /hello is kept in the session', async () => {
  const { cookie, token } = await visit();
  const posted = await app.request('/hello', {
    method: 'POST',
    data: { name: 'Ada', csrf_token: token },
    headers: { Cookie: cookie },
  });
  assert.equal(posted.status, '303 See Other');
  const page = await app.request('/', { headers: { Cookie: cookie } });
  assert.match(page.data, /Hello, Ada!/);
});

test('a name is escaped in the page', async () => {
  const { cookie, token } = await visit();
  await app.request('/hello', {
    method: 'POST',
    data: { name: '<script>', csrf_token: token },
    headers: { Cookie: cookie },
  });
  const page = await app.request('/', { headers: { Cookie: cookie } });
  assert.match(page.data, /Hello, &lt;script&gt;!/);
});

test('a post without the CSRF token is refused', async () => {
  const { cookie } = await visit();
  const posted = await app.request('/hello', {
    method: 'POST',
    data: { name: 'Eve' },
    headers: { Cookie: cookie },
  });
  assert.equal(posted.status, '403 Forbidden');
  const page = await app.request('/', { headers: { Cookie: cookie } });
  assert.doesNotMatch(page.data, /Eve/);
});
