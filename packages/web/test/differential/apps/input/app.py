import web

urls = (
    "/echo", "echo",
    "/list", "listing",
    "/need", "need",
    "/form", "form",
)
web.config.debug = False
app = web.application(urls, globals())


class echo:
    def GET(self):
        i = web.input(name="anon", lang="en")
        return "name=%s lang=%s" % (i.name, i.lang)

    def POST(self):
        i = web.input(name="anon", lang="en")
        return "posted name=%s lang=%s" % (i.name, i.lang)


class listing:
    def GET(self):
        i = web.input(tag=[])
        return "%d: %s" % (len(i.tag), ",".join(i.tag))

    def POST(self):
        i = web.input(tag=[])
        return "%d: %s" % (len(i.tag), ",".join(i.tag))


class need:
    def GET(self):
        i = web.input("id", page="1")
        return "id=%s page=%s" % (i.id, i.page)


class form:
    def POST(self):
        i = web.input()
        return "\n".join("%s=%s" % (k, i[k]) for k in sorted(i.keys()))


if __name__ == "__main__":
    app.run()
