import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

// biome-ignore format: pattern, class pairs as in web.py
const urls = [
  '/r301', 'r301',
  '/r302', 'r302',
  '/r303', 'r303',
  '/r307', 'r307',
  '/rel/a/b', 'relative',
  '/up/a/b', 'up',
  '/query/a', 'query',
  '/elsewhere', 'elsewhere',
  '/slashes', 'slashes',
  '/post', 'post',
  '/custom', 'custom',
  '/old', 'redirect /new',
];
web.config.debug = false;
const app = web.application(urls, () => ({
  r301,
  r302,
  r303,
  r307,
  relative,
  up,
  query,
  elsewhere,
  slashes,
  post,
  custom,
}));

class r301 {
  GET() {
    throw web.redirect('/target');
  }
}

class r302 {
  GET() {
    throw web.found('/target');
  }
}

class r303 {
  GET() {
    throw web.seeother('/target?x=1');
  }
}

class r307 {
  GET() {
    throw web.tempredirect('/target');
  }
}

class relative {
  GET() {
    throw web.seeother('c');
  }
}

class up {
  GET() {
    throw web.seeother('../z');
  }
}

class query {
  GET() {
    throw web.seeother('?q=1');
  }
}

class elsewhere {
  GET() {
    throw web.seeother('http://other.example/q');
  }
}

class slashes {
  GET() {
    throw web.seeother('//evil.example/x');
  }
}

class post {
  POST() {
    throw web.seeother('/done');
  }
}

class custom {
  GET() {
    throw web.redirect('/target', '302 Found');
  }
}

if (web.isMain(import.meta)) app.run();
