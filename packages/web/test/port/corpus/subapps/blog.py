import web


class Index:
    def GET(self):
        return 'blog index at ' + web.ctx.homepath


class Post:
    def GET(self, slug):
        return 'post ' + slug + ' path=' + web.ctx.path


urls = (
    '', 'Index',
    '/', 'Index',
    '/(.+)', 'Post',
)
app = web.application(urls, locals())
