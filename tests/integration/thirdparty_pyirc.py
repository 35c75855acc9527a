# SPDX-License-Identifier: GPL-3.0-or-later
# A third-party client library, python3-irc (Debian's irc.client), against
# the real tui-chatd: it registers, joins two rooms, and exchanges room and
# private messages with a raw client; asserted from both sides.
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, TIMEOUT, settle  # noqa: E402

try:
    import irc.client
except ImportError:
    print("1..0 # SKIP python3-irc (Debian package) is not installed")
    sys.exit(0)

t = Tap()
srv = t.server()
events = []


def on_event(conn, ev):
    # 8.5 gives the source as a plain "nick!user@host" string.
    src = irc.client.NickMask(ev.source).nick if ev.source else None
    events.append((ev.type, src,
                   ev.target, list(ev.arguments)))


def pump(until, what):
    """Run the library's reactor until until() or a bounded wait ends."""
    deadline = time.monotonic() + TIMEOUT
    while not until():
        if time.monotonic() > deadline:
            raise AssertionError("python3-irc: no %s; events: %s" %
                                 (what, events[-6:]))
        reactor.process_once(0.1)


def seen(kind, target=None, text=None, nick=None):
    return [e for e in events if e[0] == kind and
            (target is None or e[2] == target) and
            (text is None or (e[3] and e[3][-1] == text)) and
            (nick is None or e[1] == nick)]


# Debian 12 ships python3-irc 8.5, where the reactor is still irc.client.IRC.
reactor = getattr(irc.client, "Reactor", None) or irc.client.IRC
reactor = reactor()
reactor.add_global_handler("all_events", on_event)


def session():
    conn = reactor.server().connect("127.0.0.1", srv.port, "pylib",
                                    username="pylib", ircname="python3-irc")
    pump(lambda: seen("welcome"), "welcome (001)")
    t.ok(True, "python3-irc registers (001)")
    pump(lambda: seen("endofmotd") or seen("nomotd"), "end of MOTD")
    raw = srv.client("rawpeer")
    raw.join("#lib1")
    raw.join("#lib2")
    conn.join("#lib1")
    conn.join("#lib2")
    pump(lambda: len(seen("join", nick="pylib")) == 2, "two JOINs")
    t.eq(sorted(e[2] for e in seen("join", nick="pylib")),
         ["#lib1", "#lib2"], "python3-irc joins two rooms")
    pump(lambda: len(seen("endofnames")) == 2, "two 366s")
    names = " ".join(" ".join(e[3]) for e in seen("namreply"))
    t.ok("rawpeer" in names and "pylib" in names,
         "python3-irc parses the NAMES replies", names)
    joins = [m.params[0] for m in raw.sync()
             if m.command == "JOIN" and m.nick == "pylib"]
    t.eq(sorted(joins), ["#lib1", "#lib2"], "the raw client sees both JOINs")
    conn.privmsg("#lib1", "hello one from the library")
    conn.privmsg("#lib2", "hello two from the library")
    conn.privmsg("rawpeer", "private from the library")
    got = []
    deadline = time.monotonic() + TIMEOUT
    while len(got) < 3 and time.monotonic() < deadline:
        reactor.process_once(0.05)
        got += [(m.nick, m.params[0], m.last) for m in raw.sync()
                if m.command == "PRIVMSG"]
    t.eq(got, [("pylib", "#lib1", "hello one from the library"),
               ("pylib", "#lib2", "hello two from the library"),
               ("pylib", "rawpeer", "private from the library")],
         "the raw client gets the library's messages, in order")
    raw.send("PRIVMSG #lib2 :raw to two")
    raw.send("PRIVMSG #lib1 :raw to one")
    raw.send("PRIVMSG pylib :raw private")
    raw.send("NOTICE #lib1 :raw notice")
    settle(raw)
    pump(lambda: seen("privnotice") or seen("pubnotice"), "the notice")
    pub = [(e[2], e[3][-1]) for e in seen("pubmsg", nick="rawpeer")]
    t.eq(pub, [("#lib2", "raw to two"), ("#lib1", "raw to one")],
         "python3-irc gets the room messages in order")
    t.eq([e[3][-1] for e in seen("privmsg", nick="rawpeer")],
         ["raw private"], "python3-irc gets the private message")
    raw.send("MODE #lib1 +o pylib")
    pump(lambda: seen("mode", "#lib1"), "MODE +o")
    conn.topic("#lib1", "set by the library")
    t.eq(raw.expect("TOPIC", "#lib1").last, "set by the library",
         "topic set by python3-irc reaches the raw client")
    # 8.5 sends the reason without a colon: one word only.
    conn.part("#lib2", "leaving-two")
    m = raw.expect("PART", "#lib2")
    t.eq((m.nick, m.last), ("pylib", "leaving-two"), "PART with reason")
    conn.nick("pylib2")
    m = raw.expect("NICK")
    t.eq(m.last, "pylib2", "nick change seen by the raw client")
    pump(lambda: seen("nick"), "own NICK")
    t.eq(conn.get_nickname(), "pylib2", "python3-irc tracks its new nick")
    conn.quit("library done")
    m = raw.expect("QUIT")
    t.ok(m.nick == "pylib2" and "library done" in m.last,
         "QUIT from python3-irc seen", m.raw)
    pump(lambda: not conn.is_connected() or seen("disconnect"),
         "disconnect")
    raw.close()


def monitor_whox():
    """MONITOR and WHOX through the library: its ISUPPORT parser reads
    MONITOR, and the 730/731/354 numerics reach its handlers."""
    events.clear()
    conn = reactor.server().connect("127.0.0.1", srv.port, "pymon",
                                    username="pymon", ircname="py monitor")
    pump(lambda: seen("endofmotd") or seen("nomotd"), "end of MOTD")
    t.eq(getattr(conn.features, "monitor", None), 100,
         "python3-irc reads MONITOR=100 from 005")
    conn.send_raw("MONITOR + buddy")
    pump(lambda: seen("731"), "731 for the absent buddy")
    t.eq(seen("731")[0][3], ["buddy"], "python3-irc gets 731 buddy")
    buddy = srv.client("buddy", user="buddyu")
    pump(lambda: seen("730"), "730 when the buddy connects")
    t.eq(seen("730")[0][3], ["buddy!buddyu@127.0.0.1"],
         "python3-irc gets 730 buddy!user@host")
    buddy.join("#pywho")
    conn.join("#pywho")
    pump(lambda: seen("endofnames"), "366 of #pywho")
    # 8.5's who() knows only the "o" flag: the WHOX form goes raw.
    conn.send_raw("WHO #pywho %tnuf,42")
    pump(lambda: seen("endofwho"), "315 after the WHOX")
    rows = sorted(e[3] for e in seen("354"))
    t.eq(rows, [["42", "buddyu", "buddy", "H@"],
                ["42", "pymon", "pymon", "H"]],
         "python3-irc's WHO %tnuf,42: 354 rows of token user nick flags")
    buddy.send("QUIT")
    pump(lambda: len(seen("731")) == 2, "731 when the buddy quits")
    t.ok(True, "python3-irc gets 731 when the buddy quits")
    conn.quit("done")
    pump(lambda: not conn.is_connected() or seen("disconnect"),
         "disconnect")


t.case("python3-irc session", session)
t.case("python3-irc with MONITOR and WHOX", monitor_whox)
t.done()
