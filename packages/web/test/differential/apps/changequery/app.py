import web

urls = ("/list", "listing", "/deep/a/b", "listing")
web.config.debug = False
app = web.application(urls, globals())


class listing:
    def GET(self):
        return "\n".join(
            [
                web.changequery(page=2),
                web.changequery(sort=None),
                web.changequery(tag=["a", "b"]),
                web.http.changequery(page=None, sort="name"),
                web.url("/x", a=1),
                web.http.prefixurl(),
            ]
        )


if __name__ == "__main__":
    app.run()
