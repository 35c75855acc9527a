# SPDX-License-Identifier: GPL-3.0-or-later
# Limits of the real tui-chatd: 417 for an oversize line (the connection
# lives), SendQ exceeded for a client that never reads while its room is
# busy (the others get everything), ping timeout, max_clients.
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Client, Closed, Tap, TIMEOUT, settle  # noqa: E402

t = Tap()


def oversize():
    srv = t.server(sets={"flood_limit": 0})
    a = srv.client("big")
    b = srv.client("bigpeer")
    a.join("#big")
    b.join("#big")
    a.sync()
    a.send("PRIVMSG #big :" + "x" * 600)
    m = a.expect("417")
    t.eq(m.params[0], "big", "600-byte line: 417 addressed to the sender")
    a.send("PRIVMSG #big :" + "y" * 20000)
    a.expect("417")
    t.ok(True, "20000-byte line: 417")
    a.send("PRIVMSG #big :after")
    got = settle(a, b)[1]
    t.eq([(m.command, m.last) for m in got if m.command == "PRIVMSG"],
         [("PRIVMSG", "after")],
         "nothing of the oversize lines reached the room; the next did")
    # Exactly 512 bytes with CRLF is legal.
    head = "PRIVMSG #big :"
    line = head + "z" * (510 - len(head))
    a.send(line)
    got = [m for m in settle(a, b)[1] if m.command == "PRIVMSG"]
    # Relayed with a source prefix it may be cut to fit 512 bytes again.
    t.ok(len(got) == 1 and set(got[0].last) == {"z"} and
         len(got[0].last) > 400 and len(got[0].bytes) + 2 <= 512,
         "a line of exactly 512 bytes (CRLF included) is accepted and "
         "relayed within 512 bytes", [len(m.bytes) for m in got])
    t.ok("417" not in [m.command for m in a.sync()], "and gets no 417")
    t.ok(a.is_open(), "the connection lives after 417")
    a.close()
    b.close()
    srv.stop()


def sendq():
    srv = t.server(sets={"flood_limit": 0, "sendq": 65536})
    # A tiny receive window makes the sink's backlog pile up in the daemon
    # instead of in the kernel.
    sink = srv.client("sink", rcvbuf=4096)
    sink.join("#busy")
    talk = srv.client("talker")
    obs = srv.client("observer")
    talk.join("#busy")
    obs.join("#busy")
    obs.sync()
    # From here the sink never reads.  Talk in bounded batches until the
    # observer sees the sink dropped.
    payload = "m" * 380
    sent = 0
    dropped = None
    received = []
    while dropped is None and sent < 60000:
        for _ in range(500):
            talk.send("PRIVMSG #busy :%06d %s" % (sent, payload))
            sent += 1
        for m in obs.sync():
            if m.command == "PRIVMSG":
                received.append(int(m.last.split()[0]))
            elif m.command == "QUIT" and m.nick == "sink":
                dropped = m
    # The talker's PONG proves the daemon read all its lines; then the
    # observer's proves everything queued for it arrived.
    talk.sync()
    received += [int(m.last.split()[0]) for m in obs.sync()
                 if m.command == "PRIVMSG"]
    t.ok(dropped is not None, "the never-reading client is dropped",
         "sent %d lines, not dropped" % sent)
    t.ok(dropped is not None and "sendq" in dropped.last.lower(),
         "its QUIT says SendQ exceeded", dropped and dropped.raw)
    t.eq(received, list(range(sent)),
         "the observer got all %d messages in order" % sent)
    tk = [m for m in talk.log if m.command == "ERROR"]
    t.eq(tk, [], "the talker was not disconnected")
    t.ok(srv.alive(), "daemon alive")
    rss = srv.rss_kb()
    t.ok(0 < rss < 64 * 1024, "daemon RSS bounded (%d kB)" % rss)
    talk.close()
    obs.close()
    sink.close()
    srv.stop()


def ping_timeout():
    srv = t.server(sets={"ping_interval": 1, "ping_timeout": 1})
    mute = srv.client("mute", auto_pong=False)
    live = srv.client("lively")
    mute.join("#pt")
    live.join("#pt")
    # Both must keep reading: lively answers PINGs only while it reads.
    deadline = time.monotonic() + 20
    while mute.is_open() and time.monotonic() < deadline:
        live.is_open()
        time.sleep(0.05)
    lines = mute.wait_closed(timeout=1)
    t.ok(any(m.command == "PING" for m in lines + mute.log),
         "an idle client is sent a PING")
    err = [m for m in mute.log if m.command == "ERROR"]
    t.ok(err and "ping timeout" in err[0].last.lower(),
         "no PONG: closed with ERROR Ping timeout",
         [m.raw for m in mute.log[-3:]])
    q = live.wait_for(lambda m: m.command == "QUIT" and m.nick == "mute",
                      20, "QUIT of mute")
    t.ok("ping timeout" in q.last.lower(), "room sees QUIT :Ping timeout",
         q.raw)
    t.ok(live.is_open(), "a client that answers PING stays connected")
    live.send("PING :x")
    live.expect("PONG")
    live.close()
    srv.stop()


