# SPDX-License-Identifier: GPL-3.0-or-later
# WHO with WHOX (ircv3.net/specs/extensions/whox), the WHO flags of bots
# and operators' neighbours, invisible users, and WHOWAS (Modern IRC),
# against the real tui-chatd.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, settle  # noqa: E402

t = Tap()
srv = t.server(sets={"flood_limit": 0, "max_per_ip": 0})


def replies(c, line, code):
    return [m for m in c.ask(line) if m.command == code]


def whox():
    a = srv.client("whoa", user="identa")
    b = srv.client("whob", user="identb")
    a.join("#wx")
    b.join("#wx")
    t.ok("WHOX" in " ".join(m.raw for m in a.log if m.command == "005"),
         "005 has the WHOX token")
    got = a.ask("WHO #wx %cuhnar")
    rows = [m.params[1:] for m in got if m.command == "354"]
    t.eq(sorted(rows), [["#wx", "identa", "127.0.0.1", "whoa", "0",
                         "Test whoa"],
                        ["#wx", "identb", "127.0.0.1", "whob", "0",
                         "Test whob"]],
         "WHO #room %cuhnar: channel user host nick account(0) realname, "
         "in the spec's order")
    t.eq([m.command for m in got if m.command in ("352", "315")], ["315"],
         "\"Servers MUST NOT send RPL_WHOREPLY\" with WHOX; 315 ends it")
    rows = [m.params[1:] for m in replies(a, "WHO #wx %afnt,42", "354")]
    t.eq(sorted(rows), [["42", "whoa", "H@", "0"], ["42", "whob", "H", "0"]],
         "the token comes first, then nick flags account: the order is "
         "fixed by the server, not by the request")
    rows = [m.params[1:] for m in replies(a, "WHO whob %nrhtsiucfdl,7",
                                          "354")]
    t.ok(len(rows) == 1 and rows[0][:9] == ["7", "#wx", "identb",
                                            "255.255.255.255", "127.0.0.1",
                                            "test.server", "whob", "H", "0"]
         and rows[0][10] == "Test whob",
         "WHO nick with every field: the IP of another is "
         "255.255.255.255, c names a room they are in", rows)
    rows = [m.params[1:] for m in replies(a, "WHO whoa %ni", "354")]
    t.eq(rows, [["127.0.0.1", "whoa"]], "one's own IP is shown")
    rows = [m.params[1:] for m in replies(a, "WHO whoa %tn", "354")]
    t.eq(rows, [["0", "whoa"]], "t without a token: 0")
    rows = [m.params[1:] for m in replies(a, "WHO whoa %nz", "354")]
    t.eq(rows, [["whoa"]], "an unknown field is ignored")
    rows = [m.params[1:] for m in replies(a, "WHO whob", "352")]
    t.eq(rows, [["*", "identb", "127.0.0.1", "test.server", "whob", "H",
                 "0 Test whob"]],
         "without %: the classic 352 (c is * for a mask)")
    t.eq(replies(a, "WHO * o", "352"), [],
         "the o flag: only operators (there are none)")
    b.send("MODE whob +B")
    settle(b)
    rows = [m.params[6] for m in replies(a, "WHO #wx", "352")
            if m.params[5] == "whob"]
    t.eq(rows, ["HB"], "bot-mode: the BOT=B flag in WHO flags")
    a.close()
    b.close()


def invisible():
    inv = srv.client("invis")
    inv.send("MODE invis +i")
    inv.join("#invroom")
    pal = srv.client("invpal")
    pal.join("#invroom")
    stranger = srv.client("stranger")
    t.eq([m.params[5] for m in replies(stranger, "WHO invis", "352")], [],
         "+i: not listed by WHO to someone sharing no room")
    t.eq([m.params[5] for m in replies(stranger, "WHO #invroom", "352")],
         ["invpal"], "+i: left out of WHO #room for a non-member")
    t.eq([m.params[5] for m in replies(pal, "WHO invis", "352")],
         ["invis"], "+i: listed to someone sharing a room")
    m = replies(stranger, "LUSERS", "251")
    t.ok(m and "1 invisible" in m[0].last, "LUSERS counts the invisible",
         m and m[0].raw)
    for c in (inv, pal, stranger):
        c.close()


def whowas():
    w = srv.client("asker")
    gone = srv.client("gone", user="goneid")
    gone.send("SETNAME :Real Gone")
    settle(gone)
    gone.send("NICK gone2")
    settle(gone)
    gone.send("QUIT")
    gone.wait_closed()
    got = w.ask("WHOWAS gone")
    t.eq([m.command for m in got], ["314", "312", "369"],
         "WHOWAS after a nick change: 314, 312, then 369")
    t.eq(got[0].params[1:], ["gone", "goneid", "127.0.0.1", "*",
                             "Real Gone"],
         "314: <nick> <username> <host> * :<realname>")
    got = w.ask("WHOWAS GONE2 1")
    t.eq([m.command for m in got], ["314", "312", "369"],
         "WHOWAS after QUIT, case-insensitively, with a count")
    got = w.ask("WHOWAS never")
    t.eq([(m.command, m.params[1]) for m in got],
         [("406", "never"), ("369", "never")],
         "an unknown nick: 406 ERR_WASNOSUCHNICK, then 369")
    t.eq([m.command for m in w.ask("WHOWAS")], ["461"], "no nick: 461")
    w.close()


t.case("WHOX fields, order, token and placeholders", whox)
t.case("invisible users and WHO", invisible)
t.case("WHOWAS", whowas)
t.done()
