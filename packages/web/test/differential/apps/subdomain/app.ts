import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

web.config.debug = false;

class main_index {
  GET() {
    return 'main site at ' + web.ctx.host;
  }
}

const main_app = web.application(['/', 'main_index'], { main_index });

class blog_index {
  GET() {
    return `blog at ${web.ctx.host}, home=${web.ctx.home}`;
  }
}

const blog_app = web.application(['/', 'blog_index'], { blog_index });

class user {
  GET(name: string) {
    return 'user ' + name + ' at ' + web.ctx.path;
  }
}

const mapping = [
  String.raw`(?:www\.)?example\.com`,
  main_app,
  String.raw`blog\.example\.com`,
  blog_app,
  String.raw`([a-z]+)\.users\.example\.com`,
  'user',
];
const app = web.subdomain_application(mapping, { user });

if (web.isMain(import.meta)) app.run();
