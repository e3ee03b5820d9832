import web

urls = ("/upload", "upload")
web.config.debug = False
app = web.application(urls, globals())


class upload:
    def GET(self):
        web.header("Content-Type", "text/html; charset=utf-8")
        return """<html><head></head><body>
<form method="POST" enctype="multipart/form-data" action="">
<input type="file" name="myfile" />
<br/>
<input type="submit" />
</form>
</body></html>"""

    def POST(self):
        x = web.input(myfile={}, note="none")
        if not getattr(x.myfile, "filename", None):
            return "no file; note=" + x.note
        filepath = x.myfile.filename.replace("\\", "/")
        filename = filepath.split("/")[-1]
        content = x.myfile.value.decode("utf-8")
        return "%s (%d bytes, %s): %s; note=%s" % (filename, len(x.myfile.value), x.myfile.type, content, x.note)


if __name__ == "__main__":
    app.run()
