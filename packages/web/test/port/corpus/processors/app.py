import web

urls = (
    '/', 'Index',
    '/fail', 'Fail',
)
web.config.debug = False
app = web.application(urls, globals())
seen = []


def timing(handler):
    web.ctx.steps = ['before']
    result = handler()
    web.ctx.steps.append('after')
    web.header('X-Steps', ','.join(web.ctx.steps))
    return '<' + result + '>'


def remember():
    seen.append(web.ctx.path)


app.add_processor(timing)
app.add_processor(web.loadhook(remember))


class Index:
    def GET(self):
        web.ctx.steps.append('handler')
        return 'seen: ' + ' '.join(seen)


class Fail:
    def GET(self):
        raise web.forbidden()


if __name__ == '__main__':
    app.run()
