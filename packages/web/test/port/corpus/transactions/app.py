import web

web.config.debug = False
db = web.database(dbn='sqlite', db='stock.db')
db.query('CREATE TABLE IF NOT EXISTS stock (item TEXT PRIMARY KEY, qty INTEGER NOT NULL)')
db.query("INSERT OR IGNORE INTO stock (item, qty) VALUES ('apple', 5), ('pear', 1)")

urls = (
    '/', 'Show',
    '/move', 'Move',
    '/take', 'Take',
)
app = web.application(urls, globals())


class OutOfStock(Exception):
    pass


def levels():
    return ', '.join('%s=%d' % (r.item, r.qty) for r in db.select('stock', order='item'))


def take(item, qty):
    db.query('UPDATE stock SET qty = qty - $qty WHERE item = $item', vars=locals())
    left = db.select('stock', where='item = $item', vars=locals())[0].qty
    if left < 0:
        raise OutOfStock(item)


class Show:
    def GET(self):
        return levels()


class Move:
    def POST(self):
        i = web.input('src', 'dst', qty='1')
        qty = int(i.qty)
        try:
            with db.transaction():
                take(i.src, qty)
                take(i.dst, -qty)
        except OutOfStock:
            return 'not enough %s: %s' % (i.src, levels())
        return 'moved: ' + levels()


class Take:
    def POST(self):
        i = web.input('item')
        t = db.transaction()
        try:
            take(i.item, 1)
        except OutOfStock:
            t.rollback()
            return 'rolled back: ' + levels()
        else:
            t.commit()
        return 'took one: ' + levels()


if __name__ == '__main__':
    app.run()
