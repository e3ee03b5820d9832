import web

web.config.debug = False
db = web.database(dbn="sqlite", db="todo.db")
db.query("CREATE TABLE todo (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, tag TEXT)")

urls = (
    "/add", "add",
    "/list", "listing",
    "/find", "find",
    "/search", "search",
    "/ids", "ids",
    "/open", "still_open",
    "/done/(\\d+)", "done",
    "/del/(\\d+)", "delete",
    "/purge", "purge",
    "/count", "count",
    "/sql", "sql",
)
app = web.application(urls, globals())


def show(rows):
    return "\n".join("%d %s done=%d tag=%s" % (r.id, r.title, r.done, r.tag or "-") for r in rows) or "(none)"


class add:
    def POST(self):
        i = web.input(tag=None)
        n = db.insert("todo", title=i.title, tag=i.tag)
        return "added %d" % n


class listing:
    def GET(self):
        return show(db.select("todo", order="id"))


class find:
    def GET(self):
        i = web.input(tag="home", done="0")
        return show(db.select("todo", where=dict(tag=i.tag, done=int(i.done)), order="id"))


class search:
    def GET(self):
        q = web.input(q="").q
        return show(db.select("todo", where="title LIKE $pat", vars={"pat": "%" + q + "%"}, order="id DESC", limit=2))


class ids:
    def GET(self):
        wanted = [int(x) for x in web.input(id=[]).id]
        return show(db.select("todo", where=web.sqlors("id = ", wanted), order="id"))


class still_open:
    def GET(self):
        return show(db.where("todo", done=0, order="id"))


class done:
    def POST(self, id):
        n = db.update("todo", where="id=$id", vars={"id": int(id)}, done=1)
        return "updated %d" % n


class delete:
    def POST(self, id):
        n = db.delete("todo", where="id=$id", vars={"id": int(id)})
        return "deleted %d" % n


class purge:
    def POST(self):
        where_dict = {"done": 1, "tag": web.input(tag="home").tag}
        n = db.delete("todo", where=web.db.sqlwhere(where_dict.items()))
        return "purged %d" % n


class count:
    def GET(self):
        return "count=%d" % db.query("SELECT COUNT(*) AS n FROM todo")[0].n


class sql:
    def GET(self):
        return "\n".join(
            [
                str(web.sqlquote(5)),
                str(web.sqllist(["a", "b", "c"])),
                str(web.sqlors("id = ", [1, 2, 3])),
                str(web.db.sqlwhere([("a", 1), ("b", 2)])),
                str(web.sqlquote("it's")),
            ]
        )


if __name__ == "__main__":
    app.run()