def max_clients():
    srv = t.server(sets={"max_clients": 3})
    cs = [srv.client("mc%d" % i) for i in range(3)]
    extra = Client(srv.port)
    try:
        extra.send("NICK mc3")
        extra.send("USER mc3 0 * :x")
    except Closed:
        pass        # refused at accept; its ERROR is still to be read
    lines = extra.wait_closed()
    t.ok("001" not in [m.command for m in lines],
         "max_clients=3: the fourth client is refused",
         [m.raw for m in lines])
    t.ok(any(m.command == "ERROR" for m in lines),
         "the refused client gets an ERROR", [m.raw for m in lines])
    cs[0].close()
    # The slot frees once the daemon has seen the close; bounded retry.
    ok = False
    for _ in range(20 * TIMEOUT):
        c = Client(srv.port)
        try:
            c.send("NICK mc4")
            c.send("USER mc4 0 * :x")
            c.expect_any(["001"], timeout=2)
            ok = True
            break
        except Exception:
            c.close()
    t.ok(ok, "a freed slot can be used again")
    for x in cs[1:]:
        x.close()
    srv.stop()


def safelist():
    """005 SAFELIST: a LIST bigger than sendq must not drop a client that
    reads it."""
    srv = t.server(sets={"flood_limit": 0, "sendq": 65536})
    makers = [srv.client("mk%d" % i) for i in range(2)]
    for i in range(200):
        c = makers[i % 2]
        c.send("JOIN #room%03d" % i)
        c.send("TOPIC #room%03d :%s" % (i, "t" * 380))
    settle(*makers)
    lister = srv.client("lister")
    isupport = " ".join(m.raw for m in lister.log if m.command == "005")
    lister.send("LIST")
    rows = 0
    end = None
    while end is None:
        m = lister.expect_any(["322", "323", "ERROR"])
        if m.command == "322":
            rows += 1
        else:
            end = m
    t.ok(end.command == "323" and rows == 200,
         "LIST of 200 rooms (~85 kB, sendq 64 kB) delivered whole: %d rows, "
         "then %s" % (rows, end.raw[:60]),
         "005 %s SAFELIST" % ("announces" if "SAFELIST" in isupport
                              else "does not announce"))
    for c in makers:
        c.close()
    lister.close()
    srv.stop()


def big_room_replies():
    """NAMES and WHO of a room whose member list is bigger than sendq: the
    asker reads them and must not be dropped."""
    # sendq 12 kB: a member's own NAMES (251 bare nicks, ~8 kB) fits, the
    # asker's (userhost-in-names, ~13 kB) and WHO (~22 kB) do not.
    srv = t.server(sets={"flood_limit": 0, "sendq": 12288})
    members = [srv.client(("m%03d" % i) + "x" * 26) for i in range(250)]
    # The members read as the room fills: each JOIN goes to all of them,
    # and this test is not about them.
    for i, m in enumerate(members):
        m.send("JOIN #big")
        if i % 10 == 9:
            m.sync()
            for x in members[:i]:
                x.is_open()
                x.drain()
    settle(*members)
    asker = srv.client("asker", caps=["userhost-in-names"])
    asker.send("JOIN #big")
    names = 0
    while True:
        m = asker.expect_any(["353", "366", "ERROR"])
        if m.command != "353":
            break
        names += len(m.last.split())
    t.ok(m.command == "366" and names == 251,
         "JOIN of a 250-member room (~13 kB of NAMES, sendq 12 kB): all "
         "251 names, then 366 (%d, %s)" % (names, m.raw[:60]))
    # WHO on its own: this asker's bare NAMES fit in sendq.
    asker2 = srv.client("asker2")
    asker2.join("#big")
    asker2.send("WHO #big")
    who = 0
    while True:
        m = asker2.expect_any(["352", "315", "ERROR"])
        if m.command != "352":
            break
        who += 1
    want = 251 + (1 if asker.is_open() else 0)
    t.ok(m.command == "315" and who == want,
         "WHO of it (~22 kB): %d replies, then 315 (%d, %s)" %
         (want, who, m.raw[:60]))
    for c in members + [asker, asker2]:
        c.close()
    srv.stop()


t.case("417 for oversize lines", oversize)
t.case("LIST larger than sendq", safelist)
t.case("NAMES and WHO larger than sendq", big_room_replies)
t.case("SendQ exceeded", sendq)
t.case("ping timeout", ping_timeout)
t.case("max_clients", max_clients)
t.done()
