import web

urls = (
    '/', 'Home',
    '/old', 'redirect /',
    '/old/(.*)', 'redirect /new/\\1',
    '/new/(.*)', 'New',
    '/see', 'See',
    '/found', 'Found',
    '/temp', 'Temp',
    '/perm', 'Perm',
    '/missing', 'Missing',
)
web.config.debug = False
app = web.application(urls, globals())


class Home:
    def GET(self):
        return 'home'


class New:
    def GET(self, rest):
        return 'new ' + rest


class See:
    def GET(self):
        raise web.seeother('/new/after-see')

    def POST(self):
        raise web.seeother('/new/after-post')


class Found:
    def GET(self):
        raise web.found('/new/found')


class Temp:
    def GET(self):
        raise web.tempredirect('/new/temp')


class Perm:
    def GET(self):
        raise web.redirect('/new/perm')


class Missing:
    def GET(self):
        raise web.notfound('no such page')


if __name__ == '__main__':
    app.run()
