import web

urls = ("/", "index", "/missing", "missing", "/log", "log")
web.config.debug = False
app = web.application(urls, globals())
unloaded = []


def outer(handler):
    web.ctx.trail = ["outer-before"]
    result = handler()
    web.ctx.trail.append("outer-after")
    web.header("X-Trail", ",".join(web.ctx.trail))
    return "[" + result + "]"


def inner(handler):
    web.ctx.trail.append("inner-before")
    result = handler()
    web.ctx.trail.append("inner-after")
    return result


def load():
    web.ctx.trail.append("load")


def unload():
    web.ctx.trail.append("unload")
    unloaded.append(web.ctx.path)


app.add_processor(outer)
app.add_processor(inner)
app.add_processor(web.loadhook(load))
app.add_processor(web.unloadhook(unload))


class index:
    def GET(self):
        web.ctx.trail.append("handler")
        return "index"


class missing:
    def GET(self):
        raise web.notfound("missing")


class log:
    def GET(self):
        return "unloaded: " + " ".join(unloaded)


if __name__ == "__main__":
    app.run()
