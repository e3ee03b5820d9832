import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as form from '../../src/form/index.js';
import web from '../../src/index.js';
import { Barrier } from '../helpers/sync.js';

const todo = form.Form(
  form.Textbox('title', form.notnull, { description: 'I need to:' }),
  form.Password('password', form.regexp('.{3,20}$', 'must be between 3 and 20 characters')),
  form.Password('password2'),
  { validators: [form.Validator("Passwords didn't match", (i) => i['password'] === i['password2'])] },
);

class Add {
  GET() {
    return todo().render();
  }
  POST() {
    const f = todo();
    if (!f.validates()) return f.render();
    return `added ${web.websafe(f.d['title'])}`;
  }
}

/** Where /slow requests wait for each other between validating and rendering (set by the test). */
let meeting: Barrier | undefined;

/** Awaits between validating and rendering, so concurrent requests interleave. */
class Slow {
  async POST() {
    const f = todo();
    f.validates();
    await meeting?.arrive();
    return f.render();
  }
}

const app = web.application(['/add', 'Add', '/slow', 'Slow'], { Add, Slow });

describe('validates() without a source reads the request through web.input()', () => {
  test('a valid POST passes', async () => {
    const r = await app.request('/add', {
      method: 'POST',
      data: { title: 'milk', password: 'abc', password2: 'abc' },
    });
    assert.equal(r.status, '200 OK');
    assert.equal(r.data, 'added milk');
  });

  test('an empty title comes back with the Required note', async () => {
    const r = await app.request('/add', {
      method: 'POST',
      data: { title: '', password: 'abc', password2: 'abc' },
    });
    assert.match(
      r.data,
      /<input id="title" name="title" type="text" value=""\/><strong class="wrong">Required<\/strong>/,
    );
  });

  test('mismatched passwords give the form note', async () => {
    const r = await app.request('/add', {
      method: 'POST',
      data: { title: 'x', password: 'abc', password2: 'abd' },
    });
    assert.ok(r.data.startsWith(`<strong class="wrong">Passwords didn&#39;t match</strong><table>`), r.data);
  });

  test('a repeated field arrives as its last value, as web.input() gives it', async () => {
    const r = await app.request('/add', {
      method: 'POST',
      data: { title: ['<first>', '<script>x</script>'], password: 'abc', password2: 'abc' },
    });
    assert.equal(r.data, 'added &lt;script&gt;x&lt;/script&gt;');
  });

  test('script text in posted values comes back escaped', async () => {
    const r = await app.request('/add', {
      method: 'POST',
      data: { title: '', password: '"><script>alert(1)</script>' },
    });
    assert.doesNotMatch(r.data, /<script>/);
    assert.match(r.data, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  test('odd field names (__proto__, constructor) are only names', async () => {
    const r = await app.request('/add', {
      method: 'POST',
      data: { ['__proto__']: 'x', constructor: 'y', title: '' } as Record<string, string>,
    });
    assert.equal(r.status, '200 OK');
    assert.match(r.data, /Required/);
  });

  test('a 1 MB title fails the password rule but is still echoed, escaped, with a 200', async () => {
    const big = '<'.repeat(1024 * 1024);
    const r = await app.request('/add', { method: 'POST', data: { title: big, password: 'x' } });
    assert.equal(r.status, '200 OK');
    assert.match(r.data, /must be between 3 and 20 characters/);
    assert.ok(r.data.includes('&lt;'.repeat(1000)));
    assert.ok(!r.data.includes('<<'));
  });

  test('concurrent requests each see only their own values and notes', async () => {
    const titles = Array.from({ length: 30 }, (_, n) => (n % 3 === 0 ? '' : `title-${n}`));
    // Every request has validated before any renders: all 30 forms are filled in at the same time.
    meeting = new Barrier(titles.length, '30 requests validated at once');
    const responses = await Promise.all(
      titles.map((title) =>
        app.request('/slow', { method: 'POST', data: { title, password: 'abc', password2: 'abc' } }),
      ),
    );
    responses.forEach((r, n) => {
      const title = titles[n];
      assert.equal(r.status, '200 OK');
      assert.match(r.data, new RegExp(`name="title" type="text" value="${title}"/>`));
      assert.equal(r.data.includes('Required'), title === '', `request ${n}`);
      assert.equal(r.data.match(/value="title-/g)?.length ?? 0, title === '' ? 0 : 1);
    });
    assert.equal(meeting.arrived, titles.length);
    meeting = undefined;
    assert.doesNotMatch(todo.render(), /value=/);
  });

  test('outside a request, validates() without a source says what is missing', () => {
    assert.throws(() => todo().validates(), /request/);
  });
});
