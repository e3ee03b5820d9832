import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/echo', 'echo', '/list', 'listing', '/need', 'need', '/form', 'form'];
web.config.debug = false;
const app = web.application(urls, () => ({ echo, listing, need, form }));

class echo {
  GET() {
    const i = web.input({ name: 'anon', lang: 'en' });
    return `name=${i.name} lang=${i.lang}`;
  }

  POST() {
    const i = web.input({ name: 'anon', lang: 'en' });
    return `posted name=${i.name} lang=${i.lang}`;
  }
}

class listing {
  GET() {
    const i = web.input({ tag: [] });
    return `${i.tag.length}: ${i.tag.join(',')}`;
  }

  POST() {
    const i = web.input({ tag: [] });
    return `${i.tag.length}: ${i.tag.join(',')}`;
  }
}

class need {
  GET() {
    const i = web.input('id', { page: '1' });
    return `id=${i.id} page=${i.page}`;
  }
}

class form {
  POST() {
    const i = web.input();
    return Object.keys(i)
      .sort()
      .map((k) => `${k}=${i[k]}`)
      .join('\n');
  }
}

if (web.isMain(import.meta)) app.run();
