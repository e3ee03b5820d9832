import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import web from '../../src/index.js';
import { type RawResponse, type Running, withServer } from '../helpers/http.js';

class Who {
  GET() {
    web.setcookie('sid', 'x', { secure: web.ctx.protocol === 'https' });
    return JSON.stringify({
      ip: web.ctx.ip,
      protocol: web.ctx.protocol,
      host: web.ctx.host,
      home: web.ctx.home,
      REMOTE_ADDR: web.ctx.env.REMOTE_ADDR,
    });
  }
}
class Go {
  GET() {
    throw web.seeother('/there');
  }
}
const app = () => web.application(['/who', 'Who', '/go', 'Go'], { Who, Go });

/** One raw request from a chosen local address (127.0.0.2 is a second peer on the loopback). */
function from(localAddress: string, port: number, head: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    let text = '';
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const end = text.indexOf('\r\n\r\n');
      const lines = text.slice(0, end === -1 ? undefined : end).split('\r\n');
      resolve({
        raw: text,
        statusLine: lines[0] ?? '',
        statusCode: Number.parseInt((lines[0] ?? '').split(' ')[1] ?? '0', 10),
        headerLines: lines.slice(1),
        body: end === -1 ? '' : text.slice(end + 4),
        endedBy: 'server',
      });
    });
  });
}

const get = (path: string, headers: Record<string, string>, version = '1.1') =>
  `GET ${path} HTTP/${version}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}Connection: close\r\n\r\n`;

