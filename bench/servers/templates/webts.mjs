// webts serving the templates page: --mode template (web.template with a layout) or --mode literal.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import web from 'webts';
import { argvOptions, fail, serve } from '../../lib/child.mjs';
import { literalPage, ROWS, TEMPLATES } from '../../lib/template-data.mjs';

const opts = argvOptions();
let page;
if (opts.mode === 'template') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'webts-bench-templates-'));
  for (const [name, text] of Object.entries(TEMPLATES)) writeFileSync(path.join(dir, name), text);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const render = web.template.render(dir, { base: 'layout' });
  page = () => render.table(ROWS);
} else if (opts.mode === 'literal') {
  page = () => literalPage(ROWS);
} else throw new Error(`--mode template|literal, not ${opts.mode}`);

web.config.debug = false;
const app = web.application(['/', 'Page'], {
  Page: class {
    GET() {
      web.header('Content-Type', 'text/html; charset=utf-8');
      return page();
    }
  },
});
app.listen(0, '127.0.0.1').then(serve, fail);
