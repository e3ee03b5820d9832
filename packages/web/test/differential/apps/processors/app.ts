import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

// The app's own web.ctx field, declared once (docs/porting.md).
declare module '../../../../src/index.js' {
  interface Context {
    trail: string[];
  }
}

const urls = ['/', 'index', '/missing', 'missing', '/log', 'log'];
web.config.debug = false;
const app = web.application(urls, () => ({ index, missing, log }));
const unloaded: string[] = [];

function trail(): string[] {
  return web.ctx.trail;
}

async function outer(handler: () => unknown) {
  web.ctx.trail = ['outer-before'];
  const result = await handler();
  trail().push('outer-after');
  web.header('X-Trail', trail().join(','));
  return '[' + result + ']';
}

async function inner(handler: () => unknown) {
  trail().push('inner-before');
  const result = await handler();
  trail().push('inner-after');
  return result;
}

function load() {
  trail().push('load');
}

function unload() {
  trail().push('unload');
  unloaded.push(web.ctx.path);
}

app.add_processor(outer);
app.add_processor(inner);
app.add_processor(web.loadhook(load));
app.add_processor(web.unloadhook(unload));

class index {
  GET() {
    trail().push('handler');
    return 'index';
  }
}

class missing {
  GET() {
    throw web.notfound('missing');
  }
}

class log {
  GET() {
    return 'unloaded: ' + unloaded.join(' ');
  }
}

if (web.isMain(import.meta)) app.run();
