import datetime

import web

urls = ("/page", "page", "/article", "article")
web.config.debug = False
app = web.application(urls, globals())

STAMP = datetime.datetime(2024, 5, 17, 8, 30, 0)


class page:
    def GET(self):
        web.http.expires(3600)
        web.http.lastmodified(STAMP)
        return "cached for an hour"


class article:
    def GET(self):
        web.modified(STAMP, "v1")
        return "article v1"


if __name__ == "__main__":
    app.run()
