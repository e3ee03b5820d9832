/**
 * web.utils' iterator helpers (Python iterators are JavaScript iterators and generators here),
 * expected values from web.py 0.62 run on the same input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';
import { captureStderr } from '../helpers/stderr.js';

function* count(): Generator<number> {
  for (let i = 0; ; i++) yield i;
}

describe('web.utils.group', () => {
  it('slices arrays and strings into groups', () => {
    assert.deepEqual(
      [...web.group([1, 2, 3, 4], 2)],
      [
        [1, 2],
        [3, 4],
      ],
    );
    assert.deepEqual([...web.group([1, 2, 3, 4, 5], 2)], [[1, 2], [3, 4], [5]]);
    assert.deepEqual([...web.group('abcde', 2)], ['ab', 'cd', 'e']);
  });

  it('is lazy, and reads any iterable as it goes', () => {
    const g = web.group(count(), 3);
    assert.deepEqual(g.next().value, [0, 1, 2]);
    assert.deepEqual(g.next().value, [3, 4, 5]);
    assert.deepEqual([...web.group(new Set([1, 2, 3]), 2)], [[1, 2], [3]]);
  });
});

describe('web.utils.iterview', () => {
  it("gives the items and draws web.py's progress bar on stderr", async () => {
    const { result, text } = await captureStderr(async () => [...web.iterview([1, 2, 3])]);
    assert.deepEqual(result, [1, 2, 3]);
    // The ETA digits depend on the clock; the rest is byte-for-byte web.py's output.
    assert.equal(
      text.replace(/\d\d:\d\d:\d\d/g, 'HH:MM:SS'),
      '\r  0.0% (0/3) [>                                           ] ETA --:--:--' +
        '\r 33.3% (1/3) [===============>                            ] ETA HH:MM:SS' +
        '\r 66.7% (2/3) [=============================>              ] ETA HH:MM:SS' +
        '\r100.0% (3/3) [============================================]     HH:MM:SS\n',
    );
  });

  it('writes nothing for an empty iterable (web.py raises UnboundLocalError)', async () => {
    const { result, text } = await captureStderr(async () => [...web.iterview([])]);
    assert.deepEqual(result, []);
    assert.equal(text, '');
  });
});

describe('web.utils.IterBetter / iterbetter', () => {
  it('indexes forwards only', () => {
    const c = web.iterbetter(count());
    assert.equal(c[1], 1);
    assert.equal(c[5], 5);
    assert.throws(() => c[3], { name: 'RangeError', message: 'already passed 3' });
    assert.throws(() => web.iterbetter([1][Symbol.iterator]())[3], { message: '3' });
  });

  it('first() gives the first item, or the default', () => {
    assert.equal(web.iterbetter([3, 4, 5][Symbol.iterator]()).first(), 3);
    assert.equal(web.iterbetter([][Symbol.iterator]()).first(), undefined);
    assert.equal(web.iterbetter([][Symbol.iterator]()).first('d'), 'd');
  });

  it('bool() peeks without losing the item', () => {
    const c = new web.IterBetter([0, 1, 2, 3, 4][Symbol.iterator]());
    assert.equal(c.bool(), true);
    assert.deepEqual([...c], [0, 1, 2, 3, 4]);
    const empty = web.iterbetter([][Symbol.iterator]());
    assert.equal(empty.bool(), false);
    assert.deepEqual([...empty], []);
  });

  it('reading continues where indexing stopped', () => {
    const c = web.iterbetter([1, 2, 3]);
    assert.equal(c[0], 1);
    assert.deepEqual([...c], [2, 3]);
  });

  it('after bool(), index 0 is the first item (web.py 0.62 skips it and answers 2)', () => {
    const c = web.iterbetter([1, 2, 3][Symbol.iterator]());
    c.bool();
    assert.equal(c[0], 1);
    assert.equal(c[1], 2);
  });
});

describe('web.utils.safeiter', () => {
  it('logs and skips an item that throws, then goes on', async () => {
    let n = 0;
    const flaky: Iterator<number> = {
      next() {
        n++;
        if (n === 2) throw new Error('two');
        return n > 4 ? { done: true, value: undefined } : { done: false, value: n };
      },
    };
    const { result, text } = await captureStderr(async () => [...web.safeiter(flaky)]);
    assert.deepEqual(result, [1, 3, 4]);
    assert.match(text, /web\.safeiter: Error: two/);
  });

  it('ends with a generator that threw (a thrown generator is finished)', async () => {
    function* broken() {
      yield 1;
      throw new Error('boom');
    }
    const { result, text } = await captureStderr(async () => [...web.safeiter(broken())]);
    assert.deepEqual(result, [1]);
    assert.match(text, /boom/);
  });
});
