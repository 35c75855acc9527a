# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile peers that overload the real tui-chatd: clients that never read
# while their room is busy, floods beyond flood_limit, connection floods
# beyond max_per_ip, 1000 JOINs from one client, nick and room names at and
# over their limits.  After each case the daemon is up, healthy clients in
# the shared room got every message in order, and RSS stays bounded.
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import (Client, Closed, Tap, Timeout, Watch, SLOW,  # noqa
                       TIMEOUT, settle)

t = Tap()
# Lines per second for the flood case; the flood is far beyond any burst
# allowance the daemon may grant (its default burst is 100 lines).
FLOOD = 100
BURST = 100     # tui-chatd's default flood_burst
srv = t.server(sets={"flood_limit": 0, "max_per_ip": 8, "sendq": 131072})
# The healthy clients connect from other loopback addresses, so the
# connection flood from 127.0.0.1 does not count against them.
watch = None
BASE_RSS = 0
RSS_SLACK = 24 * 1024 * (4 if SLOW > 1 else 1)


def client_from(addr, nick=None, **kw):
    return srv.client(nick, bind=addr, **kw)


def bounded(desc):
    rss = srv.rss_kb()
    t.ok(0 < rss < BASE_RSS + RSS_SLACK,
         "%s: RSS %d kB within %d kB of the %d kB baseline" %
         (desc, rss, RSS_SLACK, BASE_RSS))


def never_readers():
    """Three clients stop reading in a busy room: each is dropped at the
    SendQ limit, the readers get everything in order."""
    sinks = [client_from("127.0.0.%d" % (20 + i), "sink%d" % i, rcvbuf=4096)
             for i in range(3)]
    for s in sinks:
        s.join("#busy")
    readers = [client_from("127.0.0.%d" % (30 + i), "reader%d" % i)
               for i in range(2)]
    talker = client_from("127.0.0.40", "busytalk")
    for c in readers + [talker]:
        c.join("#busy")
    settle(talker, *readers)
    dropped = set()
    got = [[] for _ in readers]
    sent = 0
    payload = "b" * 440
    deadline = time.monotonic() + 60 * SLOW
    while len(dropped) < 3 and time.monotonic() < deadline:
        for _ in range(500):
            talker.send("PRIVMSG #busy :%06d %s" % (sent, payload))
            sent += 1
        lines = settle(talker, *readers)[1:]
        for i, ls in enumerate(lines):
            for m in ls:
                if m.command == "PRIVMSG":
                    got[i].append(int(m.last.split()[0]))
                elif m.command == "QUIT" and m.nick.startswith("sink"):
                    if i == 0:
                        dropped.add(m.nick)
                        t.ok("sendq" in m.last.lower(),
                             "%s dropped: %s" % (m.nick, m.last))
    t.eq(len(dropped), 3, "every never-reading client was dropped "
         "(%d lines sent)" % sent)
    for i, g in enumerate(got):
        t.eq(g, list(range(sent)),
             "reader %d got all %d messages in order" % (i, sent))
    t.ok(not any(m.command == "ERROR" for m in talker.log),
         "the talker was not disconnected")
    bounded("never-reading clients")
    for c in sinks + readers + [talker]:
        c.close()
    watch.check("never-reading clients")


def flood():
    """A client far beyond flood_limit: throttled or dropped, either way its
    lines are not reordered and the others are not held up."""
    s2 = t.server(sets={"flood_limit": FLOOD})
    watch = Watch(t, s2, room="#flood", prefix="fw")
    f = s2.client("flooder")
    f.join(watch.room)
    settle(f, watch.listener)
    n = FLOOD * 3 + BURST
    try:
        for i in range(n):
            f.send("PRIVMSG %s :flood %d" % (watch.room, i))
    except (Closed, Timeout):
        pass
    # Everything the listener heard from the two, in the order relayed.
    heard, flooded = [], []
    deadline = time.monotonic() + TIMEOUT * 3
    while time.monotonic() < deadline:
        if not watch.check("during the flood", n=1, quiet=True):
            break
        for m in watch.listener.log:
            if m.nick == "flooder" and m.command in ("PRIVMSG", "QUIT"):
                heard.append(m.last if m.command == "PRIVMSG" else "QUIT")
            elif m.nick == watch.talker.nick and m.command == "PRIVMSG":
                heard.append("beat")
        watch.listener.log = []
        flooded = [x for x in heard if x != "beat"]
        if (flooded and flooded[-1] == "QUIT") or len(flooded) >= n:
            break
    quit_ = flooded and flooded[-1] == "QUIT"
    msgs = [x for x in flooded if x != "QUIT"]
    t.eq(msgs, ["flood %d" % i for i in range(len(msgs))],
         "flooder's delivered lines are in order, none twice")
    # The healthy talker speaks one line per round trip after the flood was
    # sent.  Unthrottled, the daemon reads the flooder's lines within a few
    # of its loop turns, so at most the first couple of beats come before
    # its last line; throttled to FLOOD lines a second, dozens do.
    beats = heard[:heard.index(msgs[-1])].count("beat") if msgs else 0
    t.ok(quit_ or beats >= 10,
         "flood control acted: the flooder was dropped, or a healthy "
         "client's later messages overtook the flooder's queued lines",
         "beats relayed before the flooder's last line: %d" % beats)
    watch.check("flood beyond flood_limit")
    f.close()
    watch.close()
    s2.stop()


