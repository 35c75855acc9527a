# SPDX-License-Identifier: GPL-3.0-or-later
# History on the wire: msgid on relayed messages, every CHATHISTORY
# subcommand and error code, batch framing with and without the batch cap,
# labeled-response (ACK, one line, a batch, the chathistory batch itself),
# draft/event-playback, and who may read which history (non-members, +k
# and +i rooms, private messages without accounts).
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap  # noqa: E402

FULL = ("message-tags", "server-time", "batch", "labeled-response",
        "draft/chathistory", "echo-message")

t = Tap()
srv = t.server(sets={"flood_limit": 0})


def batch(c, line):
    """Send a CHATHISTORY line; return (batch start, lines in it)."""
    got = c.ask(line)
    starts = [m for m in got if m.command == "BATCH" and
              m.params[0].startswith("+")]
    if len(starts) != 1:
        raise AssertionError("no single batch start in %r" %
                             [m.raw for m in got])
    ref = starts[0].params[0][1:]
    inside = [m for m in got if m.tags.get("batch") == ref]
    ends = [m for m in got if m.command == "BATCH" and
            m.params[0] == "-" + ref]
    if len(ends) != 1:
        raise AssertionError("batch %s not closed: %r" %
                             (ref, [m.raw for m in got]))
    return starts[0], inside


def fails(c, line):
    """The FAIL lines of a command's answer, as (code, params...)."""
    return [tuple(m.params[1:]) for m in c.ask(line) if m.command == "FAIL"]


alice = srv.client("alice", caps=FULL + ("draft/event-playback",))
bob = srv.client("bob", caps=FULL)
plain = srv.client("plain")
alice.join("#h")
bob.join("#h")
plain.join("#h")
alice.sync()
bob.sync()
plain.sync()
for i in range(20):
    alice.send("PRIVMSG #h :line %d" % i)
relayed = [bob.expect("PRIVMSG", "#h") for _ in range(20)]
ids = [m.tags.get("msgid") for m in relayed]
plain.sync()
alice.sync()


def caps_and_isupport():
    c = srv.client()
    c.send("CAP LS 302")
    ls = c.expect("CAP", None, "LS").last.split()
    for cap in ("batch", "labeled-response", "draft/chathistory",
                "draft/event-playback", "message-tags"):
        t.ok(cap in ls, "CAP LS offers " + cap)
    burst = srv.client("isup").sync()
    tokens = [p for m in burst if m.command == "005" for p in m.params]
    t.ok("CHATHISTORY=1000" in tokens, "005 CHATHISTORY=1000")
    t.ok("MSGREFTYPES=timestamp,msgid" in tokens,
         "005 MSGREFTYPES=timestamp,msgid")


def msgids():
    t.ok(all(ids), "every relayed PRIVMSG carries a msgid")
    t.eq(len(set(ids)), len(ids), "msgids are unique")
    t.ok(all(len(i) <= 32 for i in ids), "msgids fit 32 bytes")
    raw = [m.raw for m in plain.log if m.command == "PRIVMSG"]
    t.ok(raw and not any(r.startswith("@") for r in raw),
         "a client without message-tags gets no tags")
    echo = [m for m in alice.log if m.command == "PRIVMSG"]
    t.eq([m.tags.get("msgid") for m in echo], ids,
         "the echo carries the same msgids")


