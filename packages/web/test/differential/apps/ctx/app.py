import web

urls = ("/ctx(.*)", "show", "/post", "show_post")
web.config.debug = False
app = web.application(urls, globals())


def describe():
    c = web.ctx
    return "\n".join(
        [
            "path=" + c.path,
            "fullpath=" + c.fullpath,
            "query=" + c.query,
            "home=" + c.home,
            "homepath=" + c.homepath,
            "homedomain=" + c.homedomain,
            "realhome=" + c.realhome,
            "host=" + c.host,
            "protocol=" + c.protocol,
            "method=" + c.method,
            "ip=" + c.ip,
            "status=" + c.status,
            "referer=" + c.env.get("HTTP_REFERER", "-"),
            "agent=" + c.env.get("HTTP_USER_AGENT", "-"),
        ]
    )


class show:
    def GET(self, rest):
        return "rest=" + rest + "\n" + describe()


class show_post:
    def POST(self):
        return describe()


if __name__ == "__main__":
    app.run()
