import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

// biome-ignore format: pattern, class pairs as in web.py
const urls = [
  '/created', 'created',
  '/teapot', 'teapot',
  '/accepted', 'accepted',
  '/conflict', 'conflict',
  '/gone', 'gone',
  '/unauthorized', 'unauthorized',
  '/legal', 'legal',
  '/header', 'header',
  '/notmodified', 'notmodified',
];
web.config.debug = false;
const app = web.application(urls, () => ({
  created,
  teapot,
  accepted,
  conflict,
  gone,
  unauthorized,
  legal,
  header,
  notmodified,
}));

class created {
  POST() {
    web.ctx.status = '201 Created';
    web.header('Location', '/items/1');
    return 'made';
  }
}

class teapot {
  GET() {
    throw web.HTTPError("418 I'm a teapot", { 'X-Tea': 'yes' }, 'short and stout');
  }
}

class accepted {
  GET() {
    throw web.accepted();
  }
}

class conflict {
  GET() {
    throw web.conflict();
  }
}

class gone {
  GET() {
    throw web.gone();
  }
}

class unauthorized {
  GET() {
    throw web.unauthorized();
  }
}

class legal {
  GET() {
    throw web.unavailableforlegalreasons('blocked');
  }
}

class header {
  GET() {
    web.header('X-One', '1');
    web.header('X-One', '2');
    web.header('X-Unique', 'a', true);
    web.header('X-Unique', 'b', true);
    return 'headers';
  }
}

class notmodified {
  GET() {
    throw web.notmodified();
  }
}

if (web.isMain(import.meta)) app.run();
