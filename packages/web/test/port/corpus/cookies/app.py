import web

urls = (
    '/remember', 'Remember',
    '/recall', 'Recall',
    '/forget', 'Forget',
    '/visits', 'Visits',
)
web.config.debug = False
app = web.application(urls, globals())


class Remember:
    def GET(self):
        name = web.input(name='stranger').name
        web.setcookie('name', name, 3600)
        web.setcookie('theme', 'dark', path='/recall', httponly=True)
        return 'remembered ' + name


class Recall:
    def GET(self):
        c = web.cookies(name='nobody', theme='light')
        return 'name=%s theme=%s' % (c.name, c.theme)


class Forget:
    def GET(self):
        web.setcookie('name', '', expires=-1)
        return 'forgotten'


class Visits:
    def GET(self):
        count = int(web.cookies(visits='0').visits) + 1
        web.setcookie('visits', str(count))
        if count > 2:
            return 'welcome back, visit %d' % count
        return 'visit %d' % count


if __name__ == '__main__':
    app.run()
