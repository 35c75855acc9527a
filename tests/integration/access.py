# SPDX-License-Identifier: GPL-3.0-or-later
# Access control of the real tui-chatd: PASS, +k, +i with INVITE, +b, +l,
# +m, +n, +t, operator-only KICK and MODE.  Every refused action gets its
# numeric, and nothing of a +k or +i room (names, messages, topic, key)
# reaches a non-member: every line an outsider received is searched for
# the room's secrets after a PING/PONG round trip.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Client, Tap, settle, texts  # noqa: E402

t = Tap()
srv = t.server(sets={"flood_limit": 0})


def leaks(c, secrets):
    """Every line c received that mentions one of the secrets."""
    c.sync()
    return [m.raw for m in c.log
            if any(s.lower() in m.raw.lower() for s in secrets)]


def probe_room(out, room):
    """Everything an outsider can ask about a room."""
    out.send("NAMES " + room)
    out.expect("366")
    out.send("LIST")
    out.expect("323")
    out.send("LIST " + room)
    out.expect("323")
    out.send("WHO " + room)
    out.expect("315")
    out.send("TOPIC " + room)
    out.expect_any(["442", "331", "332", "403"])
    out.send("MODE " + room)
    out.expect_any(["324", "442", "403", "482"])
    out.send("WHOIS secretmember")
    out.expect("318")


def private_room(mode):
    room = "#priv" + mode[-1]
    op = srv.client("secretop" + mode[-1])
    mem = srv.client("secretmember") if mode == "+k" else None
    op.join(room)
    op.send("TOPIC %s :TOPSECRET-%s" % (room, mode[-1]))
    op.expect("TOPIC")
    if mode == "+k":
        op.send("MODE %s +k KEYSECRET" % room)
        op.expect("MODE", room)
        mem.join(room, "KEYSECRET")
    else:
        op.send("MODE %s +i" % room)
        op.expect("MODE", room)
    out = srv.client("outsider" + mode[-1])
    out.send("JOIN " + room)
    want = "475" if mode == "+k" else "473"
    m = out.expect_any(["475", "473", "JOIN"])
    t.eq(m.command, want, "%s: JOIN by an outsider refused with %s" %
         (mode, want))
    op.send("PRIVMSG %s :MSGSECRET-%s" % (room, mode[-1]))
    op.send("NOTICE %s :MSGSECRET-%s notice" % (room, mode[-1]))
    op.send("@+x=y TAGMSG " + room)
    op.sync()
    if mem:
        t.eq(len(texts(mem.sync())), 1, "%s: the member got the message" %
             mode)
    probe_room(out, room)
    secrets = ["TOPSECRET", "MSGSECRET", "KEYSECRET"]
    # The op's nick may appear where the outsider asked for it by name;
    # it never asked, so it must not appear either.
    secrets.append("secretop")
    t.eq(leaks(out, secrets), [],
         "%s: nothing of the room reaches the outsider" % mode)
    t.eq([m.raw for m in out.log if m.command == "319" and
          room.lower() in m.last.lower()], [],
         "%s: WHOIS of a member does not show the room" % mode)
    t.ok({"404", "442"} & set(out.replies("PRIVMSG %s :from outside" %
                                          room)),
         "%s: outsider's message refused with 404" % mode)
    t.eq(texts(op.sync()), [], "%s: the outsider cannot speak in it" % mode)
    out.close()
    op.close()
    if mem:
        mem.close()


