import { join } from 'node:path';
import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/(.*)', 'index'];
web.config.debug = false;
const app = web.application(urls, () => ({ index }));
const render = web.template.render<'response'>(join(import.meta.dirname, 'templates'), { cache: false });

class index {
  GET(code: string) {
    web.header('Content-Type', 'text/xml');
    return render.response(code, web.input({ item: [] }).item);
  }
}

if (web.isMain(import.meta)) app.run();
