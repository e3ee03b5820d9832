import web

urls = ("/stream", "stream", "/early", "early")
web.config.debug = False
app = web.application(urls, globals())


class stream:
    def GET(self):
        web.header("Content-Type", "text/plain")
        web.header("X-Stream", "yes")
        for i in range(3):
            yield "chunk %d\n" % i


class early:
    def GET(self):
        raise web.seeother("/stream")
        yield "never sent"


if __name__ == "__main__":
    app.run()
