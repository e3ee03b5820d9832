import web

web.config.debug = False
db = web.database(dbn='sqlite', db='sessions.db')
db.query('CREATE TABLE IF NOT EXISTS sessions (session_id CHAR(128) UNIQUE NOT NULL, '
         'atime TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, data TEXT)')

urls = (
    '/', 'Cart',
    '/add/(\\w+)', 'Add',
    '/empty', 'Empty',
)
app = web.application(urls, globals())
session = web.session.Session(app, web.session.DBStore(db, 'sessions'), initializer={'cart': []})


class Cart:
    def GET(self):
        items = session.get('cart', [])
        if not items:
            return 'the cart is empty'
        return '%d in the cart: %s' % (len(items), ', '.join(items))


class Add:
    def GET(self, item):
        session.cart = session.cart + [item]
        raise web.seeother('/')


class Empty:
    def GET(self):
        session.cart = []
        return 'emptied'


if __name__ == '__main__':
    app.run()
