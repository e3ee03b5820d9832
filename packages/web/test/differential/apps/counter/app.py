import web

web.config.debug = False
urls = ("/count", "count", "/reset", "reset", "/peek", "peek")
app = web.application(urls, locals())
session = web.session.Session(app, web.session.DiskStore("sessions"), initializer={"count": 0})


class count:
    def GET(self):
        session.count += 1
        return str(session.count)


class reset:
    def GET(self):
        session.kill()
        return "Reset"


class peek:
    def GET(self):
        return "count is %d" % session.count


if __name__ == "__main__":
    app.run()
