# SPDX-License-Identifier: GPL-3.0-or-later
# Room features from the Modern IRC documents: ban exceptions +e
# (348/349, EXCEPTS), invite exceptions +I (346/347, INVEX), +C (no CTCP
# but ACTION), INVITE with no parameters (336/337), LIST filters as
# ELIST=CMNTU describes them, and NAMES with no channel.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, numerics, texts  # noqa: E402

t = Tap()
srv = t.server(sets={"flood_limit": 0})


def of(lines, code):
    return [m for m in lines if m.command == code]


def isupport():
    a = srv.client("isa")
    a.send("VERSION")
    tokens = []
    a.expect("351")
    for m in a.sync():
        if m.command == "005":
            tokens += m.params[1:-1]
    t.ok("EXCEPTS" in tokens, "005 EXCEPTS")
    t.ok("INVEX" in tokens, "005 INVEX")
    t.ok("ELIST=CMNTU" in tokens, "005 ELIST=CMNTU")
    modes = [x for x in tokens if x.startswith("CHANMODES=")]
    t.ok(modes and "e" in modes[0].split("=")[1].split(",")[0] and
         "I" in modes[0].split("=")[1].split(",")[0],
         "005 CHANMODES: e and I are list modes (type A)", modes)
    t.ok(modes and "C" in modes[0].split(",")[3],
         "005 CHANMODES: C is a flag (type D)", modes)
    a.close()


def ban_exceptions():
    op = srv.client("eop")
    op.join("#exc")
    op.send("MODE #exc +b *!*@*")
    op.expect("MODE", "#exc", "+b")
    op.send("MODE #exc +e friend!*@*")
    m = op.expect("MODE", "#exc", "+e")
    t.eq(m.params[2], "friend!*@*", "+e mask echoed to the room")
    got = op.ask("MODE #exc e")
    t.eq(numerics(got), ["348", "349"], "MODE #r e: 348 then 349")
    t.eq(got[0].params[1:3], ["#exc", "friend!*@*"],
         "348 <channel> <mask>")
    t.eq(got[1].last, "End of channel exception list", "349 text")
    t.eq(numerics(op.ask("MODE #exc +e")), ["348", "349"],
         "MODE #r +e without a mask: the list")
    stranger = srv.client("stranger")
    stranger.send("JOIN #exc")
    stranger.expect("474", None, "#exc")
    t.ok(True, "a banned user without exception: 474")
    friend = srv.client("friend")
    friend.join("#exc")
    t.ok(True, "a banned user matching +e joins")
    friend.send("PRIVMSG #exc :hello")
    op.expect("PRIVMSG", "#exc")
    t.ok(True, "and may speak")
    op.send("MODE #exc -e friend!*@*")
    op.expect("MODE", "#exc", "-e")
    got = friend.ask("PRIVMSG #exc :still here?")
    t.eq(numerics(got), ["404"], "-e: the ban holds again (404)")
    t.eq(numerics(op.ask("MODE #exc e")), ["349"], "the list is empty")
    stranger.send("MODE #exc +e x!*@*")
    stranger.expect("442")
    t.ok(True, "+e by a non-member: 442")
    friend.send("MODE #exc +e x!*@*")
    friend.expect("482")
    t.ok(True, "+e by a non-operator: 482")
    for c in (op, stranger, friend):
        c.close()


