import web

urls = ('/upload', 'Upload')
web.config.debug = False
app = web.application(urls, globals())


class Upload:
    def GET(self):
        return '<form method="POST" enctype="multipart/form-data"><input type="file" name="myfile"></form>'

    def POST(self):
        x = web.input(myfile={})
        if x.myfile == {} or not x.myfile.filename:
            return 'no file'
        name = x.myfile.filename.replace('\\', '/').split('/')[-1]
        size = len(x.myfile.value)
        return 'got %s (%d bytes) note=%s' % (name, size, web.input(note='-').note)


if __name__ == '__main__':
    app.run()
