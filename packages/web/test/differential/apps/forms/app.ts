import { join } from 'node:path';
import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const form = web.form;

const urls = ['/', 'index'];
web.config.debug = false;
const app = web.application(urls, () => ({ index }));
const render = web.template.render<'formtest'>(join(import.meta.dirname, 'templates'));

const myform = form.Form(
  form.Textbox('boe'),
  form.Textbox(
    'bax',
    form.notnull,
    form.regexp('\\d+', 'Must be a digit'),
    form.Validator('Must be more than 5', (x) => Number(x) > 5),
  ),
  form.Textarea('moe'),
  form.Checkbox('curly'),
  form.Dropdown('french', ['mustard', 'fries', 'wine']),
);

class index {
  GET() {
    const form = myform();
    // make sure you create a copy of the form by calling it (line above)
    // Otherwise changes will appear globally
    return render.formtest(form);
  }

  POST() {
    const form = myform();
    if (!form.validates()) {
      return render.formtest(form);
    } else {
      // form.d.boe and form.get('boe').value are equivalent ways of
      // extracting the validated arguments from the form.
      return `Grrreat success! boe: ${form.d.boe}, bax: ${form.get('bax')?.value}`;
    }
  }
}

if (web.isMain(import.meta)) app.run();
