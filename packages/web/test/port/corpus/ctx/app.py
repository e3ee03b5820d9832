import web

urls = (
    '/where(.*)', 'Where',
    '/created', 'Created',
    '/headers', 'Headers',
)
web.config.debug = False
app = web.application(urls, globals())


class Where:
    def GET(self, rest):
        lines = [
            'path=' + web.ctx.path,
            'query=' + web.ctx.query,
            'fullpath=' + web.ctx.fullpath,
            'method=' + web.ctx.method,
            'home=' + web.ctx.home,
            'rest=' + rest,
        ]
        return '\n'.join(lines)


class Created:
    def POST(self):
        web.ctx.status = '201 Created'
        web.header('X-Made', 'yes')
        return 'made it'


class Headers:
    def GET(self):
        agent = web.ctx.env.get('HTTP_USER_AGENT', 'unknown')
        lang = web.ctx.env.get('HTTP_ACCEPT_LANGUAGE', '')
        first = lang.split(',')[0] if lang else 'none'
        web.header('Content-Type', 'text/plain; charset=utf-8')
        return f'agent={agent} lang={first}'


if __name__ == '__main__':
    app.run()
