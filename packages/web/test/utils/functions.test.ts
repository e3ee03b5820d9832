/**
 * web.utils' function wrappers: timelimit, Memoize, re_compile, re_subm, Profile, CaptureStdout,
 * tryall, safewrite. Expected values from web.py 0.62 where it gives one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it, mock } from 'node:test';
import web from '../../src/index.js';
import { enableMockTimers } from '../helpers/stderr.js';

/** A promise and the function that settles it. */
function latch<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('web.utils.timelimit', () => {
  it('gives the result when the function is in time', async () => {
    assert.equal(await web.timelimit(1)(() => 42)(), 42);
    assert.equal(await web.timelimit(1)(async (a: number, b: number) => a + b)(40, 2), 42);
  });

  it("passes the function's own error on", async () => {
    await assert.rejects(
      web.timelimit(1)(() => {
        throw new TypeError('bad');
      })(),
      { name: 'TypeError', message: 'bad' },
    );
  });

  it("rejects with 'took too long' when the work does not finish in time", async () => {
    const never = latch();
    await assert.rejects(web.timelimit(0.05)(() => never.promise)(), { message: 'took too long' });
    never.open();
  });
});

describe('web.utils.Memoize / memoize', () => {
  it('calls the function once per arguments', () => {
    let calls = 0;
    const howmany = (x = 0) => ++calls + x;
    const fast = web.memoize(howmany);
    assert.equal(howmany(), 1);
    assert.equal(howmany(), 2);
    assert.equal(fast(), 3);
    assert.equal(fast(), 3);
    assert.equal(fast(10), 14);
    assert.equal(fast(10), 14);
    assert.equal(fast.cache.size, 2);
    assert.ok(fast instanceof web.Memoize);
    assert.equal(fast.func, howmany);
  });

  it('recomputes after `expires` seconds, at once with background: false', async () => {
    await enableMockTimers(mock.timers, { apis: ['Date'], now: 1_000_000 });
    try {
      let calls = 0;
      const fast = web.memoize(() => ++calls, 0.1, false);
      assert.equal(fast(), 1);
      assert.equal(fast(), 1);
      mock.timers.tick(200);
      assert.equal(fast(), 2);
      assert.equal(fast(), 2);
      const viaOptions = web.Memoize(() => ++calls, { expires: 0.1, background: false });
      assert.equal(viaOptions(), 3);
      mock.timers.tick(200);
      assert.equal(viaOptions(), 4);
    } finally {
      mock.timers.reset();
    }
  });

  it('in the background by default: the old value meanwhile, the new one after', async () => {
    await enableMockTimers(mock.timers, { apis: ['Date'], now: 1_000_000 });
    try {
      let calls = 0;
      let refreshed = latch();
      const fast = web.memoize(() => {
        calls++;
        refreshed.open();
        return calls;
      }, 0.2);
      assert.equal(fast(), 1);
      refreshed = latch();
      mock.timers.tick(300);
      assert.equal(fast(), 1, 'the stale value while the refresh runs');
      await refreshed.promise;
      assert.equal(fast(), 2);
    } finally {
      mock.timers.reset();
    }
  });

  it('caches the promise of an async function, but not a rejected one', async () => {
    let calls = 0;
    const fast = web.memoize(async (fail: boolean) => {
      calls++;
      if (fail) throw new Error('no');
      return calls;
    });
    assert.equal(await fast(false), 1);
    assert.equal(await fast(false), 1);
    await assert.rejects(fast(true), { message: 'no' });
    await assert.rejects(fast(true), { message: 'no' });
    assert.equal(calls, 3, 'the failed call was tried again');
  });
});

describe('web.utils.re_compile / re_subm', () => {
  it('re_compile builds a pattern once', () => {
    assert.equal(web.re_compile('a+'), web.re_compile('a+'));
    assert.notEqual(web.re_compile('a+'), web.re_compile('a+', 'i'));
    assert.ok(web.re_compile('a+').test('baa'));
  });

  it('re_subm replaces every match and gives the last match', () => {
    const [t, m] = web.re_subm('g(oo+)fball', 'f$1lish', 'goooooofball');
    assert.equal(t, 'foooooolish');
    assert.deepEqual(m?.slice(1), ['oooooo']);
    assert.equal(m?.[0], 'goooooofball');
    const [none, nomatch] = web.re_subm('a', 'b', 'xyz');
    assert.equal(none, 'xyz');
    assert.equal(nomatch, null);
    const [many, last] = web.re_subm('a(\\d)', 'X', 'a1a2');
    assert.equal(many, 'XX');
    assert.deepEqual(last?.slice(1), ['2']);
  });
});

