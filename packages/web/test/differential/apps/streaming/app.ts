import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/stream', 'stream', '/early', 'early'];
web.config.debug = false;
const app = web.application(urls, () => ({ stream, early }));

class stream {
  *GET() {
    web.header('Content-Type', 'text/plain');
    web.header('X-Stream', 'yes');
    for (let i = 0; i < 3; i++) yield `chunk ${i}\n`;
  }
}

class early {
  // biome-ignore lint/correctness/useYield: the redirect is thrown before the first chunk, as in web.py
  *GET() {
    throw web.seeother('/stream');
  }
}

if (web.isMain(import.meta)) app.run();
