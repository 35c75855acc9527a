# SPDX-License-Identifier: GPL-3.0-or-later
# Registration against the real tui-chatd: CAP LS 302/REQ/END, the exact
# 001-005 burst, MOTD or 422, PASS, nick errors, 451/421/461/462 and the
# registration timeout.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Client, Tap, numerics  # noqa: E402

CAPS = ["server-time", "message-tags", "echo-message", "multi-prefix",
        "away-notify", "userhost-in-names"]

t = Tap()
srv = t.server(sets={"motd": "Welcome to the test LAN"})


def cap_negotiation():
    c = Client(srv.port, name="capper")
    c.send("CAP LS 302")
    c.send("NICK capper")
    c.send("USER capper 0 * :Cap Per")
    ls = c.expect("CAP", None, "LS")
    offered = set()
    # A multi-line LS has "*" before the list; collect until the last one.
    while True:
        offered |= set(w.split("=", 1)[0] for w in ls.last.split())
        if len(ls.params) >= 4 and ls.params[2] == "*":
            ls = c.expect("CAP", None, "LS")
            continue
        break
    t.ok(all(cap in offered for cap in CAPS),
         "CAP LS 302 offers %s" % " ".join(CAPS),
         "offered: %s" % sorted(offered))
    c.send("CAP REQ :" + " ".join(CAPS))
    ack = c.expect("CAP")
    t.eq((ack.params[1], sorted(ack.last.split())), ("ACK", sorted(CAPS)),
         "CAP REQ of every capability is ACKed at once")
    t.ok("001" not in numerics(c.log),
         "registration waits for CAP END")
    c.send("CAP REQ :no-such-cap")
    nak = c.expect("CAP")
    t.eq(nak.params[1:], ["NAK", "no-such-cap"], "unknown capability NAKed")
    c.send("CAP END")
    c.expect("001")
    c.expect_any(["376", "422"])
    nums = [n for n in numerics(c.log) if n < "006"]
    t.ok(nums[:4] == ["001", "002", "003", "004"] and
         set(nums[4:]) == {"005"}, "001-004 once each, then 005 line(s)",
         "got %s" % nums)
    c.send("CAP LIST")
    lst = c.expect("CAP", None, "LIST")
    # CAP LS 302 enabled cap-notify implicitly; the server MAY list it.
    t.eq(sorted(set(lst.last.split()) - {"cap-notify"}), sorted(CAPS),
         "CAP LIST shows the enabled capabilities")
    c.close()


def burst_contents():
    c = Client(srv.port, name="bursty")
    c.register("bursty")
    by = {}
    for m in c.log:
        by.setdefault(m.command, []).append(m)
    w = by["001"][0]
    t.eq(w.params[0], "bursty", "001 is addressed to the new nick")
    t.ok("bursty" in w.last, "001 text names the user", w.raw)
    t.ok(len(by["004"][0].params) >= 5,
         "004 has servername, version, user modes, room modes",
         by["004"][0].raw)
    isupport = {}
    for m in by.get("005", []):
        t.ok(m.last == "are supported by this server",
             "005 ends in 'are supported by this server'", m.raw)
        for tok in m.params[1:-1]:
            k, _, v = tok.partition("=")
            isupport[k] = v
    t.eq(isupport.get("NICKLEN"), "30", "005 NICKLEN=30")
    t.eq(isupport.get("CHANNELLEN"), "50", "005 CHANNELLEN=50")
    t.ok(isupport.get("CHANTYPES", "").startswith("#"), "005 CHANTYPES=#",
         str(isupport))
    t.ok(isupport.get("PREFIX", "").startswith("(ov)@+"),
         "005 PREFIX=(ov)@+", str(isupport))
    t.ok(isupport.get("CASEMAPPING") in ("rfc1459", "ascii",
                                         "strict-rfc1459"),
         "005 CASEMAPPING announced", str(isupport))
    t.ok("375" in by and "376" in by and "372" in by,
         "MOTD (375, 372, 376) sent when one is configured")
    motd = " ".join(m.last for m in by.get("372", []))
    t.ok("Welcome to the test LAN" in motd, "MOTD text is the configured one",
         motd)
    c.send("MOTD")
    c.expect("375")
    c.expect("376")
    t.ok(True, "MOTD command repeats the MOTD")
    c.close()


