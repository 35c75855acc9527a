# SPDX-License-Identifier: GPL-3.0-or-later
# A third-party client library, python3-irc (Debian's irc.client), on one
# node of a two-node cluster and a raw client on the other (issue 15): it
# registers, joins, sees the NAMES of both nodes, exchanges room and
# private messages, a TOPIC and a nick change across the nodes.
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, RedisServer, TIMEOUT  # noqa: E402
import cluster_lib  # noqa: E402

try:
    import irc.client
except ImportError:
    print("1..0 # SKIP python3-irc (Debian package) is not installed")
    sys.exit(0)

t = Tap()
redis = RedisServer()
n1, n2 = cluster_lib.start_nodes(t, redis, 2)
events = []


def on_event(conn, ev):
    src = irc.client.NickMask(ev.source).nick if ev.source else None
    events.append((ev.type, src, ev.target, list(ev.arguments)))


def pump(until, what):
    deadline = time.monotonic() + TIMEOUT
    while not until():
        if time.monotonic() > deadline:
            raise AssertionError("python3-irc: no %s; events: %s" %
                                 (what, events[-6:]))
        reactor.process_once(0.1)


def seen(kind, target=None, nick=None):
    return [e for e in events if e[0] == kind and
            (target is None or e[2] == target) and
            (nick is None or e[1] == nick)]


reactor = getattr(irc.client, "Reactor", None) or irc.client.IRC
reactor = reactor()
reactor.add_global_handler("all_events", on_event)


def session():
    raw = n2.client("rawpeer")
    raw.join("#lib")
    probe = n1.client("probe")
    cluster_lib.wait_names(probe, "#lib", ["rawpeer"])
    probe.close()
    conn = reactor.server().connect("127.0.0.1", n1.port, "pylib",
                                    username="pylib", ircname="python3-irc")
    pump(lambda: seen("welcome"), "welcome (001)")
    t.ok(True, "python3-irc registers on node 1")
    conn.join("#lib")
    pump(lambda: seen("endofnames"), "366")
    names = " ".join(" ".join(e[3]) for e in seen("namreply"))
    t.ok("rawpeer" in names and "pylib" in names,
         "python3-irc's NAMES on node 1 lists the member of node 2", names)
    m = raw.wait_for(lambda m: m.command == "JOIN" and m.nick == "pylib",
                     what="JOIN of pylib")
    t.eq(m.params[0], "#lib", "the raw client on node 2 sees the library join")
    conn.privmsg("#lib", "room from the library")
    conn.privmsg("rawpeer", "private from the library")
    got = []
    deadline = time.monotonic() + TIMEOUT
    while len(got) < 2 and time.monotonic() < deadline:
        reactor.process_once(0.05)
        got += [(m.nick, m.params[0], m.last) for m in raw.sync()
                if m.command == "PRIVMSG"]
    t.eq(got, [("pylib", "#lib", "room from the library"),
               ("pylib", "rawpeer", "private from the library")],
         "node 2 gets the library's room and private messages, in order")
    raw.send("PRIVMSG #lib :raw to the room")
    raw.send("PRIVMSG pylib :raw private")
    pump(lambda: seen("pubmsg") and seen("privmsg"), "both messages")
    t.eq([e[3][-1] for e in seen("pubmsg", nick="rawpeer")],
         ["raw to the room"], "python3-irc gets the room message of node 2")
    t.eq([e[3][-1] for e in seen("privmsg", nick="rawpeer")],
         ["raw private"], "python3-irc gets the private message of node 2")
    raw.send("TOPIC #lib :from node two")
    pump(lambda: seen("topic", "#lib"), "TOPIC")
    t.eq(seen("topic", "#lib")[0][3], ["from node two"],
         "python3-irc sees the TOPIC set on node 2")
    conn.nick("pylib2")
    m = raw.expect("NICK")
    t.eq((m.nick, m.last), ("pylib", "pylib2"),
         "the library's nick change is seen on node 2")
    conn.quit("library done")
    m = raw.expect("QUIT")
    t.ok(m.nick == "pylib2" and "library done" in m.last,
         "its QUIT too", m.raw)
    raw.close()


t.case("python3-irc on a two-node cluster", session)
redis.cleanup()
t.done()
