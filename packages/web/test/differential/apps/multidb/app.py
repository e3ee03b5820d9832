import web

web.config.debug = False
users = web.database(dbn="sqlite", db="users.db")
logs = web.database(dbn="sqlite", db="logs.db")
users.query("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
logs.query("CREATE TABLE log (id INTEGER PRIMARY KEY, msg TEXT NOT NULL)")

urls = ("/signup", "signup", "/report", "report", "/oops", "oops")
app = web.application(urls, globals())


class signup:
    def POST(self):
        name = web.input("name").name
        uid = users.insert("users", name=name)
        logs.insert("log", msg="signup %s as %d" % (name, uid))
        return "user %d" % uid


class oops:
    def POST(self):
        t = users.transaction()
        users.insert("users", name="ghost")
        logs.insert("log", msg="ghost attempted")
        t.rollback()
        return "rolled back users only"


class report:
    def GET(self):
        names = [u.name for u in users.select("users", order="id")]
        msgs = [l.msg for l in logs.select("log", order="id")]
        return "users: %s\nlog: %s" % (", ".join(names), "; ".join(msgs))


if __name__ == "__main__":
    app.run()