def connection_flood():
    """max_per_ip=8: more connections from one address are refused, other
    addresses still get in, and the slots come back."""
    conns = []
    refused = 0
    for i in range(40):
        try:
            c = Client(srv.port, name="cf%d" % i)
            conns.append(c)
        except OSError:
            refused += 1
    # Refused ones are closed by the daemon; count those still open after
    # a round trip on a healthy connection.
    settle(watch.talker)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        open_ = [c for c in conns if c.is_open()]
        if len(open_) <= 8:
            break
        time.sleep(0.1)
    t.ok(len(open_) <= 8, "40 connections from one address: at most 8 stay "
         "(%d open)" % len(open_))
    errs = [c for c in conns if any(m.command == "ERROR" for m in c.log)]
    t.ok(len(errs) >= len(conns) - 8,
         "the refused ones get an ERROR (%d of %d)" %
         (len(errs), len(conns) - 8))
    other = client_from("127.0.0.60", "otheraddr")
    t.ok(True, "another address still registers")
    watch.check("connection flood")
    for c in conns:
        c.close()
    other.close()
    ok = False
    for _ in range(20 * TIMEOUT):
        try:
            c = Client(srv.port)
            c.register("cfback")
            c.close()
            ok = True
            break
        except (Closed, Timeout, OSError):
            time.sleep(0.05)
    t.ok(ok, "after they close, the address may connect again")


def thousand_joins():
    s2 = t.server(sets={"flood_limit": 0})
    c = s2.client("joiner")
    base = s2.rss_kb()
    for i in range(1000):
        c.send("JOIN #many%d" % i)
    joined = 0
    too_many = 0
    for m in c.sync():
        if m.command == "JOIN":
            joined += 1
        elif m.command == "405":
            too_many += 1
    t.eq(joined + too_many, 1000, "1000 JOINs: each joined or 405 "
         "(%d joined, %d refused)" % (joined, too_many))
    o = s2.client("lister")
    o.send("LIST")
    rows = 0
    while o.expect_any(["322", "323"]).command == "322":
        rows += 1
    t.eq(rows, joined, "LIST shows every joined room")
    peak = s2.rss_kb()
    c.send("JOIN 0")
    c.sync()
    o.send("LIST")
    m = o.expect_any(["322", "323"])
    t.eq(m.command, "323", "after JOIN 0 every room is gone")
    c.send("JOIN " + ",".join("#c%d" % i for i in range(60)))
    c.sync()
    c.send("QUIT")
    c.wait_closed()
    o.send("LIST")
    m = o.expect_any(["322", "323"])
    t.eq(m.command, "323", "after QUIT every room is gone")
    t.ok(s2.alive(), "daemon up (RSS %d kB, peak %d kB, now %d kB)" %
         (base, peak, s2.rss_kb()))
    o.close()
    s2.stop()


def name_limits():
    c = client_from("127.0.0.70")
    n30 = "n" + "x" * 29
    c.register(n30)
    t.eq(c.log[[m.command for m in c.log].index("001")].params[0], n30,
         "a 30-character nick registers whole")
    c.send("NICK " + "m" * 31)
    m = c.expect_any(["432", "NICK"])
    t.ok(m.command == "432" or len(m.last) <= 30,
         "a 31-character nick is refused (432) or cut to 30", m.raw)
    c.send("NICK " + "q" * 600)
    m = c.expect_any(["432", "NICK", "417"])
    t.ok(m.command in ("432", "417") or len(m.last) <= 30,
         "a 600-character nick is refused", m.raw)
    r50 = "#" + "r" * 49
    c.send("JOIN " + r50)
    m = c.expect_any(["JOIN", "403", "479", "476"])
    t.eq((m.command, m.params[0] if m.params else ""), ("JOIN", r50),
         "a 50-character room name is joined whole")
    c.expect("366")
    r51 = "#" + "s" * 50
    c.send("JOIN " + r51)
    m = c.expect_any(["JOIN", "403", "479", "476"])
    t.ok(m.command != "JOIN" or len(m.params[0]) <= 50,
         "a 51-character room name is refused or cut to 50", m.raw)
    c.sync()
    for bad in ("#bad,name", "#bad\x07bell", "#"):
        c.send("JOIN " + bad)
    got = [m for m in c.sync() if m.command == "JOIN"]
    t.eq([m.params[0] for m in got if m.params[0] != "#bad"], [],
         "room names with commas, BEL or only '#' are refused",)
    watch.check("name limits")
    c.close()


watch = Watch(t, srv, binds=("127.0.0.2", "127.0.0.3"))
BASE_RSS = srv.rss_kb()

t.case("never-reading clients", never_readers)
t.case("flood", flood)
t.case("connection flood", connection_flood)
t.case("1000 JOINs", thousand_joins)
t.case("name limits", name_limits)
bounded("end")
t.done()
