import datetime

import web

urls = ("/", "index")
web.config.debug = False
app = web.application(urls, globals())


def yesno(flag):
    return "yes" if flag else "no"


class index:
    def GET(self):
        n = web.net
        return "\n".join(
            [
                n.htmlquote("<a href=\"x\">'&'</a>"),
                n.htmlunquote("&lt;b&gt; &amp; &quot;q&quot; &#39;s&#39;"),
                n.websafe("<i>"),
                n.urlquote("a b/é?x=1&y"),
                n.httpdate(datetime.datetime(2024, 5, 17, 8, 30, 0)),
                n.httpdate(n.parsehttpdate("Fri, 17 May 2024 08:30:00 GMT")),
                " ".join(yesno(n.validipaddr(a)) for a in ("192.168.1.1", "256.1.1.1")),
                " ".join(yesno(n.validipport(p)) for p in ("8080", "99999")),
                yesno(n.validip6addr("::1")),
                "%s %d" % n.validaddr("127.0.0.1:8080"),
                "%s %d" % n.validip("1.2.3.4"),
            ]
        )


if __name__ == "__main__":
    app.run()
