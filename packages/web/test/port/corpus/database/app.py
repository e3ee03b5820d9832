import web

web.config.debug = False
db = web.database(dbn='sqlite', db='notes.db')
db.query('CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, body TEXT NOT NULL, stars INTEGER DEFAULT 0)')

urls = (
    '/', 'List',
    '/add', 'Add',
    '/star/(\\d+)', 'Star',
    '/del/(\\d+)', 'Remove',
    '/find', 'Find',
    '/count', 'Count',
)
app = web.application(urls, globals())


def all_notes():
    return db.select('note', order='id')


def show(rows):
    return '\n'.join('%d: %s (%d stars)' % (r.id, r.body, r.stars) for r in rows) or 'no notes'


class List:
    def GET(self):
        return show(all_notes())


class Add:
    def POST(self):
        body = web.input(body='').body
        if not body:
            return 'empty'
        n = db.insert('note', body=body)
        raise web.seeother('/?added=%d' % n)


class Star:
    def POST(self, id):
        id = int(id)
        db.update('note', where='id=$id', vars=locals(), stars=web.db.SQLLiteral('stars + 1'))
        rows = list(db.select('note', where='id=$id', vars=locals()))
        if not rows:
            raise web.notfound()
        return 'note %d has %d stars' % (id, rows[0].stars)


class Remove:
    def POST(self, id):
        n = db.delete('note', where='id=$id', vars={'id': int(id)})
        return 'removed %d' % n


class Find:
    def GET(self):
        word = web.input(q='').q
        pattern = '%' + word + '%'
        return show(db.select('note', where='body LIKE $pattern', vars=locals(), order='stars DESC, id'))


class Count:
    def GET(self):
        rows = db.query('SELECT COUNT(*) AS n FROM note')
        return 'count=%d' % rows[0].n


if __name__ == '__main__':
    app.run()
