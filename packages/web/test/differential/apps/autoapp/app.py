import web

web.config.debug = False
app = web.auto_application()


class hello(app.page):
    def GET(self):
        return "hello, world"


class foo(app.page):
    path = "/foo/(.*)"

    def GET(self, rest):
        return "foo " + rest


class form(app.page):
    def GET(self):
        return "form"

    def POST(self):
        return "posted " + web.input(x="none").x


if __name__ == "__main__":
    app.run()
