// The app's tests: app.request runs a request through the whole app without a socket.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { app } from '../app.js';

test('the front page asks for a name', async () => {
  const response = await app.request('/');
  assert.equal(response.status, '200 OK');
  assert.match(response.data, /<h1>Hello!<\/h1>/);
});

test('a name posted to /hello is kept in the session', async () => {
  const posted = await app.request('/hello', { method: 'POST', data: { name: 'Ada' } });
  assert.equal(posted.status, '303 See Other');
  const cookie = posted.headers['Set-Cookie']?.split(';')[0] ?? '';
  const page = await app.request('/', { headers: { Cookie: cookie } });
  assert.match(page.data, /Hello, Ada!/);
});

test('a name is escaped in the page', async () => {
  const posted = await app.request('/hello', { method: 'POST', data: { name: '<script>' } });
  const cookie = posted.headers['Set-Cookie']?.split(';')[0] ?? '';
  const page = await app.request('/', { headers: { Cookie: cookie } });
  assert.match(page.data, /Hello, &lt;script&gt;!/);
});
