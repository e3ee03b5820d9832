import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/', 'index', '/hello/(.*)', 'hello', '/go', 'go', '/old/(.*)', 'redirect /hello/\\1'];
web.config.debug = false;
const app = web.application(urls, () => ({ index, hello, go }));

class index {
  GET() {
    return 'Hello, world!';
  }
}

class hello {
  GET(name: string) {
    if (!name) name = 'World';
    return 'Hello, ' + name + '!';
  }
}

class go {
  GET() {
    // No throw: constructing the redirect is enough in web.py.
    web.seeother('/');
    return 'redirecting';
  }
}

if (web.isMain(import.meta)) app.run();
