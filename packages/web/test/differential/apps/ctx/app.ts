import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/ctx(.*)', 'show', '/post', 'show_post'];
web.config.debug = false;
const app = web.application(urls, () => ({ show, show_post }));

function describe() {
  const c = web.ctx;
  return [
    'path=' + c.path,
    'fullpath=' + c.fullpath,
    'query=' + c.query,
    'home=' + c.home,
    'homepath=' + c.homepath,
    'homedomain=' + c.homedomain,
    'realhome=' + c.realhome,
    'host=' + c.host,
    'protocol=' + c.protocol,
    'method=' + c.method,
    'ip=' + c.ip,
    'status=' + c.status,
    'referer=' + (c.env.HTTP_REFERER ?? '-'),
    'agent=' + (c.env.HTTP_USER_AGENT ?? '-'),
  ].join('\n');
}

class show {
  GET(rest: string) {
    return 'rest=' + rest + '\n' + describe();
  }
}

class show_post {
  POST() {
    return describe();
  }
}

if (web.isMain(import.meta)) app.run();