def invite():
    op = srv.client("invop")
    mem = srv.client("invmem")
    guest = srv.client("invguest")
    other = srv.client("invother")
    op.join("#inv")
    mem.join("#inv")
    op.send("MODE #inv +i")
    op.expect("MODE", "#inv")
    guest.send("JOIN #inv")
    guest.expect("473")
    t.ok(True, "+i: JOIN without invite: 473")
    mem.send("INVITE invguest #inv")
    m = mem.expect_any(["482", "341"])
    t.eq(m.command, "482", "+i: INVITE by a non-operator: 482")
    other.send("INVITE invguest #inv")
    m = other.expect_any(["442", "482", "341"])
    t.eq(m.command, "442", "INVITE by a non-member: 442")
    op.send("INVITE invmem #inv")
    m = op.expect_any(["443", "341"])
    t.eq(m.command, "443", "INVITE of a member: 443")
    op.send("INVITE nobodyhere #inv")
    m = op.expect_any(["401", "341"])
    t.eq(m.command, "401", "INVITE of an unknown nick: 401")
    op.send("INVITE invguest #inv")
    m = op.expect("341")
    t.eq(m.params[1:3], ["invguest", "#inv"], "INVITE: 341 to the inviter")
    m = guest.expect("INVITE")
    t.eq((m.nick, m.params), ("invop", ["invguest", "#inv"]),
         "INVITE reaches the invitee")
    t.eq([x for x in other.sync() if x.command == "INVITE"], [],
         "INVITE not seen by others")
    guest.join("#inv")
    t.ok(True, "invited user may JOIN the +i room")
    other.send("JOIN #inv")
    other.expect("473")
    t.ok(True, "the invite was for one user only")
    guest.send("PART #inv")
    guest.expect("PART")
    guest.send("JOIN #inv")
    m = guest.expect_any(["473", "366"])
    t.eq(m.command, "473", "an invite is used up by the JOIN")
    for x in (op, mem, guest, other):
        x.close()


def bans():
    op = srv.client("banop")
    vic = srv.client("banvictim", user="victim")
    bystander = srv.client("banby")
    op.join("#ban")
    vic.join("#ban")
    bystander.join("#ban")
    op.send("MODE #ban +b banvictim!*@*")
    m = vic.expect("MODE", "#ban")
    t.eq(m.params[1:], ["+b", "banvictim!*@*"], "+b seen by members")
    vic.send("PRIVMSG #ban :I am banned")
    m = vic.expect_any(["404", "PONG"])
    t.eq(m.command, "404", "a banned member cannot speak: 404")
    t.eq(texts(bystander.sync()), [], "nothing of it reached the room")
    # Changing nick must not shake the ban off: either the NICK is refused
    # (435/437 on most servers) or the new nick still cannot speak.
    r = vic.replies("NICK banvictim2")
    if "NICK" in r:
        vic.nick = "banvictim2"
    r2 = vic.replies("PRIVMSG #ban :after a nick change")
    heard = texts(settle(vic, bystander)[1])
    t.ok("NICK" not in r or ("404" in r2 and not heard),
         "a banned member cannot evade the ban by changing nick",
         "NICK -> %s, then PRIVMSG -> %s; the room heard %s" % (r, r2, heard))
    if "NICK" in r:
        vic.replies("NICK banvictim")
        vic.nick = "banvictim"
    vic.send("PART #ban")
    vic.expect("PART")
    t.ok("474" in vic.replies("JOIN #ban"),
         "a banned nick cannot JOIN: 474")
    late = srv.client("banlate", user="victim")
    op.send("MODE #ban +b *!*victim@*")
    op.expect("MODE")
    t.ok("474" in late.replies("JOIN #ban"),
         "ban by user mask: 474")
    op.send("MODE #ban +b")
    masks = []
    while True:
        m = op.expect_any(["367", "368"])
        if m.command == "368":
            break
        masks.append(m.params[2])
    t.eq(sorted(masks), ["*!*victim@*", "banvictim!*@*"],
         "MODE +b lists the bans (367/368)")
    t.ok("482" in bystander.replies("MODE #ban -b banvictim!*@*"),
         "-b by a non-operator: 482")
    op.send("MODE #ban -b *!*victim@*")
    op.send("MODE #ban -b banvictim!*@*")
    op.expect("MODE", "#ban", "-b")
    op.expect("MODE", "#ban", "-b")
    vic.join("#ban")
    t.ok(True, "after -b the nick may JOIN again")
    for x in (op, vic, bystander, late):
        x.close()


