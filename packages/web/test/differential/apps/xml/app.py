import os

import web

urls = ("/(.*)", "index")
web.config.debug = False
app = web.application(urls, globals())
render = web.template.render(os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates"), cache=False)


class index:
    def GET(self, code):
        web.header("Content-Type", "text/xml")
        return render.response(code, web.input(item=[]).item)


if __name__ == "__main__":
    app.run()
