import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/', 'index'];
web.config.debug = false;
const app = web.application(urls, () => ({ index }));

class index {
  GET() {
    const u = web.utils;
    const s = u.storify({ a: '1', b: ['1', '2'] }, { b: [] });
    return [
      u.commify(1234567) + ' ' + u.commify(-1234.5),
      [1, 2, 13, 23, 111].map((n) => u.nthstr(n)).join(' '),
      `${u.intget('42', 0)} ${u.intget('x', 0)}`,
      u.uniq([3, 1, 3, 2, 1]).map(String).join(','),
      [...u.group([1, 2, 3, 4, 5], 2)].map((g: number[]) => g.join(',')).join('|'),
      Object.entries(u.dictreverse({ a: '1', b: '2' }))
        .sort()
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      u.listget(['a', 'b'], 5, 'none'),
      u.rstrips('hello.txt', '.txt') +
        ' ' +
        u.lstrips('www.example.com', 'www.') +
        ' ' +
        u.strips('--x--', '-'),
      u.numify('(555) 123-4567') + ' ' + u.denumify('5551234567', 'XXX-XXX-XXXX'),
      u.to36(12345),
      u.safestr(12),
      `${s.a} ${(s.b as string[]).join(',')}`,
    ].join('\n');
  }
}

if (web.isMain(import.meta)) app.run();
