import os

import web

urls = ("/page/(.*)", "page", "/plain", "plain", "/bare", "bare")
web.config.debug = False
app = web.application(urls, globals())
here = os.path.dirname(os.path.abspath(__file__))
render = web.template.render(os.path.join(here, "templates"), base="layout")
render_bare = web.template.render(os.path.join(here, "templates"))


class page:
    def GET(self, name):
        items = web.input(item=[]).item
        return render.page(name, items)


class plain:
    def GET(self):
        return render.plain(web.input(text="<b>bold</b> & more").text)


class bare:
    def GET(self):
        return render_bare.page("bare", ["x"])


if __name__ == "__main__":
    app.run()
