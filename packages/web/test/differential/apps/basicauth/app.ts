import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/', 'Index', '/login', 'Login'];
web.config.debug = false;
const app = web.application(urls, () => ({ Index, Login }));

const allowed = [
  ['jon', 'pass1'],
  ['tom', 'pass2'],
];

class Index {
  GET() {
    return 'Welcome';
  }
}

class Login {
  GET() {
    let auth = web.ctx.env.HTTP_AUTHORIZATION;
    let authreq = false;
    if (auth === undefined) {
      authreq = true;
    } else {
      auth = auth.replace(/^Basic /, '');
      const [username, password] = Buffer.from(auth, 'base64').toString().split(':');
      if (allowed.some(([u, p]) => u === username && p === password)) {
        throw web.seeother('/');
      } else {
        authreq = true;
      }
    }
    if (authreq) {
      web.header('WWW-Authenticate', 'Basic realm="Auth example"');
      web.ctx.status = '401 Unauthorized';
      return;
    }
  }
}

if (web.isMain(import.meta)) app.run();
