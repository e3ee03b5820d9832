/**
 * web.net, every name, with the answers web.py 0.62 gives for the same input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import web from '../../src/index.js';

describe('web.net.validipaddr', () => {
  it('accepts dotted IPv4 addresses as web.py does', () => {
    const cases: [string, boolean][] = [
      ['192.168.1.1', true],
      ['192.168. 1.1', false],
      ['192.168.1.800', false],
      ['192.168.1', false],
      ['0.0.0.0', true],
      ['255.255.255.255', true],
      ['01.2.3.4', true],
      ['+1.2.3.4', true],
      ['1.2.3.4 ', false],
      ['-0.1.2.3', true],
      ['1.2.3.0x1', false],
      ['1..2.3', false],
      ['1_0.2.3.4', true],
    ];
    for (const [a, expected] of cases) assert.equal(web.net.validipaddr(a), expected, a);
  });
});

describe('web.net.validip6addr', () => {
  it('accepts what inet_pton(AF_INET6) accepts', () => {
    const cases: [string, boolean][] = [
      ['::', true],
      ['aaaa:bbbb:cccc:dddd::1', true],
      ['1:2:3:4:5:6:7:8:9:10', false],
      ['12:10', false],
      ['::ffff:1.2.3.4', true],
      ['fe80::1%eth0', false],
      ['::1', true],
      ['1::2::3', false],
      ['', false],
      [' ::1', false],
      ['FFFF::1', true],
      ['1:2:3:4:5:6:7:8', true],
      ['::1.2.3', false],
    ];
    for (const [a, expected] of cases) assert.equal(web.validip6addr(a), expected, a);
  });
});

describe('web.net.validipport', () => {
  it('accepts 0 to 65535', () => {
    const cases: [string | number, boolean][] = [
      ['9000', true],
      ['foo', false],
      ['1000000', false],
      ['0', true],
      ['65535', true],
      ['65536', false],
      ['-1', false],
      [' 80', true],
      ['+80', true],
      ['1_0', true],
      [8080, true],
      ['', false],
    ];
    for (const [p, expected] of cases) assert.equal(web.validipport(p), expected, String(p));
  });
});

describe('web.net.validip', () => {
  it('splits an address and port, with defaults', () => {
    assert.deepEqual(web.validip('1.2.3.4'), ['1.2.3.4', 8080]);
    assert.deepEqual(web.validip('80'), ['0.0.0.0', 80]);
    assert.deepEqual(web.validip('192.168.0.1:85'), ['192.168.0.1', 85]);
    assert.deepEqual(web.validip('::'), ['::', 8080]);
    assert.deepEqual(web.validip('[::]:88'), ['::', 88]);
    assert.deepEqual(web.validip('[::1]:80'), ['::1', 80]);
    assert.deepEqual(web.validip('[::1]'), ['::1', 8080]);
    assert.deepEqual(web.validip(''), ['0.0.0.0', 8080]);
    assert.deepEqual(web.validip('', { defaultaddr: '127.0.0.1', defaultport: 9 }), ['127.0.0.1', 9]);
    assert.deepEqual(web.validip('', '127.0.0.1', 9), ['127.0.0.1', 9]);
  });

  it("refuses anything else with web.py's message", () => {
    for (const bad of ['[zz]:80', 'fff', '1.2.3.4:99999', 'a:b:c', '1.2.3.4:', ':80', '[::1]:99999'])
      assert.throws(() => web.validip(bad), { message: `${bad} is not a valid IP address/port` }, bad);
  });
});

describe('web.net.validaddr', () => {
  it('keeps a socket path, else reads an address', () => {
    assert.equal(web.validaddr('/path/to/socket'), '/path/to/socket');
    assert.equal(web.validaddr('a/b'), 'a/b');
    assert.deepEqual(web.validaddr('8000'), ['0.0.0.0', 8000]);
    assert.deepEqual(web.validaddr('127.0.0.1'), ['127.0.0.1', 8080]);
    assert.deepEqual(web.validaddr('127.0.0.1:8000'), ['127.0.0.1', 8000]);
    assert.throws(() => web.validaddr('fff'), { message: 'fff is not a valid IP address/port' });
  });
});

describe('web.net.urlquote', () => {
  it("quotes as Python's quote() (UTF-8, / kept)", () => {
    assert.equal(web.urlquote('://?f=1&j=1'), '%3A//%3Ff%3D1%26j%3D1');
    assert.equal(web.urlquote(null), '');
    assert.equal(web.urlquote('\u203d'), '%E2%80%BD');
    assert.equal(web.urlquote("a b+c~_.-*!'()/"), 'a%20b%2Bc~_.-%2A%21%27%28%29/');
    assert.equal(web.urlquote(12), '12');
    assert.equal(web.urlquote('é'), '%C3%A9');
    assert.equal(web.urlquote(true), 'True');
  });
});

describe('web.net.httpdate / parsehttpdate', () => {
  it('httpdate writes an HTTP date in UTC', () => {
    assert.equal(web.httpdate(new Date(Date.UTC(1970, 0, 1, 1, 1, 1))), 'Thu, 01 Jan 1970 01:01:01 GMT');
    assert.equal(
      web.httpdate(new Date(Date.UTC(2024, 1, 29, 23, 5, 9, 999))),
      'Thu, 29 Feb 2024 23:05:09 GMT',
    );
  });

  it('parsehttpdate reads what strptime reads, else undefined', () => {
    const t = (y: number, mo: number, d: number, h: number, mi: number, s: number) =>
      new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    const cases: [string, Date | undefined][] = [
      ['Thu, 01 Jan 1970 01:01:01 GMT', t(1970, 1, 1, 1, 1, 1)],
      ['Thu, 01 Jan 1970 01:01:01 UTC', t(1970, 1, 1, 1, 1, 1)],
      ['Mon, 01 Jan 1970 01:01:01 GMT', t(1970, 1, 1, 1, 1, 1)],
      ['thu, 01 jan 1970 01:01:01 gmt', t(1970, 1, 1, 1, 1, 1)],
      ['Thu, 1 Jan 1970 1:1:1 GMT', t(1970, 1, 1, 1, 1, 1)],
      ['Thu,  01  Jan 1970 01:01:01 GMT', t(1970, 1, 1, 1, 1, 1)],
      ['Sun, 06 Nov 1994 08:49:37 GMT', t(1994, 11, 6, 8, 49, 37)],
      ['Thu,01 Jan 1970 01:01:01 GMT', undefined],
      ['Thu, 01 Jan 1970 01:01:01 EST', undefined],
      ['garbage', undefined],
      ['', undefined],
      ['Thu, 01 Jan 1970 01:01:01', undefined],
      ['Thu, 31 Feb 1970 01:01:01 GMT', undefined],
      ['Thu, 01 Jan 1970 25:01:01 GMT', undefined],
      ['Thursday, 01 Jan 1970 01:01:01 GMT', undefined],
      ['Thu, 01 January 1970 01:01:01 GMT', undefined],
      ['  Thu, 01 Jan 1970 01:01:01 GMT  ', undefined],
      ['Thu, 01 Jan 70 01:01:01 GMT', undefined],
      ['Thu, 01 Jan 1970 01:01:01 Z', undefined],
    ];
    for (const [s, expected] of cases) assert.deepEqual(web.parsehttpdate(s), expected, s);
  });

  it('a leap second (:60) or the year 0 is no date, where web.py raises ValueError', () => {
    assert.equal(web.parsehttpdate('Thu, 01 Jan 1970 01:01:60 GMT'), undefined);
    assert.equal(web.parsehttpdate('Sat, 01 Jan 0000 01:01:01 GMT'), undefined);
  });

  it('round-trips', () => {
    const d = new Date(Date.UTC(2031, 6, 4, 12, 0, 59));
    assert.deepEqual(web.parsehttpdate(web.httpdate(d)), d);
  });
});

describe('web.net.htmlquote / htmlunquote / websafe', () => {
  it('htmlquote and htmlunquote are inverse', () => {
    assert.equal(web.htmlquote(`<'&">`), '&lt;&#39;&amp;&quot;&gt;');
    assert.equal(web.htmlunquote('&lt;&#39;&amp;&quot;&gt;'), `<'&">`);
    assert.equal(web.htmlunquote('&amp;lt;'), '&lt;');
  });

  it('websafe is web.websafe: text of any value, escaped; null gives empty', () => {
    assert.equal(web.net.websafe, web.websafe);
    assert.equal(web.net.websafe(`<'&">`), '&lt;&#39;&amp;&quot;&gt;');
    assert.equal(web.net.websafe(null), '');
    assert.equal(web.net.websafe(1), '1');
    assert.equal(web.net.websafe(Buffer.from('é<')), 'é&lt;');
    assert.equal(web.net.websafe('\u203d'), '\u203d');
  });
});
