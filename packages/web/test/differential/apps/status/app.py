import web

urls = (
    "/created", "created",
    "/teapot", "teapot",
    "/accepted", "accepted",
    "/conflict", "conflict",
    "/gone", "gone",
    "/unauthorized", "unauthorized",
    "/legal", "legal",
    "/header", "header",
    "/notmodified", "notmodified",
)
web.config.debug = False
app = web.application(urls, globals())


class created:
    def POST(self):
        web.ctx.status = "201 Created"
        web.header("Location", "/items/1")
        return "made"


class teapot:
    def GET(self):
        raise web.HTTPError("418 I'm a teapot", {"X-Tea": "yes"}, "short and stout")


class accepted:
    def GET(self):
        raise web.accepted()


class conflict:
    def GET(self):
        raise web.conflict()


class gone:
    def GET(self):
        raise web.gone()


class unauthorized:
    def GET(self):
        raise web.unauthorized()


class legal:
    def GET(self):
        raise web.unavailableforlegalreasons("blocked")


class header:
    def GET(self):
        web.header("X-One", "1")
        web.header("X-One", "2")
        web.header("X-Unique", "a", unique=True)
        web.header("X-Unique", "b", unique=True)
        return "headers"


class notmodified:
    def GET(self):
        raise web.notmodified()


if __name__ == "__main__":
    app.run()
