import web

urls = ("/prefs/(.*)", "prefs")
web.config.debug = False
app = web.application(urls, globals())


class prefs:
    GET = web.autodelegate("GET_")
    POST = web.autodelegate("POST_")

    def GET_password(self):
        return "password page"

    def GET_privacy(self, rest=None):
        return "privacy page" + (" " + rest if rest else "")

    def POST_password(self):
        return "password changed to " + web.input(pw="").pw


if __name__ == "__main__":
    app.run()
