import * as form from '../../src/form/index.js';

/** web.py's cookbook-style todo form, built in TypeScript. */
export function todoForm(): form.Form {
  return form.Form(
    form.Textbox('title', form.notnull, { description: 'I need to:', size: 30, class_: 'wide' }),
    form.Dropdown('color', ['red', ['b', 'Blue']], { value: 'red' }),
    form.Password('password', form.regexp('.{3,20}$', 'must be between 3 and 20 characters')),
    form.Password('password2'),
    form.Radio('size', ['S', ['M', 'Medium']], { value: 'M' }),
    form.Checkbox('agree', { value: 'yes' }),
    form.Hidden('id', { value: '5' }),
    form.Textarea('body', { value: '<b>', pre: '<p>', post: '</p>' }),
    form.File('up'),
    form.Button('Add todo'),
    { validators: [form.Validator("Passwords didn't match", (i) => i['password'] === i['password2'])] },
  );
}
