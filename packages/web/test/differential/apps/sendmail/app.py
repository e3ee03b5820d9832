import os

import web

urls = ("/send", "send")
web.config.debug = False
web.config.smtp_server = "127.0.0.1"
web.config.smtp_port = int(os.environ["SMTP_PORT"])
app = web.application(urls, globals())


class send:
    def POST(self):
        i = web.input("to", subject="Hello")
        web.sendmail(
            "webmaster@example.com",
            i.to,
            i.subject,
            "Hi,\n\nthis is a test.\n",
            headers={"X-Mailer": "differential"},
        )
        return "sent to " + i.to


if __name__ == "__main__":
    app.run()
