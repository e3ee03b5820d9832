import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

web.config.debug = false;

class blog_index {
  GET() {
    return `blog index: path=${web.ctx.path} fullpath=${web.ctx.fullpath} home=${web.ctx.home} homepath=${web.ctx.homepath}`;
  }
}

class blog_post {
  GET(slug: string) {
    return `post ${slug} (realhome=${web.ctx.realhome})`;
  }
}

class blog_go {
  GET() {
    throw web.seeother('/');
  }
}

class blog_missing {
  GET() {
    throw web.notfound();
  }
}

const blog_urls = [
  '',
  'blog_index',
  '/',
  'blog_index',
  '/go',
  'blog_go',
  '/missing',
  'blog_missing',
  '/(.+)',
  'blog_post',
];
const blog_app = web.application(blog_urls, { blog_index, blog_go, blog_missing, blog_post });

class wiki_page {
  GET(name: string) {
    return `wiki ${name} at ${web.ctx.homepath}`;
  }
}

const wiki_app = web.subdir_application(['/(.*)', 'wiki_page'], { wiki_page });

class index {
  GET(rest: string) {
    return 'main: ' + rest;
  }
}

function notfound() {
  return web.notfound('main says: nothing at ' + web.ctx.path);
}

const urls = ['/blog', blog_app, '/wiki', wiki_app, '/(.*)', 'index'];
const app = web.application(urls, { index });
app.notfound = notfound;

if (web.isMain(import.meta)) app.run();
