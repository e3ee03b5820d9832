/**
 * web.utils' dictionary and list helpers, expected values from web.py 0.62 run on the same input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';

describe('web.utils.storage / Storage', () => {
  it('is the storage web.storage is (attribute access on a plain object)', () => {
    assert.equal(web.utils.storage, web.storage);
    assert.equal(web.utils.Storage, web.storage);
    const o = web.utils.storage({ a: 1 });
    assert.equal(o.a, 1);
    assert.equal(o['a'], 1);
  });
});

describe('web.utils.storify', () => {
  it('fills defaults and keeps the values given', () => {
    assert.deepEqual(web.storify({ a: 1, c: 3 }, { b: 2, c: 0 }), { a: 1, c: 3, b: 2 });
  });

  it('takes the last of a list unless the default is a list', () => {
    assert.equal(web.storify({ a: [1, 2] }).a, 2);
    assert.deepEqual(web.storify({ a: [1, 2] }, { a: [] }).a, [1, 2]);
    assert.deepEqual(web.storify({ a: 1 }, { a: [] }).a, [1]);
    assert.deepEqual(web.storify({}, { a: [] }).a, []);
  });

  it("reads a field's value unless the default is an object", () => {
    assert.equal(web.storify({ a: web.storage({ value: 1 }) }).a, 1);
    assert.deepEqual(web.storify({ a: web.storage({ value: 1 }) }, { a: {} }).a, { value: 1 });
    assert.deepEqual(web.storify({}, { a: {} }).a, {});
    assert.deepEqual(web.storify({ a: [{ value: 1 }, { value: 2 }] }, { a: [] }).a, [1, 2]);
  });

  it('checks required names (KeyError in web.py)', () => {
    assert.throws(() => web.storify({ a: 1 }, 'b'), /the required key 'b' is missing/);
    assert.deepEqual(web.storify({ a: 1 }, 'a'), { a: 1 });
  });

  it('converts strings through _unicode when it is a function', () => {
    assert.equal(web.storify({ a: 'x' }, { _unicode: (s: string) => s.toUpperCase() }).a, 'X');
  });

  it('works on web.input() inside a request', async () => {
    class Form {
      GET() {
        const s = web.storify(web.input({ tags: [] }), 'name', { tags: [], age: '0' });
        return JSON.stringify(s);
      }
    }
    const app = web.application(['/f', 'Form'], { Form });
    const res = await app.request('/f?name=ann&tags=a&tags=b');
    assert.deepEqual(JSON.parse(res.data.toString()), { name: 'ann', tags: ['a', 'b'], age: '0' });
  });
});

describe('web.utils.Counter / counter', () => {
  it("counts, with web.py's summaries", () => {
    const c = web.counter();
    for (const x of 'xxxxxy') c.add(x);
    assert.equal(c['x'], 5);
    assert.equal(c.y, 1);
    assert.equal(c.get('x'), 5);
    assert.deepEqual(c.most(), ['x']);
    assert.equal(c.percent('x'), 0.8333333333333334);
    assert.deepEqual(c.sorted_keys(), ['x', 'y']);
    assert.deepEqual(c.sorted_values(), [5, 1]);
    assert.deepEqual(c.sorted_items(), [
      ['x', 5],
      ['y', 1],
    ]);
    assert.equal(String(c), "<Counter {'x': 5, 'y': 1}>");
    assert.deepEqual(Object.keys(c), ['x', 'y']);
  });

  it('least() works (web.py 0.62 raises AttributeError: itervalues)', () => {
    const c = new web.Counter();
    for (const x of 'xxy') c.add(x);
    assert.deepEqual(c.least(), ['y']);
  });

  it('a counted key named like a method does not break the method', () => {
    const c = web.Counter();
    for (const word of ['add', 'add', 'most', '__proto__', 'constructor']) c.add(word);
    assert.equal(c.get('add'), 2);
    assert.deepEqual(c.most(), ['add']);
    assert.equal(c.get('__proto__'), 1);
    assert.ok(c instanceof web.Counter);
  });
});

describe('web.utils.dictreverse / dictfind / dictfindall / dictincr / dictadd', () => {
  it('dictreverse swaps keys and values', () => {
    assert.deepEqual(web.dictreverse({ 1: 2, 3: 4 }), { 2: '1', 4: '3' });
    assert.deepEqual(
      web.dictreverse(
        new Map([
          [1, 2],
          [3, 4],
        ]),
      ),
      new Map([
        [2, 1],
        [4, 3],
      ]),
    );
  });

  it('dictfind and dictfindall find keys by value', () => {
    assert.equal(web.dictfind({ 1: 2, 3: 4 }, 4), '3');
    assert.equal(web.dictfind({ 1: 2, 3: 4 }, 5), undefined);
    assert.equal(web.dictfind(new Map([[3, 4]]), 4), 3);
    assert.deepEqual(web.dictfindall({ 1: 4, 3: 4 }, 4), ['1', '3']);
    assert.deepEqual(web.dictfindall({ 1: 4, 3: 4 }, 5), []);
  });

  it('dictincr counts up from one', () => {
    const d: Record<string, number> = { 1: 2, 3: 4 };
    assert.equal(web.dictincr(d, 1), 3);
    assert.equal(d[1], 3);
    assert.equal(web.dictincr(d, 5), 1);
    assert.equal(d[5], 1);
    const m = new Map<unknown, number>();
    web.dictincr(m, 7);
    assert.equal(m.get(7), 1);
  });

  it('dictadd merges, the last one winning', () => {
    assert.deepEqual(web.dictadd({ 1: 0, 2: 0 }, { 2: 1, 3: 1 }), { 1: 0, 2: 1, 3: 1 });
  });
});

describe('web.utils.requeue / restack / listget', () => {
  it('requeue moves an item to the front', () => {
    const x = [1, 2, 3, 4];
    assert.equal(web.requeue(x), 4);
    assert.deepEqual(x, [4, 1, 2, 3]);
    const y = [1, 2, 3, 4];
    assert.equal(web.requeue(y, 1), 2);
    assert.deepEqual(y, [2, 1, 3, 4]);
    assert.throws(() => web.requeue([]), { message: 'pop from empty list' });
  });

  it('restack moves an item to the end', () => {
    const x = [1, 2, 3, 4];
    assert.equal(web.restack(x), 1);
    assert.deepEqual(x, [2, 3, 4, 1]);
    const y = [1, 2, 3, 4];
    assert.equal(web.restack(y, -2), 3);
    assert.deepEqual(y, [1, 2, 4, 3]);
  });

  it('listget gives the item or the default', () => {
    assert.equal(web.listget(['a'], 0), 'a');
    assert.equal(web.listget(['a'], 1), undefined);
    assert.equal(web.listget(['a'], 1, 'b'), 'b');
    assert.equal(web.listget(['a', 'b'], -1), 'b');
    assert.throws(() => web.listget(['a'], -5), { message: 'list index out of range' });
  });
});

describe('web.utils.uniq', () => {
  it('drops repeats, keeping order', () => {
    assert.deepEqual(web.uniq([9, 0, 2, 1, 0]), [9, 0, 2, 1]);
    assert.deepEqual(web.uniq(['Foo', 'foo', 'bar'], { key: (s: string) => s.toLowerCase() }), [
      'Foo',
      'bar',
    ]);
    assert.deepEqual(
      web.uniq(['Foo', 'foo', 'bar'], (s) => s.toLowerCase()),
      ['Foo', 'bar'],
    );
  });
});

describe('web.utils.autoassign', () => {
  it('copies every entry but self', () => {
    class Point {
      declare x: number;
      declare y: number;
      constructor(x: number, y: number) {
        web.autoassign(this, { self: this, x, y });
      }
    }
    const p = new Point(1, 2);
    assert.deepEqual({ ...p }, { x: 1, y: 2 });
  });
});

describe('web.utils.datestr', () => {
  it("is web.datestr, with web.py's answers", () => {
    assert.equal(web.utils.datestr, web.datestr);
    const d = new Date(Date.UTC(1970, 4, 1));
    const plus = (ms: number) => new Date(d.getTime() + ms);
    assert.equal(web.utils.datestr(d, plus(2000)), '2 seconds ago');
    assert.equal(web.utils.datestr(d, plus(120_000)), '2 minutes ago');
    assert.equal(web.utils.datestr(d, plus(7_200_000)), '2 hours ago');
    assert.equal(web.utils.datestr(d, plus(2 * 86_400_000)), '2 days ago');
    assert.equal(web.utils.datestr(plus(2000), d), '2 seconds from now');
    assert.equal(web.utils.datestr(new Date(Date.UTC(1970, 0, 1)), d), 'January  1');
    assert.equal(web.utils.datestr(new Date(Date.UTC(1969, 0, 1)), d), 'January  1, 1969');
    assert.equal(web.utils.datestr(new Date(Date.UTC(1970, 5, 1)), d), 'June  1, 1970');
    assert.equal(web.utils.datestr(null), '');
  });
});
