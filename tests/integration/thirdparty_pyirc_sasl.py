# SPDX-License-Identifier: GPL-3.0-or-later
# python3-irc (Debian's irc.client) logs in to an account after it has
# registered (IRCv3 sasl 3.2 allows it): CAP REQ sasl, AUTHENTICATE PLAIN,
# 900 and 903; a raw client with account-notify sees ACCOUNT, and WHOIS
# shows the account.
import base64
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, TIMEOUT, builddir  # noqa: E402

try:
    import irc.client
except ImportError:
    print("1..0 # SKIP python3-irc (Debian package) is not installed")
    sys.exit(0)

PW = "library login 77"
t = Tap()
srv = t.server(sets={"sasl_plaintext": "on"})
p = subprocess.run([os.path.join(builddir(), "tui-chatd"), "--state-dir",
                    os.path.join(srv.tmp, "state"), "--account", "add",
                    "pylib"], input=(PW + "\n").encode(), timeout=TIMEOUT,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
t.eq(p.returncode, 0, "an account for the library")
events = []


def on_event(conn, ev):
    events.append((ev.type, list(ev.arguments)))


def pump(until, what):
    deadline = time.monotonic() + TIMEOUT
    while not until():
        if time.monotonic() > deadline:
            raise AssertionError("python3-irc: no %s; events: %s" %
                                 (what, events[-6:]))
        reactor.process_once(0.1)


def seen(kind):
    return [e for e in events if e[0] == kind]


reactor = getattr(irc.client, "Reactor", None) or irc.client.IRC
reactor = reactor()
reactor.add_global_handler("all_events", on_event)


def session():
    watcher = srv.client("watcher", caps=["account-notify"])
    watcher.join("#lib")
    conn = reactor.server().connect("127.0.0.1", srv.port, "pylib",
                                    username="pylib", ircname="python3-irc")
    pump(lambda: seen("welcome"), "welcome (001)")
    conn.join("#lib")
    pump(lambda: seen("endofnames"), "366")
    conn.cap("REQ", "sasl")
    pump(lambda: seen("cap"), "CAP ACK")
    conn.send_raw("AUTHENTICATE PLAIN")
    pump(lambda: seen("authenticate"), "AUTHENTICATE +")
    conn.send_raw("AUTHENTICATE " + base64.b64encode(
        ("\0pylib\0" + PW).encode()).decode())
    pump(lambda: seen("903") or seen("904"), "903 or 904")
    t.ok(seen("903") and seen("900"),
         "python3-irc logs in after registering: 900 and 903",
         events[-4:])
    m = watcher.expect("ACCOUNT")
    t.eq((m.nick, m.params), ("pylib", ["pylib"]),
         "a room member with account-notify sees ACCOUNT")
    got = watcher.ask("WHOIS pylib")
    t.ok(any(x.command == "330" and x.params[2] == "pylib" for x in got),
         "WHOIS shows the account")
    conn.disconnect("bye")
    watcher.close()


t.case("python3-irc SASL", session)
t.done()
