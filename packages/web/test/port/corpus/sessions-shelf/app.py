import shelve

import web

urls = (
    '/', 'Greet',
    '/as/(.+)', 'Become',
)
web.config.debug = False
app = web.application(urls, globals())
session = web.session.Session(app, web.session.ShelfStore(shelve.open('session.shelf')))


class Greet:
    def GET(self):
        who = session.get('who')
        if who is None:
            return 'who are you?'
        return 'hello again, ' + who


class Become:
    def GET(self, who):
        session.who = who
        return 'you are ' + who


if __name__ == '__main__':
    app.run()
