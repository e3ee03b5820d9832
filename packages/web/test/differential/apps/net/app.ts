import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/', 'index'];
web.config.debug = false;
const app = web.application(urls, () => ({ index }));

function yesno(flag: boolean) {
  return flag ? 'yes' : 'no';
}

class index {
  GET() {
    const n = web.net;
    const [host, port] = n.validaddr('127.0.0.1:8080');
    const [ip, ipPort] = n.validip('1.2.3.4');
    return [
      n.htmlquote(`<a href="x">'&'</a>`),
      n.htmlunquote('&lt;b&gt; &amp; &quot;q&quot; &#39;s&#39;'),
      n.websafe('<i>'),
      n.urlquote('a b/é?x=1&y'),
      n.httpdate(new Date(Date.UTC(2024, 4, 17, 8, 30, 0))),
      n.httpdate(n.parsehttpdate('Fri, 17 May 2024 08:30:00 GMT') as Date),
      ['192.168.1.1', '256.1.1.1'].map((a) => yesno(n.validipaddr(a))).join(' '),
      ['8080', '99999'].map((p) => yesno(n.validipport(p))).join(' '),
      yesno(n.validip6addr('::1')),
      `${host} ${port}`,
      `${ip} ${ipPort}`,
    ].join('\n');
  }
}

if (web.isMain(import.meta)) app.run();
