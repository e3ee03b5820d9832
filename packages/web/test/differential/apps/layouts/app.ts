import { join } from 'node:path';
import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/page/(.*)', 'page', '/plain', 'plain', '/bare', 'bare'];
web.config.debug = false;
const app = web.application(urls, () => ({ page, plain, bare }));
const here = import.meta.dirname;
const render = web.template.render<'page' | 'plain'>(join(here, 'templates'), { base: 'layout' });
const render_bare = web.template.render<'page'>(join(here, 'templates'));

class page {
  GET(name: string) {
    const items = web.input({ item: [] }).item;
    return render.page(name, items);
  }
}

class plain {
  GET() {
    return render.plain(web.input({ text: '<b>bold</b> & more' }).text);
  }
}

class bare {
  GET() {
    return render_bare.page('bare', ['x']);
  }
}

if (web.isMain(import.meta)) app.run();
