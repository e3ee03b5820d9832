import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/json', 'json_echo', '/raw', 'raw'];
web.config.debug = false;
const app = web.application(urls, () => ({ json_echo, raw }));

class json_echo {
  POST() {
    const data = web.data();
    const obj = JSON.parse(data.toString());
    web.header('Content-Type', 'application/json');
    return JSON.stringify({ got: obj.x, bytes: data.length });
  }

  PUT = this.POST;
}

class raw {
  POST() {
    const data = web.data();
    return `${data.length} bytes: ${data.toString('utf-8')}`;
  }
}

if (web.isMain(import.meta)) app.run();