const header = (r: RawResponse, name: string) =>
  r.headerLines.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}: `))?.slice(name.length + 2);

const SPOOF = {
  Host: 'app.internal:8080',
  'X-Forwarded-For': '203.0.113.9',
  'X-Forwarded-Proto': 'https',
  'X-Forwarded-Host': 'example.com',
};

async function stillServing(s: Running): Promise<void> {
  const r = await from('127.0.0.1', s.port, get('/who', { Host: 'example.com' }));
  assert.equal(r.statusCode, 200);
}

afterEach(() => {
  delete web.config.trust_proxy;
  delete web.config.allowed_hosts;
});

describe('web.config.trust_proxy', () => {
  it('unset (web.py): X-Forwarded-* are ignored, ctx.ip is the socket peer, Host as sent', async () => {
    await withServer(app(), async (s) => {
      const who = await from('127.0.0.1', s.port, get('/who', SPOOF));
      assert.deepEqual(JSON.parse(who.body), {
        ip: '127.0.0.1',
        protocol: 'http',
        host: 'app.internal:8080',
        home: 'http://app.internal:8080',
        REMOTE_ADDR: '127.0.0.1',
      });
      assert.equal(header(who, 'Set-Cookie'), 'sid=x; Path=/');
      const go = await from('127.0.0.1', s.port, get('/go', SPOOF));
      assert.equal(header(go, 'Location'), 'http://app.internal:8080/there');
    });
  });

  it('from a trusted peer, X-Forwarded-For/-Proto/-Host set ctx.ip, protocol, host, Location and secure cookies', async () => {
    for (const setting of [['127.0.0.1'], 'loopback', ['127.0.0.0/8'], '10.0.0.0/8, loopback']) {
      web.config.trust_proxy = setting;
      await withServer(app(), async (s) => {
        const who = await from('127.0.0.1', s.port, get('/who', SPOOF));
        assert.deepEqual(
          JSON.parse(who.body),
          {
            ip: '203.0.113.9',
            protocol: 'https',
            host: 'example.com',
            home: 'https://example.com',
            REMOTE_ADDR: '203.0.113.9',
          },
          String(setting),
        );
        assert.equal(header(who, 'Set-Cookie'), 'sid=x; Path=/; Secure');
        const go = await from('127.0.0.1', s.port, get('/go', SPOOF));
        assert.equal(go.statusCode, 303);
        assert.equal(header(go, 'Location'), 'https://example.com/there');
        await stillServing(s);
      });
    }
  });

  it('from an untrusted peer (127.0.0.2) the same headers are ignored', async () => {
    web.config.trust_proxy = ['127.0.0.1'];
    await withServer(app(), async (s) => {
      const who = await from('127.0.0.2', s.port, get('/who', SPOOF));
      assert.deepEqual(JSON.parse(who.body), {
        ip: '127.0.0.2',
        protocol: 'http',
        host: 'app.internal:8080',
        home: 'http://app.internal:8080',
        REMOTE_ADDR: '127.0.0.2',
      });
      const go = await from('127.0.0.2', s.port, get('/go', SPOOF));
      assert.equal(header(go, 'Location'), 'http://app.internal:8080/there');
      await stillServing(s);
    });
  });

  it('a client cannot prepend its own X-Forwarded-For: the nearest untrusted address wins', async () => {
    await withServer(app(), async (s) => {
      const chain = { Host: 'x', 'X-Forwarded-For': '6.6.6.6, 203.0.113.9, 10.0.0.5' };
      web.config.trust_proxy = ['loopback'];
      assert.equal(JSON.parse((await from('127.0.0.1', s.port, get('/who', chain))).body).ip, '10.0.0.5');
      web.config.trust_proxy = ['loopback', '10.0.0.0/8'];
      assert.equal(JSON.parse((await from('127.0.0.1', s.port, get('/who', chain))).body).ip, '203.0.113.9');
      // Nothing forwarded: the peer itself.
      assert.equal(
        JSON.parse((await from('127.0.0.1', s.port, get('/who', { Host: 'x' }))).body).ip,
        '127.0.0.1',
      );
      // Garbage in X-Forwarded-For is passed on as the address text, never an error.
      const junk = await from('127.0.0.1', s.port, get('/who', { Host: 'x', 'X-Forwarded-For': '<script>' }));
      assert.equal(junk.statusCode, 200);
      assert.equal(JSON.parse(junk.body).ip, '<script>');
    });
  });

  it('X-Forwarded-Proto other than http/https is ignored; the first of several values counts', async () => {
    web.config.trust_proxy = 'loopback';
    await withServer(app(), async (s) => {
      for (const [proto, expected] of [
        ['javascript', 'http'],
        ['HTTPS', 'https'],
        ['https, http', 'https'],
        ['http, https', 'http'],
        ['', 'http'],
      ] as const) {
        const r = await from('127.0.0.1', s.port, get('/who', { Host: 'x', 'X-Forwarded-Proto': proto }));
        assert.equal(JSON.parse(r.body).protocol, expected, proto);
      }
      const hosts = await from(
        '127.0.0.1',
        s.port,
        get('/who', { Host: 'x', 'X-Forwarded-Host': 'a.com, b.com' }),
      );
      assert.equal(JSON.parse(hosts.body).host, 'a.com');
    });
  });

  it('an invalid trust_proxy is a 500 with the reason logged, and serving resumes once fixed', async () => {
    await withServer(app(), async (s) => {
      web.config.trust_proxy = ['not-an-address'];
      const original = process.stderr.write;
      let logged = '';
      process.stderr.write = ((chunk: string) => {
        logged += chunk;
        return true;
      }) as typeof process.stderr.write;
      let bad: RawResponse;
      try {
        bad = await from('127.0.0.1', s.port, get('/who', { Host: 'x' }));
      } finally {
        process.stderr.write = original;
      }
      assert.equal(bad.statusCode, 500);
      assert.match(logged, /web\.config\.trust_proxy/);
      assert.match(logged, /not-an-address/);
      web.config.trust_proxy = ['loopback'];
      await stillServing(s);
    });
  });

  it('app.request takes `ip` as the peer, so proxy setups can be tested in process', async () => {
    web.config.trust_proxy = ['10.0.0.1'];
    const headers = { 'X-Forwarded-For': '198.51.100.7', 'X-Forwarded-Proto': 'https' };
    const trusted = await app().request('/go', { ip: '10.0.0.1', host: 'example.com', headers });
    assert.equal(trusted.headers.Location, 'https://example.com/there');
    const untrusted = await app().request('/who', { ip: '10.0.0.2', host: 'example.com', headers });
    assert.equal(JSON.parse(untrusted.data).ip, '10.0.0.2');
    assert.equal(JSON.parse(untrusted.data).protocol, 'http');
  });
});

describe('web.config.allowed_hosts', () => {
  it('only listed hosts are answered; others get 400 and no Location', async () => {
    web.config.allowed_hosts = ['example.com', '.example.org', '[::1]', '127.0.0.1'];
    await withServer(app(), async (s) => {
      for (const host of [
        'example.com',
        'EXAMPLE.COM:8080',
        'example.com.',
        'example.org',
        'www.example.org',
        'a.b.example.org:443',
        '[::1]:8080',
        '127.0.0.1',
      ]) {
        const r = await from('127.0.0.1', s.port, get('/go', { Host: host }));
        assert.equal(r.statusCode, 303, host);
        assert.equal(header(r, 'Location'), `http://${host}/there`, host);
      }
      for (const host of [
        'evil.com',
        'example.com.evil.com',
        'evilexample.org',
        'www.example.com',
        'example.com@evil.com',
        'example.com:80:80',
        'example.com/x',
        'exa mple.com',
        '[::2]',
      ]) {
        const r = await from('127.0.0.1', s.port, get('/go', { Host: host }));
        assert.equal(r.statusCode, 400, host);
        assert.equal(header(r, 'Location'), undefined, host);
        assert.match(r.body, /does not answer for that Host/, host);
        await stillServing(s);
      }
      // HTTP/1.0 without a Host is `localhost`, which is not listed.
      const none = await from('127.0.0.1', s.port, get('/go', {}, '1.0'));
      assert.equal(none.statusCode, 400);
    });
  });

  it('the forwarded host of a trusted proxy is the one checked; an untrusted one cannot smuggle it', async () => {
    web.config.allowed_hosts = ['example.com'];
    web.config.trust_proxy = ['127.0.0.1'];
    await withServer(app(), async (s) => {
      const good = await from(
        '127.0.0.1',
        s.port,
        get('/go', { Host: 'internal', 'X-Forwarded-Host': 'example.com' }),
      );
      assert.equal(good.statusCode, 303);
      assert.equal(header(good, 'Location'), 'http://example.com/there');
      const bad = await from(
        '127.0.0.1',
        s.port,
        get('/go', { Host: 'example.com', 'X-Forwarded-Host': 'evil.com' }),
      );
      assert.equal(bad.statusCode, 400);
      assert.equal(header(bad, 'Location'), undefined);
      // From 127.0.0.2 X-Forwarded-Host is ignored: the Host header is checked.
      const peer2 = await from(
        '127.0.0.2',
        s.port,
        get('/go', { Host: 'example.com', 'X-Forwarded-Host': 'evil.com' }),
      );
      assert.equal(peer2.statusCode, 303);
      assert.equal(header(peer2, 'Location'), 'http://example.com/there');
      await stillServing(s);
    });
  });

  it('static files and app.request are checked too; * allows any well-formed host', async () => {
    web.config.allowed_hosts = ['example.com'];
    const refused = await app().request('/go', { host: 'evil.com' });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.headers.Location, undefined);
    assert.equal((await app().request('/go', { host: 'example.com' })).statusCode, 303);
    await withServer(
      app(),
      async (s) => {
        const r = await from('127.0.0.1', s.port, get('/static/x.css', { Host: 'evil.com' }));
        assert.equal(r.statusCode, 400);
      },
      { static: '.' },
    );
    web.config.allowed_hosts = ['*'];
    assert.equal((await app().request('/go', { host: 'anything.test' })).statusCode, 303);
    assert.equal((await app().request('/go', { host: 'bad host' })).statusCode, 400);
  });
});
