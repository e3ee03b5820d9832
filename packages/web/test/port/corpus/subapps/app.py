import web
import blog

web.config.debug = False


class Home:
    def GET(self):
        return 'home'


urls = (
    '/blog', blog.app,
    '/', 'Home',
)
app = web.application(urls, locals())

if __name__ == '__main__':
    app.run()
