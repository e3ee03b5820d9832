""" A small blog, in the manner of web.py's blog example. """
import web
import model

urls = (
    '/', 'Index',
    '/view/(\\d+)', 'View',
    '/new', 'New',
    '/delete/(\\d+)', 'Delete',
    '/edit/(\\d+)', 'Edit',
)

web.config.debug = False
t_globals = {
    'shorten': lambda text, n: text if len(text) <= n else text[:n] + '...',
}
render = web.template.render('templates', base='base', globals=t_globals)


class Index:
    def GET(self):
        """ Show page """
        posts = model.get_posts()
        return render.index(posts)


class View:
    def GET(self, id):
        """ View single post """
        post = model.get_post(int(id))
        if not post:
            raise web.notfound()
        return render.view(post)


class New:
    form = web.form.Form(
        web.form.Textbox('title', web.form.notnull, size=30, description='Post title:'),
        web.form.Textarea('content', web.form.notnull, rows=30, cols=80, description='Post content:'),
        web.form.Button('Post entry'),
    )

    def GET(self):
        form = New.form()
        return render.new(form)

    def POST(self):
        form = New.form()
        if not form.validates():
            return render.new(form)
        model.new_post(form.d.title, form.d.content)
        raise web.seeother('/')


class Delete:
    def POST(self, id):
        model.del_post(int(id))
        raise web.seeother('/')


class Edit:
    def GET(self, id):
        post = model.get_post(int(id))
        if post is None:
            raise web.notfound()
        form = New.form()
        form.fill(post)
        return render.edit(post, form)

    def POST(self, id):
        form = New.form()
        post = model.get_post(int(id))
        if not form.validates():
            return render.edit(post, form)
        model.update_post(int(id), form.d.title, form.d.content)
        raise web.seeother('/view/%d' % int(id))


app = web.application(urls, globals())

if __name__ == '__main__':
    app.run()
