import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/list', 'listing', '/deep/a/b', 'listing'];
web.config.debug = false;
const app = web.application(urls, () => ({ listing }));

class listing {
  GET() {
    const changequery = web.changequery;
    const http = web.http;
    return [
      changequery({ page: 2 }),
      changequery({ sort: null }),
      changequery({ tag: ['a', 'b'] }),
      http.changequery({ page: null, sort: 'name' }),
      web.url('/x', { a: 1 }),
      http.prefixurl(),
    ].join('\n');
  }
}

if (web.isMain(import.meta)) app.run();
