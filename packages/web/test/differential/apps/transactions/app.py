import web

web.config.debug = False
db = web.database(dbn="sqlite", db="bank.db")
db.query("CREATE TABLE acct (name TEXT PRIMARY KEY, balance INTEGER NOT NULL)")
db.insert("acct", name="alice", balance=100)
db.insert("acct", name="bob", balance=0)

urls = ("/transfer", "transfer", "/transfer-with", "transfer_with", "/balances", "show")
app = web.application(urls, globals())


def balances():
    return " ".join("%s=%d" % (r.name, r.balance) for r in db.select("acct", order="name"))


def move(src, dst, amount):
    db.query("UPDATE acct SET balance = balance - $a WHERE name = $n", vars={"a": amount, "n": src})
    db.query("UPDATE acct SET balance = balance + $a WHERE name = $n", vars={"a": amount, "n": dst})
    if list(db.select("acct", where="balance < 0")):
        raise ValueError("overdrawn")


class transfer:
    def POST(self):
        i = web.input("src", "dst", "amount")
        t = db.transaction()
        try:
            move(i.src, i.dst, int(i.amount))
        except ValueError as e:
            t.rollback()
            return "rolled back (%s): %s" % (e, balances())
        else:
            t.commit()
            return "committed: " + balances()


class transfer_with:
    def POST(self):
        i = web.input("src", "dst", "amount")
        try:
            with db.transaction():
                move(i.src, i.dst, int(i.amount))
        except ValueError as e:
            return "rolled back (%s): %s" % (e, balances())
        return "committed: " + balances()


class show:
    def GET(self):
        return balances()


if __name__ == "__main__":
    app.run()