def invite_exceptions():
    op = srv.client("iop")
    op.join("#inv")
    op.send("MODE #inv +i")
    op.expect("MODE", "#inv", "+i")
    op.send("MODE #inv +I guest*!*@*")
    m = op.expect("MODE", "#inv", "+I")
    t.eq(m.params[2], "guest*!*@*", "+I mask echoed to the room")
    got = op.ask("MODE #inv I")
    t.eq(numerics(got), ["346", "347"], "MODE #r I: 346 then 347")
    t.eq(got[0].params[1:3], ["#inv", "guest*!*@*"], "346 <channel> <mask>")
    t.eq(got[1].last, "End of Channel Invite Exception List", "347 text")
    other = srv.client("other")
    other.send("JOIN #inv")
    other.expect("473", None, "#inv")
    t.ok(True, "+i without invite or +I match: 473")
    guest = srv.client("guest7")
    guest.join("#inv")
    t.ok(True, "a +I match joins a +i room without an invitation")
    op.send("MODE #inv -I guest*!*@*")
    op.expect("MODE", "#inv", "-I")
    t.eq(numerics(op.ask("MODE #inv I")), ["347"], "the +I list is empty")
    guest2 = srv.client("guest8")
    guest2.send("JOIN #inv")
    guest2.expect("473", None, "#inv")
    t.ok(True, "after -I: 473 again")
    for c in (op, other, guest, guest2):
        c.close()


def no_ctcp():
    op = srv.client("cop")
    op.join("#quiet")
    b = srv.client("cbob")
    b.join("#quiet")
    op.send("MODE #quiet +C")
    op.expect("MODE", "#quiet", "+C")
    b.sync()
    got = op.ask("MODE #quiet")
    t.ok("C" in of(got, "324")[0].params[2], "324 shows +C",
         of(got, "324")[0].raw)
    got = b.ask("PRIVMSG #quiet :\x01VERSION\x01")
    t.eq(numerics(got), ["404"], "+C: a CTCP VERSION is refused (404)")
    t.eq(texts(op.sync()), [], "and not delivered")
    got = b.ask("NOTICE #quiet :\x01PING 1\x01")
    t.eq(numerics(got), [], "+C: a CTCP in a NOTICE is dropped silently")
    b.send("PRIVMSG #quiet :\x01ACTION waves\x01")
    m = op.expect("PRIVMSG", "#quiet")
    t.eq(m.last, "\x01ACTION waves\x01", "+C: ACTION still goes through")
    b.send("PRIVMSG #quiet :plain text")
    t.eq(op.expect("PRIVMSG", "#quiet").last, "plain text",
         "+C: plain text goes through")
    # The dispatch fuzzer's finding: the +C check read a TAGMSG's missing
    # text (an uninitialised pointer) and the daemon crashed.
    got = b.ask("TAGMSG #quiet")
    t.eq(numerics(got), [], "+C: a TAGMSG (no text) is answered, no crash")
    got = b.ask("PRIVMSG #quiet :\x01ACTIONX\x01")
    t.eq(numerics(got), ["404"], "+C: ACTIONX is not ACTION")
    got = b.ask("PRIVMSG cop :\x01VERSION\x01")
    t.eq(numerics(got), [], "+C does not touch private CTCPs")
    op.send("MODE #quiet -C")
    op.expect("MODE", "#quiet", "-C")
    b.sync()
    b.send("PRIVMSG #quiet :\x01VERSION\x01")
    op.expect("PRIVMSG", "#quiet")
    t.ok(True, "-C: CTCPs pass again")
    op.close()
    b.close()


def invite_list():
    op = srv.client("vop")
    op.join("#va")
    op.join("#vb")
    v = srv.client("vic")
    got = v.ask("INVITE")
    t.eq(numerics(got), ["337"], "INVITE with no invitation: only 337")
    t.eq(got[0].last, "End of /INVITE list", "337 text")
    op.ask("INVITE vic #va")
    op.ask("INVITE vic #vb")
    v.expect("INVITE")
    v.expect("INVITE")
    got = v.ask("INVITE")
    t.eq(numerics(got), ["336", "336", "337"], "INVITE: 336 per room, 337")
    t.eq(sorted(m.params[1] for m in of(got, "336")), ["#va", "#vb"],
         "336 <client> <channel>")
    v.join("#va")
    got = v.ask("INVITE")
    t.eq([m.params[1] for m in of(got, "336")], ["#vb"],
         "a used invitation leaves the list")
    t.eq(numerics(v.ask("INVITE vop")), ["461"],
         "INVITE with one parameter: 461")
    op.close()
    v.close()


