import web
from web import form

urls = ('/', 'Register')
web.config.debug = False
app = web.application(urls, globals())
render = web.template.render('templates/')

signup = form.Form(
    form.Textbox('username', form.notnull, description='User name'),
    form.Password('password', form.notnull, form.Validator('at least 4 characters', lambda p: len(p) >= 4)),
    form.Textbox('age', form.regexp(r'^\d+$', 'a number please')),
    form.Dropdown('colour', [('r', 'Red'), ('g', 'Green')]),
    form.Checkbox('terms', value='yes'),
    form.Button('Sign up'),
    validators=[form.Validator('age must be 18 or more', lambda i: not i.age or int(i.age) >= 18)],
)


class Register:
    def GET(self):
        f = signup()
        return render.register(f)

    def POST(self):
        f = signup()
        if not f.validates():
            return render.register(f)
        return 'welcome %s, colour %s, age %s' % (f.d.username, f['colour'].value, f.d.age or '?')


if __name__ == '__main__':
    app.run()
