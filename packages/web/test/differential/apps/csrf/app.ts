import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/', 'index', '/transfer', 'transfer'];
web.config.debug = false;
const app = web.application(urls, () => ({ index, transfer }));
const session = web.session.Session(app, web.session.DiskStore('sessions'));

/**
 * Should be called from the form page's template:
 * <input type='hidden' name='csrf_token' value='$csrf_token()'>
 */
function csrf_token() {
  if (!session.has('csrf_token')) session.csrf_token = randomUUID().replaceAll('-', '');
  return session.csrf_token;
}

/** Usage: `@csrf_protected POST() { ... }` */
function csrf_protected<This, A extends unknown[], R>(
  f: (this: This, ...args: A) => R,
  _context: ClassMethodDecoratorContext<This>,
) {
  return function decorated(this: This, ...args: A): R {
    const inp = web.input();
    if (!(inp.csrf_token !== undefined && inp.csrf_token === session.pop('csrf_token', null))) {
      throw web.HTTPError(
        '400 Bad Request',
        { 'content-type': 'text/html' },
        'Cross-site request forgery (CSRF) attempt (or stale browser form). <a href="/">Back to the form</a>.',
      );
    }
    return f.apply(this, args);
  };
}

const render = web.template.render<'form'>(join(import.meta.dirname, 'templates'), {
  globals: { csrf_token },
});

class index {
  GET() {
    return render.form();
  }
}

class transfer {
  @csrf_protected
  POST() {
    return 'transferred ' + web.input({ amount: '0' }).amount;
  }
}

if (web.isMain(import.meta)) app.run();
