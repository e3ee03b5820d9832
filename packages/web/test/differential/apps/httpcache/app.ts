import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/page', 'page', '/article', 'article'];
web.config.debug = false;
const app = web.application(urls, () => ({ page, article }));

const STAMP = new Date(Date.UTC(2024, 4, 17, 8, 30, 0));

class page {
  GET() {
    const http = web.http;
    http.expires(3600);
    http.lastmodified(STAMP);
    return 'cached for an hour';
  }
}

class article {
  GET() {
    web.modified(STAMP, 'v1');
    return 'article v1';
  }
}

if (web.isMain(import.meta)) app.run();
