import web

urls = (
    "/r301", "r301",
    "/r302", "r302",
    "/r303", "r303",
    "/r307", "r307",
    "/rel/a/b", "relative",
    "/up/a/b", "up",
    "/query/a", "query",
    "/elsewhere", "elsewhere",
    "/slashes", "slashes",
    "/post", "post",
    "/custom", "custom",
    "/old", "redirect /new",
)
web.config.debug = False
app = web.application(urls, globals())


class r301:
    def GET(self):
        raise web.redirect("/target")


class r302:
    def GET(self):
        raise web.found("/target")


class r303:
    def GET(self):
        raise web.seeother("/target?x=1")


class r307:
    def GET(self):
        raise web.tempredirect("/target")


class relative:
    def GET(self):
        raise web.seeother("c")


class up:
    def GET(self):
        raise web.seeother("../z")


class query:
    def GET(self):
        raise web.seeother("?q=1")


class elsewhere:
    def GET(self):
        raise web.seeother("http://other.example/q")


class slashes:
    def GET(self):
        raise web.seeother("//evil.example/x")


class post:
    def POST(self):
        raise web.seeother("/done")


class custom:
    def GET(self):
        raise web.redirect("/target", "302 Found")


if __name__ == "__main__":
    app.run()
