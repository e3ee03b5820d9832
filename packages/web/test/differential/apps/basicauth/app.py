import base64
import re

import web

urls = ("/", "Index", "/login", "Login")
web.config.debug = False
app = web.application(urls, globals())

allowed = (("jon", "pass1"), ("tom", "pass2"))


class Index:
    def GET(self):
        return "Welcome"


class Login:
    def GET(self):
        auth = web.ctx.env.get("HTTP_AUTHORIZATION")
        authreq = False
        if auth is None:
            authreq = True
        else:
            auth = re.sub("^Basic ", "", auth)
            username, password = base64.decodebytes(auth.encode()).decode().split(":")
            if (username, password) in allowed:
                raise web.seeother("/")
            else:
                authreq = True
        if authreq:
            web.header("WWW-Authenticate", 'Basic realm="Auth example"')
            web.ctx.status = "401 Unauthorized"
            return


if __name__ == "__main__":
    app.run()
