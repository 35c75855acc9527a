# SPDX-License-Identifier: GPL-3.0-or-later
# Room modes +s +p +m +R, USER with an empty realname, and what 004 and
# 005 announce (RFC 2811/2812, Modern IRC), against the real tui-chatd.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, settle  # noqa: E402

t = Tap()
srv = t.server(sets={"flood_limit": 0, "max_per_ip": 0})


def cmds(lines, *which):
    return [m.command for m in lines if m.command in which]


def secret_private():
    op = srv.client("sop")
    out = srv.client("sout")
    for room, mode, sym in (("#sec", "+s", "@"), ("#prv", "+p", "*")):
        op.join(room)
        op.send("MODE %s %s" % (room, mode))
        m = op.expect("MODE", room)
        t.eq(m.params[1], mode, "MODE %s is echoed" % mode)
        got = op.ask("NAMES " + room)
        t.eq([m.params[1] for m in got if m.command == "353"], [sym],
             "%s: 353 marks the room with %r" % (mode, sym))
        got = out.ask("LIST")
        t.eq([m.params[1] for m in got if m.command == "322"
              and m.params[1] == room], [],
             "%s: hidden from LIST for non-members" % mode)
        got = out.ask("NAMES " + room)
        t.eq(cmds(got, "353", "366"), ["366"],
             "%s: NAMES by a non-member shows no one" % mode)
        got = out.ask("WHO " + room)
        t.eq(cmds(got, "352", "315"), ["315"],
             "%s: WHO by a non-member shows no one" % mode)
        got = out.ask("WHOIS sop")
        t.ok(all(room not in m.last for m in got if m.command == "319"),
             "%s: WHOIS of a member does not show the room" % mode)
        got = op.ask("LIST")
        t.eq([m.params[1] for m in got if m.command == "322"
              and m.params[1] == room], [room], "%s: members see it in "
             "LIST" % mode)
    got = out.ask("TOPIC #sec")
    t.eq(cmds(got, "403", "442", "331"), ["403"],
         "+s: TOPIC by an outsider acts as if the room did not exist (403)")
    got = out.ask("MODE #sec")
    t.eq(cmds(got, "324"), ["324"],
         "+s: MODE is the exception, it still answers")
    got = op.ask("MODE #sec")
    t.ok(any(m.command == "324" and "s" in m.params[2] for m in got),
         "324 shows +s")
    op.close()
    out.close()


def moderated():
    op = srv.client("mop")
    talker = srv.client("mtalk")
    op.join("#mod")
    talker.join("#mod")
    op.send("MODE #mod +m")
    settle(op, talker)
    got = talker.ask("PRIVMSG #mod :unvoiced")
    t.eq(cmds(got, "404"), ["404"], "+m: an unvoiced member gets 404")
    op.send("MODE #mod +v mtalk")
    settle(op, talker)
    talker.send("PRIVMSG #mod :voiced now")
    heard = [m.last for m in settle(talker, op)[1] if m.command == "PRIVMSG"]
    t.eq(heard, ["voiced now"], "+m with +v: heard")
    op.close()
    talker.close()


def registered_only():
    op = srv.client("rop")
    guest = srv.client("rguest")
    op.join("#regs")
    op.send("MODE #regs +R")
    m = op.expect("MODE", "#regs")
    t.eq(m.params[1], "+R", "+R is set by an operator")
    got = guest.ask("JOIN #regs")
    t.eq(cmds(got, "477", "JOIN"), ["477"],
         "+R: a user not logged in to an account is refused with 477")
    op.send("INVITE rguest #regs")
    settle(op, guest)
    got = guest.ask("JOIN #regs")
    t.eq(cmds(got, "477", "JOIN"), ["477"], "+R: an invitation does not "
         "stand in for an account")
    member = srv.client("rmember")
    member.send("REGISTER * * :a long passphrase 77")
    m = member.expect("REGISTER")
    t.eq(m.params[:2], ["SUCCESS", "rmember"], "an account is registered")
    got = member.ask("JOIN #regs")
    t.eq(cmds(got, "477", "JOIN"), ["JOIN"],
         "+R: a user logged in to an account joins")
    op.close()
    guest.close()
    member.close()


def user_realname():
    c = srv.client()
    c.send("NICK emptyreal")
    got = c.ask("USER u 0 * :")
    t.eq(cmds(got, "461"), ["461"],
         "USER with an empty realname: 461 (Modern IRC)")
    got = c.ask("USER  0 * :Real")
    t.eq(cmds(got, "461", "001"), ["461"],
         "USER with too few parameters: 461")
    c.send("USER u 0 * :Real Name")
    c.expect("001")
    t.ok(True, "a proper USER then registers")
    c.close()


def announce():
    c = srv.client("isup")
    toks = " ".join(" ".join(m.params[1:-1]) for m in c.log
                    if m.command == "005").split()
    lines = [m for m in c.log if m.command == "005"]
    t.ok(all(len(m.params) <= 15 and
             m.last == "are supported by this server" for m in lines),
         "every 005 line has at most 13 tokens and the text", len(lines))
    want = ["BOT=B", "CHANMODES=beI,k,l,imnpstCR", "PREFIX=(ov)@+",
            "STATUSMSG=@+", "WHOX", "MONITOR=100", "UTF8ONLY",
            "NAMELEN=100", "CHANTYPES=#&"]
    t.eq([w for w in want if w not in toks], [],
         "005 announces " + " ".join(want))
    targ = [x for x in toks if x.startswith("TARGMAX=")]
    t.ok(targ and "MONITOR:" in targ[0] and "PRIVMSG:4" in targ[0] and
         "WHOWAS:1" in targ[0], "TARGMAX covers MONITOR, PRIVMSG, WHOWAS",
         targ)
    my = [m for m in c.log if m.command == "004"][0]
    t.eq(my.params[3:5], ["Biorwx", "beiklmnopstvCIR"],
         "004: user modes Biorwx, room modes beiklmnopstvCIR")
    c.close()


def ban_errors():
    op = srv.client("banop")
    op.join("#bans")
    got = op.ask("MODE #bans +b " + "x" * 120)
    t.eq([m.params[1:4] for m in got if m.command == "696"],
         [["#bans", "b", "x" * 120]],
         "a ban mask too long: 696 ERR_INVALIDMODEPARAM, not silence")
    for i in range(0, 100, 4):
        op.send("MODE #bans +bbbb %s" % " ".join("n%d!*@*" % j for j in
                                                   range(i, i + 4)))
    op.sync()
    got = op.ask("MODE #bans +b full!*@*")
    t.eq([m.params[1:3] for m in got if m.command == "478"],
         [["#bans", "b"]], "the 101st ban: 478 ERR_BANLISTFULL")
    op.close()


t.case("+s and +p", secret_private)
t.case("ban list errors", ban_errors)
t.case("+m and voice", moderated)
t.case("+R", registered_only)
t.case("USER and the realname", user_realname)
t.case("004 and 005", announce)
t.done()
