#!/usr/bin/env python3
"""selftest_server.py: the web server of tests/web/selftest.sh.

Serves the files under DIR on 127.0.0.1, on a port the kernel picks (no
collision with a parallel run), written to PORTFILE once listening:

    selftest_server.py DIR PORTFILE

Besides plain files, what the harness must be able to drive:
- an .html file asked for with ?lang=xx comes with <html lang="xx">, except
  under /nolang/ (a page that ignores the language asked for);
- files under /csp/ come with a strict Content-Security-Policy (no inline
  script), as the daemon's pages may;
- /login.html and /login2.html: the login form, its user name field #name
  or #user; POSTed, name "anna" with password "secret" sets a session
  cookie and goes on (303) to /form.html; anything else shows the login
  form again with an error;
- GET /form.html without the session cookie goes (303) to /login.html;
- POST /form: an empty title shows the form again, in Greek, with the
  field's error named by aria-describedby; otherwise a page listing the
  fields received.
"""
import html
import http.server
import os
import sys
import urllib.parse

ROOT = os.path.realpath(sys.argv[1])
PORTFILE = sys.argv[2]
SESSION = "sid=s3lftest"

LOGIN = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in</title></head><body><main><h1>Log in</h1>{error}
<form method="post" action="{action}">
<label for="{field}">Name</label> <input id="{field}" name="{field}"{auto}>
<label for="password">Password</label> <input id="password" name="password" type="password">
<button type="submit">Log in</button></form></main></body></html>"""

FORM = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Πρακτική</title></head><body><main><h1>Νέα πρακτική</h1>
<form method="post" action="/form">
<p><label for="title">Τίτλος</label>
<input id="title" name="title" value="{title}"{described}>{error}</p>
<p><label for="summary">Περίληψη</label>
<textarea id="summary" name="summary">{summary}</textarea></p>
<p><label for="area">Τομέας</label> <select id="area" name="area">
<option value="youth">Νεολαία</option><option value="elderly">Ηλικιωμένοι</option>
</select></p>
<fieldset><legend>Βασικά στοιχεία</legend>
<label><input type="checkbox" name="core" value="1"> Εθελοντές στην αυλή</label>
<label><input type="checkbox" name="core" value="2"> Εκπαίδευση παιδιών</label>
</fieldset>
<p><button type="submit">Αποθήκευση</button></p></form></main></body></html>"""


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=ROOT, **kwargs)

    def log_message(self, fmt, *args):
        sys.stderr.write("selftest_server: " + (fmt % args) + "\n")

    def send_page(self, code, body, headers=()):
        data = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, where, headers=()):
        self.send_response(303)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()

    def login_page(self, where, error):
        # /login.html names the user #name, /login2.html #user as the
        # daemon's login page does.
        if where == "/login2.html":
            return LOGIN.format(field="user", auto=' autocomplete="username"',
                                error=error, action=where)
        return LOGIN.format(field="name", auto="", error=error, action=where)

    def logged_in(self):
        return SESSION in (self.headers.get("Cookie") or "")

    def form_page(self, title="", summary="", error=""):
        return FORM.format(
            lang="el", title=html.escape(title), summary=html.escape(summary),
            described=' aria-describedby="title-error" aria-invalid="true"' if error else "",
            error=f' <span id="title-error" class="error">{html.escape(error)}</span>'
            if error else "")

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        if u.path in ("/login.html", "/login2.html"):
            return self.send_page(200, self.login_page(u.path, ""))
        if u.path == "/form.html":
            if not self.logged_in():
                return self.redirect("/login.html")
            return self.send_page(200, self.form_page())
        path = os.path.realpath(os.path.join(ROOT, u.path.lstrip("/")))
        if path.startswith(ROOT + os.sep) and path.endswith(".html") and os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                body = f.read()
            lang = q.get("lang", [""])[0]
            if lang and not u.path.startswith("/nolang/"):
                body = body.replace('<html lang="en"', f'<html lang="{html.escape(lang)}"', 1)
            headers = []
            if u.path.startswith("/csp/"):
                headers.append(("Content-Security-Policy",
                                "default-src 'self'; script-src 'self'; style-src 'self'"))
            return self.send_page(200, body, headers)
        return super().do_GET()

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        fields = urllib.parse.parse_qs(self.rfile.read(n).decode("utf-8"),
                                       keep_blank_values=True)
        one = lambda k: fields.get(k, [""])[0]
        if self.path in ("/login.html", "/login2.html"):
            if (one("name") or one("user")) == "anna" and one("password") == "secret":
                return self.redirect("/form.html", [
                    ("Set-Cookie", f"{SESSION}; HttpOnly; SameSite=Strict; Path=/")])
            return self.send_page(200, self.login_page(
                self.path, '<p class="error" role="alert">Wrong name or password.</p>'))
        if self.path == "/form":
            if not self.logged_in():
                return self.send_page(403, "<!DOCTYPE html><title>403</title>")
            if not one("title").strip():
                return self.send_page(200, self.form_page(
                    "", one("summary"), "Ο τίτλος χρειάζεται."))
            items = "".join(
                f"<dt>{html.escape(k)}</dt><dd>{html.escape(' '.join(v))}</dd>"
                for k, v in sorted(fields.items()))
            return self.send_page(200, '<!DOCTYPE html><html lang="el"><head>'
                                  '<meta charset="utf-8"><title>Αποθηκεύτηκε</title>'
                                  '</head><body><main><h1>Αποθηκεύτηκε</h1>'
                                  f'<dl id="received">{items}</dl></main></body></html>')
        self.send_page(404, "<!DOCTYPE html><title>404</title>")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(f"{server.server_address[1]}\n")
os.replace(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
