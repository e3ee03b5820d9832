/**
 * web.utils.ThreadedDict: web.py keeps one content per thread; webts keeps one per request. Tested
 * on a real server with many requests in flight at once, each holding the dict across an await.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { httpRequest, withServer } from '../helpers/http.js';

describe('web.utils.ThreadedDict / threadeddict', () => {
  it('behaves as a dict with attribute access', () => {
    const d = web.threadeddict();
    d.x = 1;
    assert.equal(d.x, 1);
    assert.equal(d['x'], 1);
    assert.ok('x' in d);
    assert.equal(d.get('y', 'none'), 'none');
    assert.equal(d.setdefault('y', 2), 2);
    d.update({ z: 3 });
    assert.deepEqual(d.keys(), ['x', 'y', 'z']);
    assert.deepEqual(d.items(), [
      ['x', 1],
      ['y', 2],
      ['z', 3],
    ]);
    assert.equal(String(d), "<ThreadedDict {'x': 1, 'y': 2, 'z': 3}>");
    assert.equal(d.pop('z'), 3);
    assert.throws(() => d.pop('z'), RangeError);
    assert.equal(d.pop('z', 'gone'), 'gone');
    assert.deepEqual(d.popitem(), ['y', 2]);
    assert.ok(d.has_key('x'));
    assert.deepEqual(d.copy(), { x: 1 });
    d.clear();
    assert.deepEqual(Object.keys(d), []);
    (d as Record<string, unknown>).get = 'a key named get';
    assert.equal(typeof d.get, 'function', 'the method wins, as in web.py');
    d.dispose();
  });

  it('each of many overlapping requests sees only its own values', async () => {
    const d = new web.ThreadedDict();
    d.who = 'outside';
    const N = 40;
    let arrived = 0;
    let release!: () => void;
    const allIn = new Promise<void>((resolve) => {
      release = resolve;
    });
    class Item {
      async GET(id: string) {
        const before = d.who;
        d.who = id;
        d[`key${id}`] = true;
        if (++arrived === N) release();
        await allIn; // every request has written before any reads back
        return JSON.stringify({ before: before ?? null, who: d.who, keys: d.keys() });
      }
    }
    const app = web.application(['/item/(\\d+)', 'Item'], { Item });
    await withServer(app, async ({ port }) => {
      const answers = await Promise.all(
        Array.from({ length: N }, (_, i) => httpRequest(port, `/item/${i}`).then((r) => JSON.parse(r.body))),
      );
      answers.forEach((answer, i) => {
        assert.deepEqual(answer, { before: null, who: String(i), keys: ['who', `key${i}`] });
      });
      // The next request starts empty too.
      const next = JSON.parse((await httpRequest(port, '/item/99')).body);
      assert.equal(next.before, null);
    });
    assert.equal(d.who, 'outside', 'code outside a request has its own content');
    assert.deepEqual(d.keys(), ['who']);
    d.dispose();
  });

  it('clear_all empties every ThreadedDict of the current request only', async () => {
    const a = web.ThreadedDict();
    const b = web.ThreadedDict();
    a.kept = 'outside';
    class Clear {
      GET() {
        a.x = 1;
        b.y = 2;
        web.ThreadedDict.clear_all();
        return JSON.stringify([a.keys(), b.keys()]);
      }
    }
    const app = web.application(['/clear', 'Clear'], { Clear });
    const res = await app.request('/clear');
    assert.deepEqual(JSON.parse(res.data.toString()), [[], []]);
    assert.equal(a.kept, 'outside');
    a.dispose();
    b.dispose();
  });
});
