import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

web.config.debug = false;
const app = web.auto_application();

app.page(
  class hello {
    GET() {
      return 'hello, world';
    }
  },
);

app.page(
  class foo {
    static path = '/foo/(.*)';

    GET(rest: string) {
      return 'foo ' + rest;
    }
  },
);

app.page(
  class form {
    GET() {
      return 'form';
    }

    POST() {
      return 'posted ' + web.input({ x: 'none' }).x;
    }
  },
);

if (web.isMain(import.meta)) app.run();
