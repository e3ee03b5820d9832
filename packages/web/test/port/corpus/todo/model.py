import web

db = web.database(dbn='sqlite', db='todo.db')
# The tutorial creates this table by hand from schema.sql; here the model does it.
db.query('CREATE TABLE IF NOT EXISTS todo (id INTEGER PRIMARY KEY, title TEXT)')


def get_todos():
    return db.select('todo', order='id')


def new_todo(text):
    db.insert('todo', title=text)


def del_todo(id):
    db.delete('todo', where="id=$id", vars=locals())