describe('web.utils.Profile / profile', () => {
  function busy(n: number): number {
    let x = 0;
    for (let i = 0; i < 5_000_000; i++) x += i % 7;
    return n + (x > 0 ? 1 : 0);
  }

  it('gives the result and a report that starts with the time taken', () => {
    const [out, info] = web.profile(busy)(41);
    assert.equal(out, 42);
    assert.match(info, /^\n\ntook \d+(\.\d+)?(e-\d+)? seconds\n/);
    assert.match(info, /samples\n\n {3}Ordered by: internal time\n/);
    assert.match(info, /\(busy\)/, 'the busy function is in the table');
  });

  it('waits for an async function', async () => {
    const [out, info] = await web.Profile(async (x: number) => busy(x))(1);
    assert.equal(out, 2);
    assert.match(info, /^\n\ntook /);
  });
});

describe('web.utils.CaptureStdout / capturestdout', () => {
  it('returns what the function printed instead of printing it', () => {
    const idiot = () => {
      console.log('foo');
      return 5;
    };
    assert.equal(web.capturestdout(idiot)(), 'foo\n');
    assert.equal(
      web.CaptureStdout((a: number, b: number) => process.stdout.write(`${a} ${b}\n`))(1, 2),
      '1 2\n',
    );
  });

  it('overlapping async captures each get only their own output', async () => {
    const gates = Array.from({ length: 20 }, () => latch());
    const captures = gates.map((gate, i) =>
      web.capturestdout(async () => {
        console.log(`start ${i}`);
        await gate.promise;
        console.log(`end ${i}`);
      })(),
    );
    for (const gate of [...gates].reverse()) gate.open();
    const texts = await Promise.all(captures);
    for (const [i, text] of texts.entries()) assert.equal(text, `start ${i}\nend ${i}\n`);
  });
});

describe('web.utils.tryall', () => {
  it("calls each function and prints web.py's report", () => {
    const printed = web.capturestdout(() =>
      web.tryall({
        a: () => true,
        b: () => {
          throw new Error('division by zero');
        },
        c: 5,
        d: () => true,
        pre_x: () => null,
      }),
    )() as string;
    const lines = printed.split('\n');
    assert.deepEqual(lines.slice(0, 3), ['a: True', 'b: ERROR', '   Error: division by zero']);
    assert.deepEqual(lines.slice(-9), [
      '   ',
      'd: True',
      'pre_x: None',
      '----------------------------------------',
      'results:',
      '   True: 2',
      '   ERROR: 1',
      '   None: 1',
      '',
    ]);
  });

  it('with a prefix, only the functions whose name starts with it', () => {
    const printed = web.capturestdout(() =>
      web.tryall({ a: () => true, pre_x: () => null }, 'pre_'),
    )() as string;
    assert.equal(printed, 'pre_x: None\n----------------------------------------\nresults:\n   None: 1\n');
  });

  it('waits for functions that return promises', async () => {
    const printed = await web.capturestdout(() => web.tryall({ a: async () => 1, b: async () => 1 }))();
    assert.equal(printed, 'a: 1\nb: 1\n----------------------------------------\nresults:\n   1: 2\n');
  });
});

describe('web.utils.safewrite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-safewrite-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file and leaves no temporary file', () => {
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'old');
    web.safewrite(file, 'new é');
    assert.equal(readFileSync(file, 'utf8'), 'new é');
    assert.deepEqual(readdirSync(dir), ['a.txt']);
  });

  it('leaves the old file whole when the write fails', () => {
    const file = join(dir, 'b.txt');
    writeFileSync(file, 'keep');
    mkdirSync(`${file}.tmp`);
    assert.throws(() => web.safewrite(file, 'lost'), { code: 'EISDIR' });
    assert.equal(readFileSync(file, 'utf8'), 'keep');
  });
});