def subcommands():
    start, lines = batch(bob, "CHATHISTORY LATEST #h * 5")
    t.eq(start.params[1:], ["chathistory", "#h"],
         "LATEST: a chathistory batch for #h")
    t.eq([m.last for m in lines], ["line %d" % i for i in range(15, 20)],
         "LATEST * 5: the newest five, oldest first")
    t.ok(all("time" in m.tags and "msgid" in m.tags for m in lines),
         "replayed lines carry time and msgid")
    t.eq([m.tags["msgid"] for m in lines], ids[15:],
         "replayed msgids are the ones relayed")
    _, lines = batch(bob, "CHATHISTORY LATEST #h msgid=%s 100" % ids[17])
    t.eq([m.last for m in lines], ["line 18", "line 19"],
         "LATEST msgid=: only what came after it")
    _, lines = batch(bob, "CHATHISTORY BEFORE #h msgid=%s 3" % ids[10])
    t.eq([m.last for m in lines], ["line 7", "line 8", "line 9"],
         "BEFORE msgid= 3")
    _, lines = batch(bob, "CHATHISTORY AFTER #h msgid=%s 2" % ids[10])
    t.eq([m.last for m in lines], ["line 11", "line 12"], "AFTER msgid= 2")
    _, lines = batch(bob, "CHATHISTORY AFTER #h "
                     "timestamp=2000-01-01T00:00:00.000Z 3")
    t.eq([m.last for m in lines], ["line 0", "line 1", "line 2"],
         "AFTER timestamp= 3: the oldest three")
    _, lines = batch(bob, "CHATHISTORY BEFORE #h "
                     "timestamp=2100-01-01T00:00:00.000Z 2")
    t.eq([m.last for m in lines], ["line 18", "line 19"],
         "BEFORE timestamp= 2: the newest two")
    _, lines = batch(bob, "CHATHISTORY AROUND #h msgid=%s 5" % ids[10])
    got = [m.last for m in lines]
    t.ok("line 10" in got and len(got) == 5 and got == sorted(
        got, key=lambda s: int(s.split()[1])),
        "AROUND msgid= 5: five lines around and including it (%s)" % got)
    _, lines = batch(bob, "CHATHISTORY BETWEEN #h msgid=%s msgid=%s 100" %
                     (ids[3], ids[8]))
    t.eq([m.last for m in lines], ["line %d" % i for i in range(4, 8)],
         "BETWEEN forwards excludes both ends")
    _, lines = batch(bob, "CHATHISTORY BETWEEN #h msgid=%s msgid=%s 2" %
                     (ids[8], ids[3]))
    t.eq([m.last for m in lines], ["line 6", "line 7"],
         "BETWEEN backwards counts from the first selector")
    start, lines = batch(bob, "CHATHISTORY TARGETS "
                         "timestamp=2000-01-01T00:00:00.000Z "
                         "timestamp=2100-01-01T00:00:00.000Z 10")
    t.eq(start.params[1:], ["draft/chathistory-targets"],
         "TARGETS: a draft/chathistory-targets batch")
    t.eq([m.params[1:2] for m in lines], [["#h"]], "TARGETS lists #h")
    _, lines = batch(bob, "CHATHISTORY LATEST #h msgid=unknownid 10")
    t.eq(lines, [], "an unknown msgid gives an empty batch")


def errors():
    t.eq(fails(bob, "CHATHISTORY"),
         [("NEED_MORE_PARAMS", "Insufficient parameters")],
         "no parameters: FAIL NEED_MORE_PARAMS")
    t.eq(fails(bob, "CHATHISTORY FROB #h * 10"),
         [("INVALID_PARAMS", "FROB", "Unknown command")],
         "unknown subcommand: FAIL INVALID_PARAMS")
    t.eq(fails(bob, "CHATHISTORY LATEST #h *"),
         [("INVALID_PARAMS", "LATEST", "Insufficient parameters")],
         "too few: FAIL INVALID_PARAMS")
    t.eq(fails(bob, "CHATHISTORY LATEST #h * 10 11"),
         [("INVALID_PARAMS", "LATEST", "Too many parameters")],
         "too many: FAIL INVALID_PARAMS")
    # A trailing parameter echoed as a middle one would have split into
    # several (found by the chathistory fuzzer): it comes back as "*".
    t.eq(fails(bob, "CHATHISTORY :FROB x :y z"),
         [("INVALID_PARAMS", "*", "Unknown command")],
         "a subcommand with spaces is echoed as *")
    t.eq(fails(bob, "CHATHISTORY :"),
         [("INVALID_PARAMS", "*", "Unknown command")],
         "an empty subcommand is echoed as *")
    t.eq(fails(bob, "CHATHISTORY LATEST #h * :1 0"),
         [("INVALID_PARAMS", "LATEST", "*", "Invalid parameters")],
         "a limit with a space is echoed as *")
    for bad in ("BEFORE #h * 10", "BEFORE #h timestamp=yesterday 10",
                "LATEST #h * zero", "LATEST #h * 0", "AFTER #h id=1 10",
                "TARGETS msgid=x timestamp=2000-01-01T00:00:00.000Z 5"):
        t.eq([f[0] for f in fails(bob, "CHATHISTORY " + bad)],
             ["INVALID_PARAMS"], "FAIL INVALID_PARAMS for " + bad)
    t.eq(fails(bob, "CHATHISTORY LATEST #nosuchroom * 10"),
         [("INVALID_TARGET", "LATEST", "#nosuchroom",
           "Messages could not be retrieved")],
         "no such room: FAIL INVALID_TARGET")
    t.eq([f[0] for f in fails(bob, "CHATHISTORY LATEST alice * 10")],
         ["INVALID_TARGET"], "private history without accounts: "
         "FAIL INVALID_TARGET (none is stored)")


