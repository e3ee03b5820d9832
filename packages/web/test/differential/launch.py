"""Run a web.py app exactly as `python3 app.py 127.0.0.1:0` would, and print the port it got.

web.py's own banner shows the address it was given (port 0), before the socket is bound. This
launcher runs the app's file as __main__ with that argument and wraps the cheroot server so that,
once its socket listens, it prints `LISTENING <port>` on stdout: the test waits for that line.
"""
import os
import runpy
import sys

import web.httpserver

app_path = os.path.abspath(sys.argv[1])
make_server = web.httpserver.WSGIServer


def announcing_server(server_address, wsgi_app):
    server = make_server(server_address, wsgi_app)
    prepare = server.prepare

    def prepare_and_announce():
        prepare()
        print("LISTENING %d" % server.bind_addr[1], flush=True)

    server.prepare = prepare_and_announce
    return server


web.httpserver.WSGIServer = announcing_server
sys.argv = [app_path, "127.0.0.1:0"]
sys.path.insert(0, os.path.dirname(app_path))
runpy.run_path(app_path, run_name="__main__")
