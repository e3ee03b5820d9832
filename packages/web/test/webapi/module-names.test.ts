// The last names of web.py's modules: web.form.AttributeList and attrget, web.template.Render and
// web.session.Store (the base class of a store you write). Expected values are web.py 0.62's answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { withServer } from '../helpers/http.js';

describe('web.form.AttributeList and attrget', () => {
  it('renders k="v" pairs sorted by name with values escaped, as web.py', () => {
    const attrs = web.form.AttributeList({ type: 'text', name: 'x', value: 'a"b' });
    // web.py: str(AttributeList(type='text', name='x', value='a"b'))
    assert.equal(String(attrs), 'name="x" type="text" value="a&quot;b"');
    const copy = attrs.copy();
    copy.id = 'y';
    assert.equal(String(copy), 'id="y" name="x" type="text" value="a&quot;b"');
    assert.equal(String(attrs), 'name="x" type="text" value="a&quot;b"', 'copy() leaves the original alone');
    assert.equal(String(new web.form.AttributeList()), '');
  });

  it('refuses an attribute name that would open a new attribute or tag', () => {
    assert.throws(
      () => String(web.form.AttributeList({ 'x onload': '1' })),
      /not a usable HTML attribute name/,
    );
  });

  it('attrget reads dict-likes and objects, else the default (web.py: 1 2 d None)', () => {
    class O {
      x = 1;
      get g() {
        return 'getter';
      }
    }
    assert.equal(web.form.attrget(new O(), 'x'), 1);
    assert.equal(web.form.attrget({ y: 2 }, 'y'), 2);
    assert.equal(web.form.attrget({}, 'z', 'd'), 'd');
    assert.equal(web.form.attrget(new O(), 'q'), undefined);
    assert.equal(web.form.attrget(new O(), 'g'), 'getter');
    assert.equal(web.form.attrget(new Map([['m', 3]]), 'm'), 3);
    assert.equal(web.form.attrget({}, 'toString', 'd'), 'd', "Object.prototype's names are not fields");
    assert.equal(web.form.attrget(null, 'x', 'd'), 'd');
  });
});

describe('web.template.Render', () => {
  it('is render, as in web.py (render is Render)', () => {
    assert.equal(web.template.Render, web.template.render);
  });
});

describe('web.session.Store', () => {
  it('a store that extends it serves sessions through a real server; touch defaults to get and set', async () => {
    const records = new Map<string, web.session.SessionRecord>();
    const calls: string[] = [];
    class MapStore extends web.session.Store {
      override has(id: string) {
        return records.has(id);
      }
      override get(id: string) {
        calls.push('get');
        return records.get(id);
      }
      override set(id: string, record: web.session.SessionRecord) {
        calls.push('set');
        records.set(id, record);
      }
      override delete(id: string) {
        records.delete(id);
      }
      override cleanup() {}
    }
    const store = new MapStore();
    const app = web.application([
      '/',
      class {
        GET() {
          session.count = Number(session.get('count', 0)) + 1;
          return String(session.count);
        }
      },
    ]);
    const session = web.session.Session(app, store);
    await withServer(app, async ({ base }) => {
      const first = await fetch(`${base}/`);
      const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      assert.equal(await first.text(), '1');
      const second = await fetch(`${base}/`, { headers: { cookie } });
      assert.equal(await second.text(), '2');
    });
    assert.equal(records.size, 1);
    const [id] = records.keys();
    calls.length = 0;
    await store.touch(id as string, 42);
    assert.deepEqual(calls, ['get', 'set']);
    assert.equal(records.get(id as string)?.atime, 42);
    assert.deepEqual(store.decode(store.encode({ a: [1, 'x'] })), { a: [1, 'x'] });
  });

  it('a method left out throws a message that says what to define', async () => {
    class Half extends web.session.Store {}
    assert.throws(
      () => new Half().get('ab'),
      /get\(\) is not implemented; a store that extends web.session.Store defines has, get, set, delete and cleanup/,
    );
    assert.throws(() => new Half().cleanup(1), /cleanup\(\) is not implemented/);
  });
});
