import json

import web

urls = ("/json", "json_echo", "/raw", "raw")
web.config.debug = False
app = web.application(urls, globals())


class json_echo:
    def POST(self):
        data = web.data()
        obj = json.loads(data)
        web.header("Content-Type", "application/json")
        return json.dumps({"got": obj["x"], "bytes": len(data)}, separators=(",", ":"), ensure_ascii=False)

    PUT = POST


class raw:
    def POST(self):
        data = web.data()
        return "%d bytes: %s" % (len(data), data.decode("utf-8"))


if __name__ == "__main__":
    app.run()
