import os
from uuid import uuid4

import web

urls = ("/", "index", "/transfer", "transfer")
web.config.debug = False
app = web.application(urls, globals())
session = web.session.Session(app, web.session.DiskStore("sessions"))


def csrf_token():
    """Should be called from the form page's template:
    <input type='hidden' name='csrf_token' value='$csrf_token()'>"""
    if "csrf_token" not in session:
        session.csrf_token = uuid4().hex
    return session.csrf_token


def csrf_protected(f):
    """Usage:
    @csrf_protected
    def POST(self):
        ..."""

    def decorated(*args, **kwargs):
        inp = web.input()
        if not ("csrf_token" in inp and inp.csrf_token == session.pop("csrf_token", None)):
            raise web.HTTPError(
                "400 Bad Request",
                {"content-type": "text/html"},
                'Cross-site request forgery (CSRF) attempt (or stale browser form). <a href="/">Back to the form</a>.',
            )
        return f(*args, **kwargs)

    return decorated


render = web.template.render(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates"), globals={"csrf_token": csrf_token}
)


class index:
    def GET(self):
        return render.form()


class transfer:
    @csrf_protected
    def POST(self):
        return "transferred " + web.input(amount="0").amount


if __name__ == "__main__":
    app.run()
