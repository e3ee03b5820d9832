// The hello-world from web.py's front page, ported to webts.
// Run: npx tsc -b (from the repo root), then `node app.js [port]` in this folder.
import web from 'webts';

const urls = ['/(.*)', 'hello'];
const app = web.application(urls, () => ({ hello }));

class hello {
  GET(name: string) {
    if (!name) name = 'World';
    return 'Hello, ' + name + '!';
  }
}

if (web.isMain(import.meta)) app.run();
