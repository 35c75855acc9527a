# SPDX-License-Identifier: GPL-3.0-or-later
# Protocol corners of the real tui-chatd: rfc1459 case mapping of nicks and
# rooms, lower-case commands and extra spaces, CAP REQ after registration,
# TARGMAX, WHO masks and flags, KICK of several and of oneself, rooms that
# vanish however their last member goes, privileges kept across NICK.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Client, Tap, settle, texts  # noqa: E402

t = Tap()
srv = t.server(sets={"flood_limit": 0})


def casemapping():
    a = srv.client("ab[c")
    b = Client(srv.port)
    b.send("NICK AB{C")
    t.eq(b.expect_any(["433", "001"]).command, "433",
         "rfc1459: AB{C collides with ab[c")
    b.register("be|e")
    c = Client(srv.port)
    c.send("NICK BE\\E")
    t.eq(c.expect_any(["433", "001"]).command, "433",
         "rfc1459: BE\\E collides with be|e")
    c.register("cee")
    a.join("#Room[x")
    b.send("JOIN #ROOM{X")
    m = b.expect("JOIN")
    t.eq(m.params[0], "#Room[x", "JOIN #ROOM{X joins #Room[x (as created)")
    b.expect("366")
    c.send("PRIVMSG #room{x :mapped")
    t.eq(c.expect_any(["404", "401", "403"]).command, "404",
         "#room{x is found (404 for a non-member of a +n room)")
    a.send("PRIVMSG BE\\E :to be|e")
    got = texts(settle(a, b)[1])
    t.ok(len(got) == 1 and got[0][1] == "to be|e" and
         got[0][0] in ("BE\\E", "be|e"), "PRIVMSG to BE\\E reaches be|e",
         got)
    for x in (a, b, c):
        x.close()


def syntax_tolerance():
    a = srv.client("spacey")
    b = srv.client("spacer")
    a.join("#sp")
    b.join("#sp")
    a.send("privmsg   #sp   :lower case and spaces")
    a.send("PRIVMSG #sp oneword")
    a.send("PRIVMSG #sp :\x01ACTION waves\x01")
    a.send("PRIVMSG #sp ::colon first")
    got = texts(settle(a, b)[1])
    t.eq(got, [("#sp", "lower case and spaces"), ("#sp", "oneword"),
               ("#sp", "\x01ACTION waves\x01"), ("#sp", ":colon first")],
         "lower-case command, extra spaces, no-colon trailing, CTCP, "
         "leading colon in the text")
    a.send_raw(b"PRIVMSG #sp :bare LF ending\n")
    t.eq(texts(settle(a, b)[1]), [("#sp", "bare LF ending")],
         "a line ending in a bare LF is accepted")
    a.close()
    b.close()


def cap_after_registration():
    a = srv.client("latecap")
    b = srv.client("latepeer")
    a.join("#lc")
    b.join("#lc")
    a.send("CAP REQ :echo-message")
    m = a.expect("CAP")
    t.eq(m.params[1:], ["ACK", "echo-message"], "CAP REQ after 001: ACK")
    a.send("PRIVMSG #lc :echoed now")
    m = a.expect("PRIVMSG")
    t.eq(m.last, "echoed now", "echo-message enabled after registration")
    a.send("CAP REQ :-echo-message")
    a.expect("CAP")
    a.send("PRIVMSG #lc :not echoed")
    t.eq(texts(a.sync()), [], "-echo-message disables it")
    t.eq([x[1] for x in texts(b.sync())], ["echoed now", "not echoed"],
         "the peer got both")
    a.close()
    b.close()


def targmax():
    a = srv.client("targ")
    rs = [srv.client("tg%d" % i) for i in range(5)]
    isupport = " ".join(m.raw for m in a.log if m.command == "005")
    tm = [x for x in isupport.split() if x.startswith("TARGMAX=")]
    limit = 4
    for part in (tm[0][8:].split(",") if tm else []):
        k, _, v = part.partition(":")
        if k == "PRIVMSG" and v:
            limit = int(v)
    names = ",".join("tg%d" % i for i in range(limit + 1))
    replies = a.replies("PRIVMSG %s :to many" % names)
    got = [bool(texts(r.sync())) for r in rs[:limit + 1]]
    served = sum(got)
    refused = [x for x in replies if x in ("407", "401", "481")]
    t.ok(served + len(refused) >= limit + 1 or
         (served == 0 and refused),
         "PRIVMSG to %d targets (TARGMAX %d): every target served or "
         "refused with a numeric" % (limit + 1, limit),
         "served %d, replies %s" % (served, replies))
    for x in [a] + rs:
        x.close()


def who():
    a = srv.client("whoa")
    b = srv.client("whob")
    a.join("#who")
    b.join("#who")
    b.send("AWAY :away")
    b.expect("306")
    replies = a.ask("WHO #who")
    flags = {m.params[5]: m.params[6] for m in replies
             if m.command == "352"}
    t.eq(flags, {"whoa": "H@", "whob": "G"},
         "WHO flags: H/G for here/away, @ for operator")
    star = [m.params[5] for m in a.ask("WHO *") if m.command == "352"]
    t.ok("whob" in star and "whoa" in star,
         "WHO * matches every visible user", star)
    some = [m.params[5] for m in a.ask("WHO who*") if m.command == "352"]
    t.eq(sorted(some), ["whoa", "whob"], "WHO with a wildcard mask")
    a.close()
    b.close()


def kicks_and_vanishing():
    op = srv.client("vop")
    x = srv.client("vx")
    y = srv.client("vy")
    for c in (op, x, y):
        c.join("#van")
    op.sync()
    op.send("KICK #van vx,vy :both")
    k = [m.params[1] for m in op.sync() if m.command == "KICK"]
    t.eq(sorted(k), ["vx", "vy"], "KICK of two nicks at once")
    op.send("KICK #van vop :myself")
    op.expect("KICK")
    lst = x.ask("LIST")
    t.ok(not any(m.command == "322" and m.params[1] == "#van" for m in lst),
         "kicking the last member makes the room vanish")
    x.join("#van")
    y.join("#van")
    x.send("QUIT")
    x.wait_closed()
    y.send("PART #van")
    y.expect("PART")
    lst = y.ask("LIST")
    t.ok(not any(m.command == "322" for m in lst if m.params[1] == "#van"),
         "QUIT then PART of the last: the room vanishes")
    z = srv.client("vz")
    z.join("#van")
    t.eq([m.last for m in z.log if m.command == "353"][-1], "@vz",
         "the next joiner is its operator")
    z.send("NICK vz2")
    z.expect("NICK")
    t.eq([e for m in z.ask("NAMES #van") if m.command == "353"
           for e in m.last.split()], ["@vz2"],
         "operator status kept across a nick change")
    for c in (op, y, z):
        c.close()


t.case("rfc1459 case mapping", casemapping)
t.case("syntax tolerance", syntax_tolerance)
t.case("CAP REQ after registration", cap_after_registration)
t.case("TARGMAX", targmax)
t.case("WHO", who)
t.case("KICK and vanishing rooms", kicks_and_vanishing)
t.done()
