import web

urls = (
    '/', 'Index',
    '/item/(\\d+)', 'Item',
    '/bare', 'Bare',
)
web.config.debug = False
app = web.application(urls, globals())
render = web.template.render('templates/', base='layout')
plain = web.template.render('templates/')
ITEMS = ['apple', 'pear <ripe>', 'fig']


class Index:
    def GET(self):
        return render.index(ITEMS, title='All items')


class Item:
    def GET(self, n):
        n = int(n)
        if n >= len(ITEMS):
            raise web.notfound()
        return render.item(n, ITEMS[n])


class Bare:
    def GET(self):
        return plain.item(0, ITEMS[0])


if __name__ == '__main__':
    app.run()