def limit():
    op = srv.client("limop")
    a = srv.client("lima")
    b = srv.client("limb")
    op.join("#lim")
    op.send("MODE #lim +l 2")
    m = op.expect("MODE", "#lim")
    t.eq(m.params[1:], ["+l", "2"], "+l 2 set")
    a.join("#lim")
    b.send("JOIN #lim")
    t.eq(b.expect_any(["471", "366"]).command, "471", "+l full: 471")
    t.ok("482" in a.replies("MODE #lim +l 5"),
         "+l by a non-operator: 482")
    op.send("MODE #lim -l")
    op.wait_for(lambda m: m.command == "MODE" and m.params[1] == "-l")
    b.join("#lim")
    t.ok(True, "-l: JOIN works again")
    for x in (op, a, b):
        x.close()


def moderated_and_n():
    op = srv.client("modop")
    v = srv.client("modvoice")
    q = srv.client("modquiet")
    out = srv.client("modout")
    for x in (op, v, q):
        x.join("#mod")
    op.send("MODE #mod +mv modvoice")
    op.wait_for(lambda m: m.command == "MODE" and "m" in m.params[1])
    for x in (op, v, q):
        x.sync()
    t.ok("404" in q.replies("PRIVMSG #mod :quiet one speaks"),
         "+m: unvoiced member: 404")
    v.send("PRIVMSG #mod :voiced speaks")
    op.send("PRIVMSG #mod :op speaks")
    got = texts(q.sync())
    t.eq(sorted(x[1] for x in got), ["op speaks", "voiced speaks"],
         "+m: voiced and op are heard; the unvoiced one is not")
    q.send("NOTICE #mod :quiet notice")
    t.eq(texts(op.sync(), "NOTICE"), [], "+m: unvoiced NOTICE dropped too")
    t.ok("404" in out.replies("PRIVMSG #mod :outside"),
         "+n: outside message refused: 404")
    t.eq(texts(op.sync()), [], "+n: nothing reached the room")
    op.send("MODE #mod -n")
    op.expect("MODE", "#mod")
    op.send("MODE #mod -m")
    op.expect("MODE", "#mod")
    out.send("PRIVMSG #mod :outside now allowed")
    t.eq(texts(q.sync()), [("#mod", "outside now allowed")],
         "-n: outside messages reach the room")
    q.send("TOPIC #mod :quiet topic")
    t.eq(q.expect_any(["482", "TOPIC"]).command, "482", "+t: 482")
    t.ok("482" in q.replies("KICK #mod modvoice"),
         "KICK by a non-operator: 482")
    t.ok("482" in q.replies("MODE #mod +o modquiet"),
         "self-op by a non-operator: 482")
    t.ok("482" in q.replies("MODE #mod +k key"),
         "+k by a non-operator: 482")
    t.ok("482" in q.replies("MODE #mod +i"),
         "+i by a non-operator: 482")
    t.ok("482" in v.replies("MODE #mod -v modvoice"),
         "a voiced user cannot change modes: 482")
    t.ok("442" in out.replies("KICK #mod modquiet"),
         "KICK from outside: 442")
    t.eq([m for m in q.sync() if m.command == "KICK"], [],
         "none of the refused KICKs happened")
    for x in (op, v, q, out):
        x.close()


def password_gate():
    s2 = t.server(sets={"password": "letmein"})
    member = s2.client("pwmember", password="letmein")
    member.join("#pw")
    member.send("TOPIC #pw :PWSECRET")
    member.expect("TOPIC")
    c = Client(s2.port)
    for line in ("NICK intruder", "JOIN #pw", "NAMES #pw", "LIST",
                 "PRIVMSG #pw :PWSECRET-try", "WHOIS pwmember",
                 "USER intruder 0 * :x"):
        c.send(line)
    lines = c.wait_closed()
    t.ok(not any("PWSECRET" in m.raw or "pwmember" in m.raw for m in lines),
         "no PASS: nothing of the server reaches the client",
         [m.raw for m in lines])
    t.ok("464" in [m.command for m in lines], "no PASS: 464")
    t.eq(texts(member.sync()), [], "nothing reached the room")
    member.close()
    s2.stop()


t.case("+k room", private_room, "+k")
t.case("+i room", private_room, "+i")
t.case("INVITE", invite)
t.case("bans", bans)
t.case("+l", limit)
t.case("+m +n +t and operator-only commands", moderated_and_n)
t.case("server password", password_gate)
t.done()
