import web

urls = (
    "/", "index",
    "/hello/(.*)", "hello",
    "/go", "go",
    "/old/(.*)", "redirect /hello/\\1",
)
web.config.debug = False
app = web.application(urls, globals())


class index:
    def GET(self):
        return "Hello, world!"


class hello:
    def GET(self, name):
        if not name:
            name = "World"
        return "Hello, " + name + "!"


class go:
    def GET(self):
        # No raise: constructing the redirect is enough in web.py.
        web.seeother("/")
        return "redirecting"


if __name__ == "__main__":
    app.run()