def framing_without_batch():
    got = plain.ask("CHATHISTORY LATEST #h * 3")
    t.eq([m.command for m in got], ["PRIVMSG"] * 3,
         "without batch: the lines alone, no BATCH")
    t.ok(not any(m.raw.startswith("@") for m in got),
         "without message-tags: no tags at all")


def labels():
    got = bob.ask("@label=a1 PING x")
    t.ok(len(got) == 1 and got[0].tags.get("label") == "a1" and
         got[0].command == "PONG", "one reply line carries the label")
    got = bob.ask("@label=a2 PONG x")
    t.ok(len(got) == 1 and got[0].command == "ACK" and
         got[0].tags.get("label") == "a2", "no reply: a labeled ACK")
    got = bob.ask("@label=a3 NAMES #h")
    t.ok(got[0].command == "BATCH" and got[0].tags.get("label") == "a3"
         and got[0].params[1] == "labeled-response" and
         got[-1].command == "BATCH" and got[-1].params[0] ==
         "-" + got[0].params[0][1:] and
         all(m.tags.get("batch") == got[0].params[0][1:]
             for m in got[1:-1]),
         "several lines: one labeled-response batch")
    got = bob.ask("@label=a4 CHATHISTORY LATEST #h * 2")
    t.ok(got[0].command == "BATCH" and got[0].tags.get("label") == "a4" and
         got[0].params[1] == "chathistory" and
         sum(1 for m in got if "label" in m.tags) == 1,
         "CHATHISTORY: the label is on the chathistory batch itself")
    got = bob.ask("@label=a5 CHATHISTORY LATEST #nope * 2")
    t.ok(len(got) == 1 and got[0].command == "FAIL" and
         got[0].tags.get("label") == "a5", "a labeled FAIL")
    got = alice.ask("@label=a6 PRIVMSG #h :echoed")
    t.ok(len(got) == 1 and got[0].tags.get("label") == "a6" and
         got[0].command == "PRIVMSG", "echo-message: the echo is labeled")
    m = bob.expect("PRIVMSG", "#h")
    t.ok("label" not in m.tags, "the others get no label")
    got = plain.ask("@label=a7 PING y")
    t.ok("label" not in got[0].tags, "no label without the capability")


def events():
    alice.send("TOPIC #h :a topic")
    alice.expect("TOPIC")
    bob.sync()
    _, mine = batch(alice, "CHATHISTORY LATEST #h * 1000")
    kinds = set(m.command for m in mine)
    t.ok({"JOIN", "TOPIC", "PRIVMSG"} <= kinds,
         "event-playback: JOIN and TOPIC replayed (%s)" % sorted(kinds))
    _, theirs = batch(bob, "CHATHISTORY LATEST #h * 1000")
    t.eq(set(m.command for m in theirs), {"PRIVMSG"},
         "without event-playback: PRIVMSG and NOTICE only")


def access():
    out = srv.client("outsider", caps=FULL)
    t.eq([f[0] for f in fails(out, "CHATHISTORY LATEST #h * 10")],
         ["INVALID_TARGET"], "a non-member gets FAIL INVALID_TARGET")
    _, lines = batch(out, "CHATHISTORY TARGETS "
                     "timestamp=2000-01-01T00:00:00.000Z "
                     "timestamp=2100-01-01T00:00:00.000Z 10")
    t.eq(lines, [], "TARGETS lists nothing of rooms one is not in")
    op = srv.client("keyop", caps=FULL)
    op.join("#locked")
    op.send("MODE #locked +k sesame")
    op.expect("MODE")
    op.send("PRIVMSG #locked :SECRET-K")
    op.sync()
    t.eq([f[0] for f in fails(out, "CHATHISTORY LATEST #locked * 10")],
         ["INVALID_TARGET"], "+k room: no history for a non-member")
    out.send("JOIN #locked")
    out.expect("475")
    t.eq([f[0] for f in fails(out, "CHATHISTORY BEFORE #locked "
                              "timestamp=2100-01-01T00:00:00.000Z 10")],
         ["INVALID_TARGET"], "+k room: still none after a refused JOIN")
    op.send("PART #locked")
    op.expect("PART")
    out.send("JOIN #locked")
    out.expect("475")
    t.ok(out.ask("JOIN #locked sesame")[0].command == "JOIN",
         "a recreated +k room still wants its key")
    _, lines = batch(out, "CHATHISTORY LATEST #locked * 10")
    t.eq([m.last for m in lines], ["SECRET-K"],
         "with the key, the member reads the history")
    inv = srv.client("invop", caps=FULL)
    inv.join("#inv")
    inv.send("MODE #inv +i")
    inv.expect("MODE")
    inv.send("PRIVMSG #inv :SECRET-I")
    inv.sync()
    t.eq([f[0] for f in fails(out, "CHATHISTORY LATEST #inv * 10")],
         ["INVALID_TARGET"], "+i room: no history for a non-member")
    inv.send("PART #inv")
    inv.expect("PART")
    out.join("#inv")
    _, lines = batch(out, "CHATHISTORY LATEST #inv * 10")
    t.ok(not any("SECRET-I" in m.raw for m in lines),
         "a +i room recreated by an outsider keeps its old history sealed")
    leaked = [m.raw for m in out.log if "SECRET" in m.raw and
              "#locked" not in m.raw]
    t.eq(leaked, [], "no secret reached the outsider otherwise")


