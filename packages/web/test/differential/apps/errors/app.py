import web

urls = (
    "/only-get", "only_get",
    "/rest", "rest",
    "/missing", "missing",
    "/missing-msg", "missing_msg",
    "/forbidden", "forbidden",
    "/boom", "boom",
    "/bad", "bad",
    "/returned", "returned",
)
web.config.debug = False
app = web.application(urls, globals())


def notfound():
    return web.notfound("Sorry, the page you were looking for was not found.")


def internalerror():
    return web.internalerror("Bad, bad server. No donut for you.")


app.notfound = notfound
app.internalerror = internalerror


class only_get:
    def GET(self):
        return "got"


class rest:
    def GET(self):
        return "get"

    def POST(self):
        return "post"

    def PUT(self):
        return "put"

    def DELETE(self):
        return "delete"


class missing:
    def GET(self):
        raise web.notfound()


class missing_msg:
    def GET(self):
        raise web.notfound("no such thing")


class forbidden:
    def GET(self):
        web.header("X-Before", "1")
        raise web.forbidden()


class boom:
    def GET(self):
        return 1 / 0


class bad:
    def GET(self):
        raise web.badrequest("bad: " + web.input(why="unknown").why)


class returned:
    def GET(self):
        return web.gone()


if __name__ == "__main__":
    app.run()
