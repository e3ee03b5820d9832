import web

web.config.debug = False


class main_index:
    def GET(self):
        return "main site at " + web.ctx.host


main_app = web.application(("/", "main_index"), locals())


class blog_index:
    def GET(self):
        return "blog at %s, home=%s" % (web.ctx.host, web.ctx.home)


blog_app = web.application(("/", "blog_index"), locals())


class user:
    def GET(self, name):
        return "user " + name + " at " + web.ctx.path


mapping = (r"(?:www\.)?example\.com", main_app, r"blog\.example\.com", blog_app, r"([a-z]+)\.users\.example\.com", "user")
app = web.subdomain_application(mapping, locals())

if __name__ == "__main__":
    app.run()
