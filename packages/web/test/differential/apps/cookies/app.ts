import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/set', 'set_cookies', '/show', 'show', '/need', 'need', '/forget', 'forget'];
web.config.debug = false;
const app = web.application(urls, () => ({ set_cookies, show, need, forget }));

class set_cookies {
  GET() {
    web.setcookie('plain', 'v');
    web.setcookie('spaced', 'a b;c,d');
    web.setcookie('lang', 'fr', 3600);
    web.setcookie('theme', 'dark', { expires: 60, httponly: true, path: '/' });
    web.setcookie('safe', 's', { secure: true, samesite: 'Strict' });
    web.setcookie('scoped', 'x', { path: '/show', samesite: 'Lax' });
    return 'set';
  }
}

class show {
  GET() {
    const c = web.cookies({ lang: 'en', theme: 'light' });
    return `lang=${c.lang} theme=${c.theme} plain=${c.get('plain', '-')} spaced=${c.get('spaced', '-')} scoped=${c.get('scoped', '-')}`;
  }
}

class need {
  GET() {
    const c = web.cookies('lang');
    return 'lang is ' + c.lang;
  }
}

class forget {
  GET() {
    web.setcookie('lang', '', -1);
    return 'forgotten';
  }
}

if (web.isMain(import.meta)) app.run();
