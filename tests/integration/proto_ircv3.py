# SPDX-License-Identifier: GPL-3.0-or-later
# IRCv3 setname, chghost (the +x cloak), invite-notify, bot-mode,
# message-tags size limits and client-only tag relay, and STATUSMSG, each
# case written from the specification's wording, against the real
# tui-chatd.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, settle  # noqa: E402

t = Tap()
srv = t.server(sets={"flood_limit": 0, "max_per_ip": 0})


def of(lines, command):
    return [m for m in lines if m.command == command]


def setname():
    me = srv.client("namer", caps=["setname"])
    mate = srv.client("namemate", caps=["setname"])
    old = srv.client("nameold")
    for c in (me, mate, old):
        c.join("#names")
    settle(me, mate, old)
    me.send("SETNAME :Bruce Wayne <bruce@wayne.example>")
    a, b, c = settle(me, mate, old)
    t.eq([(m.nick, m.last) for m in of(a, "SETNAME")],
         [("namer", "Bruce Wayne <bruce@wayne.example>")],
         "the originator gets SETNAME as confirmation")
    t.eq(len(of(b, "SETNAME")), 1, "a co-member with setname gets it")
    t.eq(of(c, "SETNAME"), [], "\"MUST NOT be sent to clients which do not "
         "have the setname capability\"")
    got = old.ask("WHOIS namer")
    t.eq([m.last for m in of(got, "311")],
         ["Bruce Wayne <bruce@wayne.example>"], "WHOIS shows the new name")
    got = me.ask("SETNAME :" + "x" * 101)
    t.eq([m.params for m in of(got, "FAIL")],
         [["SETNAME", "INVALID_REALNAME", "Realname is not valid"]],
         "over NAMELEN=100: FAIL SETNAME INVALID_REALNAME")
    got = old.ask("SETNAME :quiet change")
    t.eq([m.command for m in got], [],
         "without the capability: handled silently")
    got = me.ask("WHOIS nameold")
    t.eq([m.last for m in of(got, "311")], ["quiet change"],
         "...but applied")
    for c in (me, mate, old):
        c.close()


def chghost():
    x = srv.client("cloaked", caps=["chghost"])
    cap = srv.client("hostcap", caps=["chghost"])
    old = srv.client("hostold")
    x.join("#host")
    cap.join("#host")
    old.join("#host")
    x.send("MODE #host +v cloaked")
    settle(x, cap, old)
    x.send("MODE cloaked +x")
    a, b, c = settle(x, cap, old)
    chg = of(b, "CHGHOST")
    t.ok(len(chg) == 1 and chg[0].source == "cloaked!cloaked@127.0.0.1" and
         chg[0].params[0] == "cloaked" and
         chg[0].params[1].endswith(".cloak") and
         "127.0.0.1" not in chg[0].params[1],
         "+x: :nick!old_user@old_host CHGHOST new_user new_host to a "
         "co-member with chghost", [m.raw for m in chg])
    t.eq(len(of(a, "CHGHOST")), 1, "the user itself gets CHGHOST too")
    t.eq([m.command for m in c if m.command in ("QUIT", "JOIN", "MODE")],
         ["QUIT", "JOIN", "MODE"], "without chghost: the fallback QUIT, "
         "JOIN and MODE")
    t.ok(of(c, "QUIT")[0].nick == "cloaked" and
         of(c, "JOIN")[0].source.endswith(chg[0].params[1] if chg else "-")
         and of(c, "MODE")[0].params[1:] == ["+ov", "cloaked", "cloaked"],
         "the fallback JOIN has the new host, MODE restores +o and +v",
         [m.raw for m in c])
    host = chg[0].params[1] if chg else ""
    again = srv.client("cloak2")
    again.send("MODE cloak2 +x")
    m = again.expect("MODE")
    settle(again)
    got = again.ask("WHO cloak2 %h")
    t.eq([m.last for m in of(got, "354")], [host],
         "the cloak is the same for the same address")
    x.send("MODE cloaked -x")
    b = settle(x, cap)[1]
    t.eq([m.params for m in of(b, "CHGHOST")], [["cloaked", "127.0.0.1"]],
         "-x: the address comes back")
    for c in (x, cap, old, again):
        c.close()


def invite_notify():
    op = srv.client("invop")
    seen = srv.client("invseen", caps=["invite-notify"])
    blind = srv.client("invblind")
    guest = srv.client("invguest")
    for c in (op, seen, blind):
        c.join("#inv")
    settle(op, seen, blind)
    op.send("INVITE invguest #inv")
    o, s, b, g = settle(op, seen, blind, guest)
    t.eq([m.raw.split(" ", 1)[1] for m in of(s, "INVITE")],
         ["INVITE invguest #inv"],
         ":<inviter> INVITE <target> <channel> to a member with "
         "invite-notify")
    t.eq([m.nick for m in of(s, "INVITE")], ["invop"], "its source is the "
         "inviter")
    t.eq(of(b, "INVITE"), [], "not to a member without the capability")
    t.eq(len(of(g, "INVITE")), 1, "the invitee gets its INVITE")
    op.send("MODE #inv +i")
    settle(op, seen)
    op.send("INVITE invguest #inv")
    s = settle(op, seen)[1]
    t.eq(of(s, "INVITE"), [], "+i: only those who could invite (operators) "
         "hear of it")
    for c in (op, seen, blind, guest):
        c.close()


