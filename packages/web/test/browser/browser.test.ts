import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';

class Index {
  GET() {
    return '<p>Hi <b>there</b> &amp; welcome</p><a href="/login">Login</a> <a href="/other?x=1">Other &amp; more</a>';
  }
}
class Login {
  GET() {
    return `<form name="search" action="/other"><input name="q" value="a"><input type="submit"></form>
<form name="login" method="post" action="/login">
<input type="text" name="username" value="">
<input type="password" name="password">
<input type="hidden" name="token" value="t0k">
<input type="checkbox" name="remember" value="yes">
<select name="lang"><option value="en">English</option><option value="fr" selected>French</option></select>
<textarea name="bio">hi &lt;3</textarea>
<input type="submit" name="go" value="Log in">
<input type="submit" name="cancel" value="Cancel">
</form>`;
  }
  POST() {
    const i = web.input();
    web.setcookie('user', i.username ?? '');
    web.setcookie('posted', JSON.stringify({ ...i }));
    throw web.seeother('/');
  }
}
class SetCookie {
  GET() {
    web.setcookie('user', 'joe');
    throw web.seeother('/other?x=1');
  }
}
class Other {
  GET() {
    return `user=${web.cookies().get('user', 'none')} q=${web.ctx.query}`;
  }
}
class Del {
  GET() {
    web.setcookie('user', '', -1);
    return 'deleted';
  }
}
class Posted {
  GET() {
    return web.cookies().get('posted', '{}');
  }
}
const app = web.application(
  [
    '/',
    'Index',
    '/login',
    'Login',
    '/set',
    'SetCookie',
    '/other',
    'Other',
    '/del',
    'Del',
    '/posted',
    'Posted',
  ],
  { Index, Login, SetCookie, Other, Del, Posted },
);

describe('web.browser.AppBrowser', () => {
  it("starts at web.py's http://0.0.0.0:8080/ with no status", () => {
    const b = new web.browser.AppBrowser(app);
    assert.equal(b.url, 'http://0.0.0.0:8080/');
    assert.equal(b.path, '/');
    assert.equal(b.status, undefined);
  });

  it('open follows the redirect and keeps the cookie; url, path, status, data as web.py', async () => {
    const b = app.browser();
    await b.open('/set');
    assert.equal(b.status, 200);
    assert.equal(b.url, 'http://0.0.0.0:8080/other?x=1');
    assert.equal(b.path, '/other?x=1');
    assert.equal(b.data, 'user=joe q=?x=1');
    assert.equal(b.text, b.data);
  });

  it('an expired cookie is dropped, reset() forgets them all, a 404 is a page with its status', async () => {
    const b = app.browser();
    await b.open('/set');
    await b.open('/del');
    await b.open('/other');
    assert.equal(b.data, 'user=none q=');
    await b.open('/set');
    b.reset();
    await b.open('/other');
    assert.equal(b.data, 'user=none q=');
    await b.open('/nope');
    assert.equal(b.status, 404);
    assert.equal(b.data, 'not found');
    await b.open('other');
    assert.equal(b.path, '/other');
  });

  it('get_links / find_link / follow_link by text, url and regex; get_text', async () => {
    const b = app.browser();
    await b.open('/');
    assert.deepEqual(
      b.get_links().map((l) => [l.href, l.text]),
      [
        ['/login', 'Login'],
        ['/other?x=1', 'Other & more'],
      ],
    );
    assert.equal(b.find_link({ url_regex: /other/ })?.text, 'Other & more');
    assert.equal(b.find_link({ text: 'Nothing' }), undefined);
    assert.equal(b.get_text(), 'Hi there & welcomeLogin Other & more');
    await b.follow_link({ text: 'Other & more' });
    assert.equal(b.path, '/other?x=1');
    await b.open('/');
    await b.follow_link({ text_regex: '^Log' });
    assert.equal(b.path, '/login');
    await assert.rejects(
      b.follow_link({ text: 'absent' }),
      (e: Error) => e instanceof web.browser.BrowserError && e.message === 'No link found',
    );
  });

  it('select_form, read and set fields, submit: POST with the clicked button, redirect, cookie', async () => {
    const b = app.browser();
    await b.open('/login');
    assert.deepEqual(
      b.get_forms().map((f) => f.name),
      ['search', 'login'],
    );
    b.select_form('login');
    assert.equal(b.get('lang'), 'fr');
    assert.equal(b.get('bio'), 'hi <3');
    assert.deepEqual(b.get('remember'), []);
    b.set('username', 'joe');
    b.set('password', 's3cret');
    b.set('remember', ['yes']);
    b.set('lang', ['en']);
    assert.throws(() => b.set('nothing', 'x'), /no control named "nothing"/);
    await b.submit();
    assert.equal(b.path, '/');
    assert.equal(b.status, 200);
    await b.open('/posted');
    assert.deepEqual(JSON.parse(b.data), {
      username: 'joe',
      password: 's3cret',
      token: 't0k',
      remember: 'yes',
      lang: 'en',
      bio: 'hi <3',
      go: 'Log in',
    });
    await b.open('/login');
    b.select_form({ name: 'login' });
    await b.submit({ name: 'cancel' });
    await b.open('/posted');
    assert.equal(JSON.parse(b.data).cancel, 'Cancel');
    assert.equal(JSON.parse(b.data).go, undefined);
  });

  it('a GET form submits its fields as the query string', async () => {
    const b = app.browser();
    await b.open('/login');
    b.select_form({ index: 0 });
    b.set('q', 'x y');
    await b.submit();
    assert.equal(b.path, '/other?q=x+y');
    assert.equal(b.data, 'user=none q=?q=x+y');
  });

  it('without a selected form, submit and field access throw BrowserError', async () => {
    const b = app.browser();
    await b.open('/');
    assert.throws(() => b.select_form('login'), /No form selected/);
    await assert.rejects(b.submit(), /No form selected/);
    assert.throws(() => b.get('x'), web.browser.BrowserError);
  });

  it('open(url, data) posts a form object', async () => {
    const b = app.browser();
    await b.open('/login', { username: 'ann', password: 'p' });
    assert.equal(b.path, '/');
    await b.open('/other');
    assert.equal(b.data, 'user=ann q=');
  });
});
