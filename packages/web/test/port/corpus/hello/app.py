"""The smallest web.py application: two pages, one with a name from the URL."""
import web

urls = (
    '/', 'Index',
    '/greet/(.*)', 'Greet',
)
web.config.debug = False
app = web.application(urls, globals())


class Index:
    def GET(self):
        return 'Hello, world!'


class Greet:
    def GET(self, who):
        # An empty group greets everybody.
        if not who:
            who = 'everybody'
        return 'Hello, %s! (%d letters)' % (who, len(who))


if __name__ == '__main__':
    app.run()
