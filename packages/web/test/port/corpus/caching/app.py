import web

urls = (
    '/doc', 'Doc',
    '/feed', 'Feed',
)
web.config.debug = False
app = web.application(urls, globals())
VERSION = 'v42'


class Doc:
    def GET(self):
        if web.modified(etag=VERSION):
            web.header('Cache-Control', 'max-age=60')
            return 'the document'
        return ''


class Feed:
    def GET(self):
        web.http.expires(120)
        web.header('Content-Type', 'application/xml')
        return '<feed/>'


if __name__ == '__main__':
    app.run()