def listed(c, line):
    got = c.ask(line)
    t.ok(numerics(got)[-1:] == ["323"], "%s ends with 323" % line)
    return sorted(m.params[1] for m in of(got, "322"))


def list_filters():
    a = srv.client("lista")
    b = srv.client("listb")
    c = srv.client("listc")
    a.join("#lf-big")
    b.join("#lf-big")
    c.join("#lf-big")
    a.join("#lf-two")
    b.join("#lf-two")
    a.join("#lf-one")
    a.ask("TOPIC #lf-two :a topic")
    t.eq(listed(a, "LIST #lf-*"), ["#lf-big", "#lf-one", "#lf-two"],
         "LIST mask (M)")
    t.eq(listed(a, "LIST #lf-*,!*big"), ["#lf-one", "#lf-two"],
         "LIST !mask leaves rooms out (N)")
    t.eq(listed(a, "LIST #LF-O*"), ["#lf-one"], "masks ignore case")
    t.eq(listed(a, "LIST #lf-*,>1"), ["#lf-big", "#lf-two"],
         "LIST >1: more than one user (U)")
    t.eq(listed(a, "LIST #lf-*,<3"), ["#lf-one", "#lf-two"],
         "LIST <3: fewer than three users (U)")
    t.eq(listed(a, "LIST #lf-* >2"), ["#lf-big"],
         "conditions in the second parameter")
    t.eq(listed(a, "LIST #lf-*,C<60"), ["#lf-big", "#lf-one", "#lf-two"],
         "LIST C<60: created less than an hour ago (C)")
    t.eq(listed(a, "LIST #lf-*,C>60"), [],
         "LIST C>60: none created more than an hour ago (C)")
    t.eq(listed(a, "LIST #lf-*,T<60"), ["#lf-two"],
         "LIST T<60: topic set less than an hour ago (T)")
    t.eq(listed(a, "LIST #lf-*,T>60"), [],
         "LIST T>60: no topic older than an hour (T)")
    # More minutes than a long long holds as seconds (found by the sasl
    # fuzzer: the multiplication overflowed).
    t.eq(listed(a, "LIST #lf-*,C<99999999999999999999"),
         ["#lf-big", "#lf-one", "#lf-two"],
         "LIST C<huge: every room is younger than that")
    t.eq(listed(a, "LIST #lf-*,T>153722867280912930"), [],
         "LIST T>huge: no topic is older than that")
    t.eq(listed(a, "LIST #lf-one,#lf-two"), ["#lf-one", "#lf-two"],
         "LIST of room names still works")
    t.eq(listed(a, "LIST #lf-one,#lf-two,>1"), ["#lf-two"],
         "room names and a condition")
    every = listed(a, "LIST")
    t.ok({"#lf-big", "#lf-one", "#lf-two"} <= set(every),
         "LIST without parameters: every room")
    t.eq(listed(a, "LIST >2"), ["#lf-big"], "LIST >2 alone (Modern example)")
    got = a.ask("LIST #lf-*")
    row = [m for m in of(got, "322") if m.params[1] == "#lf-two"][0]
    t.eq(row.params[2:], ["2", "a topic"], "322 <channel> <count> :<topic>")
    for x in (a, b, c):
        x.close()


def names_no_target():
    a = srv.client("nat")
    a.join("#nn")
    got = a.ask("NAMES")
    # Modern IRC: a NAMES without a channel is answered as for a channel
    # that cannot be shown: one RPL_ENDOFNAMES, here with "*".
    t.eq([(m.command, m.params[1]) for m in got], [("366", "*")],
         "NAMES with no channel: one 366 *")
    got = a.ask("NAMES #nn")
    t.eq(numerics(got), ["353", "366"], "NAMES #room: 353 and 366")
    a.close()


t.case("005 tokens", isupport)
t.case("+e ban exceptions", ban_exceptions)
t.case("+I invite exceptions", invite_exceptions)
t.case("+C", no_ctcp)
t.case("INVITE list", invite_list)
t.case("LIST filters", list_filters)
t.case("NAMES without a channel", names_no_target)
t.done()
