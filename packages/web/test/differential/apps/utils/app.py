import web

urls = ("/", "index")
web.config.debug = False
app = web.application(urls, globals())


class index:
    def GET(self):
        u = web.utils
        s = u.storify({"a": "1", "b": ["1", "2"]}, b=[])
        return "\n".join(
            [
                u.commify(1234567) + " " + u.commify(-1234.5),
                " ".join(u.nthstr(n) for n in (1, 2, 13, 23, 111)),
                "%d %d" % (u.intget("42", 0), u.intget("x", 0)),
                ",".join(str(x) for x in u.uniq([3, 1, 3, 2, 1])),
                "|".join(",".join(str(x) for x in g) for g in u.group([1, 2, 3, 4, 5], 2)),
                ",".join("%s=%s" % kv for kv in sorted(u.dictreverse({"a": "1", "b": "2"}).items())),
                u.listget(["a", "b"], 5, "none"),
                u.rstrips("hello.txt", ".txt") + " " + u.lstrips("www.example.com", "www.") + " " + u.strips("--x--", "-"),
                u.numify("(555) 123-4567") + " " + u.denumify("5551234567", "XXX-XXX-XXXX"),
                u.to36(12345),
                u.safestr(12),
                s.a + " " + ",".join(s.b),
            ]
        )


if __name__ == "__main__":
    app.run()
