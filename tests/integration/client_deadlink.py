# SPDX-License-Identifier: GPL-3.0-or-later
# Dead-link detection: a fake server registers tui-chat and then goes
# silent (the socket stays open, it reads, it never answers PING). With a
# short ping_interval from the config file the client sends PING, then
# gives the link up as "ping timeout": headless mode reports it as a JSON
# event and exits non-zero (it does not reconnect, by design); the screen
# says so and connects again by itself. Bounded waits only.
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import SLOW, TIMEOUT, Closed, Tap, Timeout, Tmux, builddir  # noqa
from fakeserver import FakeServer, xdg_env  # noqa: E402

PING_INTERVAL = 5		# the smallest the config accepts
# The link is given up after two intervals without a PONG, checked once an
# interval: three intervals and a margin for a loaded machine.
DEAD_WAIT = (3 * PING_INTERVAL + 20) * SLOW
TUI_CHAT = os.path.join(builddir(), "tui-chat")

t = Tap()
tmp = tempfile.mkdtemp(prefix="tui-chat-deadlink.")
env = xdg_env(tmp, "# dead-link test\nping_interval = %d\n" % PING_INTERVAL)
procs = []


def silent(c, timeout):
    """Read (and ignore) what the client sends until it closes."""
    try:
        while True:
            c.line(timeout)
    except Closed:
        return True


def headless():
    srv = FakeServer()
    p = subprocess.Popen([TUI_CHAT, "--headless", "--nick", "tester",
                          "127.0.0.1:%d" % srv.port],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    procs.append(p)
    c = srv.accept()
    c.register()
    ping = c.wait_for("PING ")
    t.ok(ping.startswith("PING "), "headless: the client sends PING (%s)" %
         ping)
    # Its stdin stays open: only the dead link can end it.
    t.ok(silent(c, DEAD_WAIT), "headless: the silent link is closed")
    try:
        out, err = p.communicate(timeout=TIMEOUT)
    finally:
        p.stdin.close()
    events = [json.loads(line) for line in out.decode().splitlines()]
    lost = [e for e in events if e.get("type") == "disconnected"]
    t.ok(len(lost) == 1 and "ping timeout" in lost[0].get("text", ""),
         "headless: a JSON disconnected event says ping timeout",
         "events: %r" % events)
    t.ok(p.returncode not in (0, None) and b"ping timeout" in err and
         b"Sanitizer" not in err and b"runtime error" not in err,
         "headless: exit %s, the reason (alone) on stderr" % p.returncode,
         "stderr: %r" % err)
    srv.close()


def screen():
    srv = FakeServer()
    term = Tmux("exec '%s' --nick tester 127.0.0.1:%d 2>'%s/term.err'" %
                (TUI_CHAT, srv.port, tmp), env={
                    k: env[k] for k in ("XDG_CONFIG_HOME", "XDG_STATE_HOME",
                                        "XDG_DATA_HOME", "HOME", "LANG",
                                        "LC_ALL")})
    c = srv.accept()
    c.register()
    term.wait_screen("Registered as tester")
    # A NAMES reply the link dies in the middle of (no 366).
    c.send(":srv 353 tester = #a :tester ghost\r\n")
    t.ok(c.wait_for("PING ").startswith("PING "),
         "screen: the client sends PING")
    t.ok(silent(c, DEAD_WAIT), "screen: the silent link is closed")
    term.wait_screen("ping timeout; reconnecting in", DEAD_WAIT)
    t.ok(True, "screen: the status window says ping timeout, reconnecting")
    c2 = srv.accept(DEAD_WAIT)
    t.eq(c2.register(), "tester",
         "screen: a second connection arrives and registers again")
    deadline = time.monotonic() + TIMEOUT
    while (term.screen().count("Registered as tester") < 2 and
           time.monotonic() < deadline):
        time.sleep(0.1)
    t.ok(term.screen().count("Registered as tester") >= 2,
         "screen: the status window shows the second registration",
         term.screen())
    c2.send(":tester!u@h JOIN #a\r\n"
            ":srv 353 tester = #a :tester alive\r\n"
            ":srv 366 tester #a :End of /NAMES list\r\n")
    term.wait_screen("[Act: 2]")	# #a opened, in the background
    term.tmux("send-keys", "-t", "t", "M-2")
    try:
        scr = term.wait_screen("Users in #a: tester alive")
    except Timeout as e:
        scr = str(e)
    t.ok("Users in #a: tester alive" in scr and "ghost" not in scr,
         "screen: the new connection's NAMES reply is not joined to the "
         "one the old link died in", scr)
    term.close()
    srv.close()
    with open(os.path.join(tmp, "term.err"), "rb") as f:
        err = f.read()
    t.eq(err, b"", "screen: nothing on stderr")


t.case("headless dead link", headless)
t.case("screen dead link and reconnection", screen)
for p in procs:
    if p.poll() is None:
        p.kill()
        p.wait()
shutil.rmtree(tmp, ignore_errors=True)
t.done()
