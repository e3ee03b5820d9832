import web

urls = (
    '/', 'Count',
    '/name', 'Name',
    '/reset', 'Reset',
)
web.config.debug = False
app = web.application(urls, locals())
session = web.session.Session(app, web.session.DiskStore('sessions'), initializer={'count': 0})


class Count:
    def GET(self):
        session.count += 1
        return 'count=%d name=%s' % (session.count, session.get('name', '-'))


class Name:
    def POST(self):
        session.name = web.input(name='').name.strip() or 'anonymous'
        raise web.seeother('/')


class Reset:
    def GET(self):
        session.kill()
        return 'reset'


if __name__ == '__main__':
    app.run()
