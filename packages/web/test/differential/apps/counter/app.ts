import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

web.config.debug = false;
const urls = ['/count', 'count', '/reset', 'reset', '/peek', 'peek'];
const app = web.application(urls, () => ({ count, reset, peek }));
const session = web.session.Session(app, web.session.DiskStore('sessions'), { count: 0 });

class count {
  GET() {
    session.count = session.get('count', 0) + 1;
    return String(session.count);
  }
}

class reset {
  GET() {
    session.kill();
    return 'Reset';
  }
}

class peek {
  GET() {
    return `count is ${session.count}`;
  }
}

if (web.isMain(import.meta)) app.run();
