import web

web.config.debug = False


class blog_index:
    def GET(self):
        return "blog index: path=%s fullpath=%s home=%s homepath=%s" % (
            web.ctx.path,
            web.ctx.fullpath,
            web.ctx.home,
            web.ctx.homepath,
        )


class blog_post:
    def GET(self, slug):
        return "post %s (realhome=%s)" % (slug, web.ctx.realhome)


class blog_go:
    def GET(self):
        raise web.seeother("/")


class blog_missing:
    def GET(self):
        raise web.notfound()


blog_urls = ("", "blog_index", "/", "blog_index", "/go", "blog_go", "/missing", "blog_missing", "/(.+)", "blog_post")
blog_app = web.application(blog_urls, locals())


class wiki_page:
    def GET(self, name):
        return "wiki %s at %s" % (name, web.ctx.homepath)


wiki_app = web.subdir_application(("/(.*)", "wiki_page"), locals())


class index:
    def GET(self, rest):
        return "main: " + rest


def notfound():
    return web.notfound("main says: nothing at " + web.ctx.path)


urls = ("/blog", blog_app, "/wiki", wiki_app, "/(.*)", "index")
app = web.application(urls, locals())
app.notfound = notfound

if __name__ == "__main__":
    app.run()