def no_motd():
    s2 = t.server()
    c = Client(s2.port)
    end = c.register("nomotd")[-1]
    t.eq(end.command, "422", "no MOTD configured: 422 ends the burst")
    c.send("MOTD")
    c.expect("422")
    c.close()
    s2.stop()


def password():
    s3 = t.server(sets={"password": "sekrit"})
    good = Client(s3.port)
    good.register("goodpass", password="sekrit")
    t.ok(True, "PASS with the right password registers")
    good.close()
    bad = Client(s3.port)
    bad.send("PASS wrong")
    bad.send("NICK badpass")
    bad.send("USER badpass 0 * :x")
    lines = bad.wait_closed()
    t.ok("464" in numerics(lines), "wrong PASS: 464",
         [m.raw for m in lines])
    t.ok("001" not in numerics(lines), "wrong PASS: never 001")
    none = Client(s3.port)
    none.send("NICK nopass")
    none.send("USER nopass 0 * :x")
    lines = none.wait_closed()
    t.ok("001" not in numerics(lines) and "464" in numerics(lines),
         "no PASS on a server with a password: 464, closed, never 001",
         [m.raw for m in lines])
    late = Client(s3.port)
    late.register("latepass", password="sekrit")
    late.send("PASS sekrit")
    late.expect("462")
    t.ok(True, "PASS after registration: 462")
    late.close()
    s3.stop()


def nick_errors():
    a = Client(srv.port)
    a.register("taken")
    b = Client(srv.port)
    b.send("NICK TAKEN")
    m = b.expect("433")
    t.eq(m.params[1].lower(), "taken",
         "NICK in use (other case): 433 names it")
    b.send("NICK 9bad")
    b.expect("432")
    t.ok(True, "NICK starting with a digit: 432")
    b.send("NICK bad,nick")
    b.expect("432")
    t.ok(True, "NICK with a comma: 432")
    b.send("NICK")
    b.expect("431")
    t.ok(True, "NICK without a parameter: 431")
    b.send("PRIVMSG taken :hello")
    b.expect("451")
    t.ok(True, "PRIVMSG before registration: 451")
    b.send("USER x")
    b.expect("461", None, "USER")
    t.ok(True, "USER with too few parameters: 461")
    b.register("untaken")
    b.send("USER again 0 * :again")
    b.expect("462")
    t.ok(True, "USER after registration: 462")
    b.send("FOOBAR baz")
    m = b.expect("421")
    t.eq(m.params[1].upper(), "FOOBAR", "unknown command: 421 names it")
    for cmd in ("JOIN", "PART", "TOPIC", "KICK #x", "MODE", "INVITE bob",
                "WHOIS", "ISON", "USERHOST", "NICK"):
        b.send(cmd)
        want = "431" if cmd == "NICK" else "461"
        m = b.expect_any([want, "421", "401", "403", "431"])
        t.eq(m.command, want, "%r alone: %s" % (cmd, want))
    b.send("PRIVMSG")
    t.eq(b.expect_any(["411", "461"]).command, "411",
         "PRIVMSG without target: 411")
    b.send("PRIVMSG taken")
    t.eq(b.expect_any(["412", "461"]).command, "412",
         "PRIVMSG without text: 412")
    b.send("PING")
    t.ok(b.expect_any(["409", "461"]) is not None, "PING alone: 409/461")
    b.send("PING :tok en")
    m = b.expect("PONG")
    t.eq(m.last, "tok en", "PING: PONG echoes the token")
    t.ok(b.is_open() and a.is_open(), "connections live after errors")
    a.close()
    b.close()


def reg_timeout():
    s4 = t.server(sets={"reg_timeout": 1})
    idle = Client(s4.port)
    half = Client(s4.port)
    half.send("NICK halfway")
    ok = Client(s4.port)
    ok.register("finished")
    idle.wait_closed(timeout=15)
    half.wait_closed(timeout=15)
    t.ok(True, "silent and half-registered connections closed at reg_timeout")
    t.ok(ok.is_open(), "the registered client is still connected")
    ok.send("PING :still")
    ok.expect("PONG")
    ok.close()
    s4.stop()


t.case("CAP negotiation", cap_negotiation)
t.case("registration burst", burst_contents)
t.case("422 without MOTD", no_motd)
t.case("server password", password)
t.case("nick and command errors", nick_errors)
t.case("registration timeout", reg_timeout)
t.done()
