# SPDX-License-Identifier: GPL-3.0-or-later
# tui-chat --sasl in headless mode against tui-chatd: the password comes
# from sasl_password_file, the login and a refused login are JSON events,
# /register makes an account and logs in, and the password reaches no log
# (the client's --debug output included).
import json
import os
import select
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, TIMEOUT, builddir  # noqa: E402

PW = "client side secret 5"
REG_PW = "registered from client 6"

t = Tap()
srv = t.server(sets={"sasl_plaintext": "on"})
state = os.path.join(srv.tmp, "state")
p = subprocess.run([os.path.join(builddir(), "tui-chatd"), "--state-dir",
                    state, "--account", "add", "carol"],
                   input=(PW + "\n").encode(), timeout=TIMEOUT,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
t.eq(p.returncode, 0, "an account for the client")


class Headless:
    """tui-chat --headless with its stdin kept open until close()."""

    def __init__(self, name, args, config):
        cfg = os.path.join(srv.tmp, name + ".conf")
        with open(cfg, "w") as f:
            f.write(config)
        self.err = open(os.path.join(srv.tmp, name + ".err"), "wb")
        self.proc = subprocess.Popen(
            [os.path.join(builddir(), "tui-chat"), "--headless", "--debug",
             "--config", cfg] + args + ["127.0.0.1:%d" % srv.port],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err)
        self.buf = b""
        self.events = []

    def wait(self, pred, what):
        deadline = time.monotonic() + TIMEOUT
        seen = 0
        while True:
            for ev in self.events[seen:]:
                if pred(ev):
                    return ev
            seen = len(self.events)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no %s; got %s" % (what,
                                                       self.events[-5:]))
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if not r:
                continue
            data = os.read(self.proc.stdout.fileno(), 65536)
            if not data:
                raise AssertionError("client exited; no %s; got %s" %
                                     (what, self.events[-5:]))
            self.buf += data
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                self.events.append(json.loads(line))

    def send(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.err.close()
        with open(self.err.name, "rb") as f:
            return self.proc.returncode, f.read().decode("utf-8", "replace")


def login():
    pwfile = os.path.join(srv.tmp, "pw")
    with open(pwfile, "w") as f:
        f.write(PW + "\n")
    os.chmod(pwfile, 0o600)
    c = Headless("ok", ["--nick", "carol", "--sasl"],
                 "sasl_password_file = %s\n" % pwfile)
    ev = c.wait(lambda e: e["type"] in ("login", "login_failed"), "login")
    t.eq((ev["type"], ev.get("account")), ("login", "carol"),
         "--sasl: a login event names the account")
    c.wait(lambda e: e["type"] == "registered", "registered")
    c.send("/whois carol")
    ev = c.wait(lambda e: "logged in as" in e.get("text", ""), "330")
    t.ok(True, "the server knows the account (WHOIS 330)")
    rc, err = c.close()
    t.eq(rc, 0, "end of input: exit 0")
    t.ok(PW not in err and "AUTHENTICATE" in err,
         "the --debug log shows AUTHENTICATE but not the payload")

    bad = os.path.join(srv.tmp, "badpw")
    with open(bad, "w") as f:
        f.write("not the password\n")
    os.chmod(bad, 0o600)
    c = Headless("bad", ["--nick", "carol2", "--sasl=carol"],
                 "sasl_password_file = %s\n" % bad)
    ev = c.wait(lambda e: e["type"] in ("login", "login_failed"), "login")
    t.eq(ev["type"], "login_failed", "a wrong password: login_failed event")
    c.wait(lambda e: e["type"] == "registered", "registered")
    t.ok(True, "and the client registers without an account")
    c.close()


def usage():
    p = subprocess.run([os.path.join(builddir(), "tui-chat"), "--headless",
                        "--sasl", "--config", "/dev/null",
                        "127.0.0.1:%d" % srv.port], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    t.ok(p.returncode == 2 and b"sasl_password_file" in p.stderr,
         "--sasl --headless without a password file: exit 2, says why")


def register():
    c = Headless("reg", ["--nick", "dave"], "")
    c.wait(lambda e: e["type"] == "registered", "registered")
    c.send("/register * " + REG_PW)
    ev = c.wait(lambda e: e["type"] in ("login", "error"), "login")
    t.eq((ev["type"], ev.get("account")), ("login", "dave"),
         "/register makes the account and logs in")
    c.send("/register * " + REG_PW)
    ev = c.wait(lambda e: e["type"] == "error", "error")
    t.ok("ALREADY_AUTHENTICATED" in ev.get("text", ""),
         "a second /register: an error event", ev)
    rc, err = c.close()
    t.ok(REG_PW not in err, "the --debug log does not show the password")


t.case("SASL login", login)
t.case("usage", usage)
t.case("/register", register)
srv.stop()
with open(srv.logpath, encoding="utf-8", errors="replace") as f:
    log = f.read()
t.ok(PW not in log and REG_PW not in log, "no password in the daemon's log")
t.done()
