import web

urls = (
    "/set", "set_cookies",
    "/show", "show",
    "/need", "need",
    "/forget", "forget",
)
web.config.debug = False
app = web.application(urls, globals())


class set_cookies:
    def GET(self):
        web.setcookie("plain", "v")
        web.setcookie("spaced", "a b;c,d")
        web.setcookie("lang", "fr", 3600)
        web.setcookie("theme", "dark", expires=60, httponly=True, path="/")
        web.setcookie("safe", "s", secure=True, samesite="Strict")
        web.setcookie("scoped", "x", path="/show", samesite="Lax")
        return "set"


class show:
    def GET(self):
        c = web.cookies(lang="en", theme="light")
        return "lang=%s theme=%s plain=%s spaced=%s scoped=%s" % (
            c.lang,
            c.theme,
            c.get("plain", "-"),
            c.get("spaced", "-"),
            c.get("scoped", "-"),
        )


class need:
    def GET(self):
        c = web.cookies("lang")
        return "lang is " + c.lang


class forget:
    def GET(self):
        web.setcookie("lang", "", expires=-1)
        return "forgotten"


if __name__ == "__main__":
    app.run()