def bot():
    b = srv.client("robot", caps=["message-tags"])
    tagged = srv.client("tagged", caps=["message-tags"])
    plain = srv.client("untagged")
    for c in (b, tagged, plain):
        c.join("#bots")
    got = b.ask("MODE robot +B")
    t.eq([m.params for m in of(got, "MODE")], [["robot", "+B"]],
         "MODE nick +B is echoed")
    settle(b, tagged, plain)
    b.send("@+example.org/x=1 PRIVMSG #bots :beep")
    _, tg, pl = settle(b, tagged, plain)
    msg = of(tg, "PRIVMSG")
    t.ok(msg and "bot" in msg[0].tags and msg[0].tags["bot"] == "" and
         msg[0].tags.get("+example.org/x") == "1" and
         msg[0].raw.index("bot") < msg[0].raw.index("+example.org"),
         "the bot tag, without a value, before the client-only tags",
         [m.raw for m in msg])
    t.ok(of(pl, "PRIVMSG") and of(pl, "PRIVMSG")[0].tags == {},
         "\"MUST only be sent to users who have requested message-tags\"")
    got = plain.ask("WHOIS robot")
    t.eq([m.params[1] for m in of(got, "335")], ["robot"],
         "WHOIS of a bot: 335 RPL_WHOISBOT")
    got = b.ask("MODE robot")
    t.eq([m.params[1] for m in of(got, "221")], ["+B"], "221 shows +B")
    b.send("TOPIC #bots :robots welcome")
    b.send("PART #bots :off")
    _, tg, pl = settle(b, tagged, plain)
    t.eq([(m.command, "bot" in m.tags) for m in tg
          if m.command in ("TOPIC", "PART")],
         [("TOPIC", True), ("PART", True)],
         "the bot tag is on the bot's other commands too (TOPIC, PART)")
    t.eq([m.tags for m in pl if m.command in ("TOPIC", "PART")], [{}, {}],
         "...and never for a client without message-tags")
    for c in (b, tagged, plain):
        c.close()


def tag_limits():
    s = srv.client("tagsend", caps=["message-tags"])
    r = srv.client("tagrecv", caps=["message-tags", "server-time"])
    s.join("#tags")
    r.join("#tags")
    settle(s, r)
    big = "+a=" + "v" * (4094 - 3)
    s.send("@%s PRIVMSG #tags :max" % big)
    got = settle(s, r)
    t.eq(of(got[0], "417"), [], "4094 bytes of tag data: accepted")
    m = of(got[1], "PRIVMSG")
    t.ok(m and m[0].tags.get("+a") == "v" * 4091 and "time" in m[0].tags and
         len(m[0].bytes.split(b" ", 1)[0]) <= 8191,
         "relayed whole with the server's time tag, within 8191 bytes",
         m and len(m[0].bytes))
    s.send("@%sv PRIVMSG #tags :over" % big)
    got = settle(s, r)
    t.eq([m.command for m in got[0] if m.command in ("417", "PRIVMSG")],
         ["417"], "4095 bytes of tag data from a client: 417, not "
         "truncated")
    t.eq(of(got[1], "PRIVMSG"), [], "and nothing of it is relayed")
    s.send("@%s PRIVMSG #tags :%s" % (big[:100], "y" * 600))
    t.eq([m.command for m in s.sync() if m.command == "417"], ["417"],
         "short tags, body over 512: 417")
    s.close()
    r.close()


def statusmsg():
    op = srv.client("stop")
    voice = srv.client("stvoice")
    member = srv.client("stmember")
    for c in (op, voice, member):
        c.join("#status")
    op.send("MODE #status +v stvoice")
    settle(op, voice, member)
    member.send("PRIVMSG @#status :ops only")
    member.send("NOTICE +#status :voice and up")
    o, v, m = settle(member, op, voice)[1:] + [member.sync()]
    t.eq([(x.params[0], x.last) for x in o if x.command in ("PRIVMSG",
                                                          "NOTICE")],
         [("@#status", "ops only"), ("+#status", "voice and up")],
         "STATUSMSG: the operator gets both, addressed @#room and +#room")
    t.eq([(x.params[0], x.last) for x in v if x.command in ("PRIVMSG",
                                                          "NOTICE")],
         [("+#status", "voice and up")], "a voiced member gets +#room only")
    t.eq([x for x in m if x.command in ("PRIVMSG", "NOTICE")], [],
         "the plain member (the sender) gets neither")
    for c in (op, voice, member):
        c.close()


t.case("setname", setname)
t.case("chghost with the +x cloak", chghost)
t.case("invite-notify", invite_notify)
t.case("bot-mode", bot)
t.case("message-tags limits", tag_limits)
t.case("STATUSMSG", statusmsg)
t.done()
