# SPDX-License-Identifier: GPL-3.0-or-later
# Helpers of the cluster tests: nodes joined to one redis-server, waits
# for what arrives through Redis (asynchronous: never a bare sleep).
import time

from ircclient import TIMEOUT


def wait_up(srv, count=1):
    """Until the node's log says it joined the cluster (count times)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if srv.logtext().count("connected to Redis") >= count:
            return True
        time.sleep(0.05)
    raise AssertionError("node %d never joined the cluster:\n%s" %
                         (srv.port, srv.logtext()))


def start_nodes(tap, redis, n, extra=()):
    nodes = [tap.server("--cluster", redis.url, "--name",
                        "node%d.example" % (i + 1), *extra)
             for i in range(n)]
    for s in nodes:
        wait_up(s)
    return nodes


def names(c, room):
    c.sync()
    c.send("NAMES " + room)
    out = []
    while True:
        m = c.expect_any(["353", "366"])
        if m.command == "366":
            return sorted(x.lstrip("@+") for x in out)
        out += m.last.split()


def wait_names(c, room, want):
    """Until NAMES room on c's node lists exactly want."""
    deadline = time.monotonic() + TIMEOUT
    want = sorted(want)
    while True:
        got = names(c, room)
        if got == want:
            return got
        if time.monotonic() > deadline:
            raise AssertionError("NAMES %s: %s, not %s" % (room, got, want))
        time.sleep(0.05)


def wait_seen(c, nick, present=True):
    """Until ISON on c's node does (or does not) know nick."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        got = [m for m in c.ask("ISON " + nick) if m.command == "303"]
        here = bool(got) and nick.lower() in got[0].last.lower().split()
        if here == present:
            return True
        if time.monotonic() > deadline:
            raise AssertionError("ISON %s on %s: %s" % (nick, c.nick, got))
        time.sleep(0.05)


def wait_mode(c, room, mode):
    """Until MODE room on c's node shows mode."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        got = [m for m in c.ask("MODE " + room) if m.command == "324"]
        if got and mode in got[0].params[2]:
            return True
        if time.monotonic() > deadline:
            raise AssertionError("MODE %s on %s: %s" % (room, c.nick, got))
        time.sleep(0.05)
