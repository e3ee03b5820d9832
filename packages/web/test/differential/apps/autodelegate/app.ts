import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/prefs/(.*)', 'prefs'];
web.config.debug = false;
const app = web.application(urls, () => ({ prefs }));

class prefs {
  GET = web.autodelegate('GET_');
  POST = web.autodelegate('POST_');

  GET_password() {
    return 'password page';
  }

  GET_privacy(rest?: string) {
    return 'privacy page' + (rest ? ' ' + rest : '');
  }

  POST_password() {
    return 'password changed to ' + web.input({ pw: '' }).pw;
  }
}

if (web.isMain(import.meta)) app.run();