def with_account(nick, pw):
    """A client that registered an account (REGISTER before connecting)."""
    c = srv.client()
    c.send("CAP LS 302")
    c.send("NICK " + nick)
    c.send("USER %s 0 * :%s" % (nick, nick))
    c.expect("CAP", None, "LS")
    c.send("CAP REQ :" + " ".join(FULL))
    c.expect("CAP", None, "ACK")
    c.send("REGISTER * * :" + pw)
    c.expect("900")
    c.send("CAP END")
    c.expect_any(["376", "422"])
    c.nick = c.name = nick
    return c


def private():
    """Private history: kept for two account holders, for them alone."""
    d1 = with_account("dmone", "first secret 41x")
    d2 = with_account("dmtwo", "second secret 42y")
    d1.send("PRIVMSG dmtwo :DM-SECRET between accounts")
    d2.expect("PRIVMSG")
    d1.sync()
    _, lines = batch(d1, "CHATHISTORY LATEST dmtwo * 10")
    t.eq([m.last for m in lines], ["DM-SECRET between accounts"],
         "an account holder reads the conversation with another")
    start, lines = batch(d2, "CHATHISTORY LATEST dmone * 10")
    t.ok(start.params[2] == "dmone" and [m.last for m in lines] ==
         ["DM-SECRET between accounts"], "the other side reads the same")
    _, lines = batch(d2, "CHATHISTORY TARGETS "
                     "timestamp=2000-01-01T00:00:00.000Z "
                     "timestamp=2100-01-01T00:00:00.000Z 10")
    t.ok(["dmone"] in [m.params[1:2] for m in lines],
         "TARGETS lists the conversation")
    d3 = with_account("dmthree", "third secret 43z")
    _, lines = batch(d3, "CHATHISTORY LATEST dmone * 10")
    t.eq(lines, [], "a third account holder gets only its own (empty) "
         "conversation")
    leaked = [m.raw for c in (d3, plain, alice, bob) for m in c.log
              if "DM-SECRET" in m.raw]
    t.eq(leaked, [], "nobody else saw the private line")


def third_party():
    """What senpai/gamja do at connect: CAP LS 302, REQ, LATEST per room,
    TARGETS; parsed the way such a client does (batch by reference)."""
    c = srv.client()
    c.send("CAP LS 302")
    c.send("NICK tpc")
    c.send("USER tpc 0 * :third party")
    offered = c.expect("CAP", None, "LS").last.split()
    want = [x for x in ("batch", "draft/chathistory", "labeled-response",
                        "message-tags", "server-time") if x in offered]
    c.send("CAP REQ :" + " ".join(want))
    t.eq(c.expect("CAP").params[1], "ACK", "third party: CAP REQ ACKed")
    c.send("CAP END")
    c.expect_any(["376", "422"])
    c.join("#h")
    c.send("@label=hist1 CHATHISTORY LATEST #h * 50")
    start = c.wait_for(lambda m: m.command == "BATCH" and
                       m.tags.get("label") == "hist1")
    ref = start.params[0][1:]
    end = c.wait_for(lambda m: m.command == "BATCH" and
                     m.params[0] == "-" + ref)
    body = [m for m in c.log if m.tags.get("batch") == ref]
    t.ok(end and len(body) >= 20 and all(m.command == "PRIVMSG" for m in
                                         body),
         "third party: the history batch parses (%d lines)" % len(body))


t.case("caps and 005", caps_and_isupport)
t.case("msgids", msgids)
t.case("subcommands", subcommands)
t.case("errors", errors)
t.case("framing without batch", framing_without_batch)
t.case("labeled-response", labels)
t.case("event-playback", events)
t.case("access", access)
t.case("private history", private)
t.case("third-party session", third_party)
t.done()
