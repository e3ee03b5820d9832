import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

// biome-ignore format: pattern, class pairs as in web.py
const urls = [
  '/only-get', 'only_get',
  '/rest', 'rest',
  '/missing', 'missing',
  '/missing-msg', 'missing_msg',
  '/forbidden', 'forbidden',
  '/boom', 'boom',
  '/bad', 'bad',
  '/returned', 'returned',
];
web.config.debug = false;
const app = web.application(urls, () => ({
  only_get,
  rest,
  missing,
  missing_msg,
  forbidden,
  boom,
  bad,
  returned,
}));

function notfound() {
  return web.notfound('Sorry, the page you were looking for was not found.');
}

function internalerror() {
  return web.internalerror('Bad, bad server. No donut for you.');
}

app.notfound = notfound;
app.internalerror = internalerror;

class only_get {
  GET() {
    return 'got';
  }
}

class rest {
  GET() {
    return 'get';
  }

  POST() {
    return 'post';
  }

  PUT() {
    return 'put';
  }

  DELETE() {
    return 'delete';
  }
}

class missing {
  GET() {
    throw web.notfound();
  }
}

class missing_msg {
  GET() {
    throw web.notfound('no such thing');
  }
}

class forbidden {
  GET() {
    web.header('X-Before', '1');
    throw web.forbidden();
  }
}

class boom {
  GET() {
    throw new Error('division by zero');
  }
}

class bad {
  GET() {
    throw web.badrequest('bad: ' + web.input({ why: 'unknown' }).why);
  }
}

class returned {
  GET() {
    return web.gone();
  }
}

if (web.isMain(import.meta)) app.run();
