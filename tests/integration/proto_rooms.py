# SPDX-License-Identifier: GPL-3.0-or-later
# Rooms and messages against the real tui-chatd: several rooms, delivery to
# exactly the members, private messages, topic, names, kick, modes, keys,
# nick changes and quits seen exactly once, JOIN 0, PART, empty rooms.
# "Did not get it" is always decided after a PING/PONG round trip (sync).
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, settle, texts  # noqa: E402

t = Tap()
srv = t.server(sets={"flood_limit": 0})


def cmds(lines, command):
    return [m for m in lines if m.command == command]


def names_of(c, room):
    """NAMES room as a list of entries (prefixes kept)."""
    c.sync()
    c.send("NAMES " + room)
    out = []
    while True:
        m = c.expect_any(["353", "366"])
        if m.command == "366":
            return sorted(out)
        out += m.last.split()


def several_rooms():
    alice = srv.client("alice")
    alice.send("JOIN #one,#two,#three")
    joins = []
    for room in ("#one", "#two", "#three"):
        j = alice.expect("JOIN")
        joins.append(j.params[0])
        t.eq(j.nick, "alice", "JOIN %s echoed with alice as source" % room)
        n = alice.expect("353")
        t.eq((n.params[-2], n.last), (room, "@alice"),
             "353 for %s: the creator is operator" % room)
        alice.expect("366", None, room)
    t.eq(joins, ["#one", "#two", "#three"], "JOIN of three rooms, in order")
    alice.send("JOIN #one")
    lines = alice.sync()
    t.eq(cmds(lines, "JOIN"), [], "JOIN of a room already joined: nothing")
    alice.send("PART #one,#two,#three :bye")
    for room in ("#one", "#two", "#three"):
        p = alice.expect("PART", room)
        t.eq(p.last, "bye", "PART %s carries the reason" % room)
    alice.send("PART #one")
    alice.expect("403")
    t.ok(True, "the emptied room is gone: PART of it is 403")
    alice.send("JOIN nohash")
    alice.expect_any(["403", "476", "479"])
    t.ok(True, "JOIN of a name without #: refused")
    alice.close()


def delivery():
    a = srv.client("dalice")
    b = srv.client("dbob")
    c = srv.client("dcarol")
    d = srv.client("ddave")
    a.join("#da")
    a.join("#db")
    b.join("#da")
    c.join("#db")
    a.sync()
    b.sync()
    c.sync()
    a.send("PRIVMSG #da :to a only")
    a.send("NOTICE #db :notice to b")
    b.send("PRIVMSG #da :reply from bob")
    got_a, got_b, got_c, got_d = settle(a, b, c, d)
    t.eq(texts(got_b), [("#da", "to a only")],
         "member of #da gets the #da message, not its own")
    t.eq(texts(got_b, "NOTICE"), [], "member of #da only: no #db notice")
    t.eq(texts(got_c), [], "member of #db only: no #da message")
    t.eq(texts(got_c, "NOTICE"), [("#db", "notice to b")],
         "member of #db gets the NOTICE")
    t.eq(texts(got_a), [("#da", "reply from bob")],
         "sender does not get its own message back; gets bob's")
    t.eq(texts(got_d) + texts(got_d, "NOTICE"), [],
         "a client in no room gets nothing")
    src = [m for m in got_b if m.command == "PRIVMSG"][0].source
    t.ok(src.startswith("dalice!") and "@" in src,
         "room message source is nick!user@host", src)
    # Messages to a room from outside: +n is the default for new rooms.
    d.send("PRIVMSG #da :from outside")
    d.expect("404")
    t.ok(not texts(b.sync()), "+n: outsider's message refused with 404")
    # Private messages and notices.
    a.send("PRIVMSG dbob :private hello")
    a.send("NOTICE DBOB :private notice")
    got_b = settle(a, b)[1]
    t.eq(texts(got_b) + texts(got_b, "NOTICE"),
         [("dbob", "private hello"), ("dbob", "private notice")],
         "private PRIVMSG and NOTICE (nick case-insensitive)")
    t.eq(texts(c.sync()), [], "a third client does not see private messages")
    a.send("PRIVMSG nosuchnick :hello")
    m = a.expect("401")
    t.eq(m.params[1], "nosuchnick", "PRIVMSG to an unknown nick: 401")
    a.send("PRIVMSG #nosuchroom :hello")
    t.ok(a.expect_any(["401", "403", "404"]).command in ("401", "403"),
         "PRIVMSG to an unknown room: 401/403")
    a.send("NOTICE nosuchnick :hello")
    t.eq(numerics_after(a), [], "NOTICE to an unknown nick: no reply")
    a.send("PRIVMSG dbob,dcarol :multi")
    _, got_b, got_c = settle(a, b, c)
    t.eq(texts(got_b), [("dbob", "multi")], "PRIVMSG a,b: first target")
    t.eq(texts(got_c), [("dcarol", "multi")], "PRIVMSG a,b: second target")
    d.send("PART #da")
    d.expect("442")
    t.ok(True, "PART of an existing room one is not in: 442")
    for x in (a, b, c, d):
        x.close()


def numerics_after(c):
    return [m.command for m in c.sync() if m.command.isdigit()]


def echo_and_tags():
    e = srv.client("eecho", caps=["echo-message", "server-time",
                                  "message-tags"])
    p = srv.client("eplain")
    tg = srv.client("etags", caps=["message-tags"])
    e.join("#echo")
    p.join("#echo")
    tg.join("#echo")
    e.sync()
    e.send("@+example=1 PRIVMSG #echo :echoed")
    m = e.expect("PRIVMSG", "#echo")
    t.eq(m.last, "echoed", "echo-message: the sender gets its message back")
    t.ok(m.nick == "eecho", "echo-message: with its own source", m.raw)
    ts = m.tags.get("time", "")
    t.ok(len(ts) == 24 and ts[4] == "-" and ts[10] == "T" and
         ts.endswith("Z") and ts[19] == ".",
         "server-time: time=YYYY-MM-DDThh:mm:ss.sssZ", m.raw)
    got_p = p.sync()
    pm = cmds(got_p, "PRIVMSG")
    t.eq([x.last for x in pm], ["echoed"], "plain member gets it once")
    t.ok(pm and not pm[0].tags,
         "a client without message-tags/server-time gets no tags",
         pm and pm[0].raw)
    tm = cmds(tg.sync(), "PRIVMSG")
    t.ok(tm and tm[0].tags.get("+example") == "1",
         "message-tags: client-only tag forwarded", tm and tm[0].raw)
    e.send("@+typing=active TAGMSG #echo")
    got_e, got_tg = settle(e, tg)
    tm = cmds(got_tg, "TAGMSG")
    t.ok(len(tm) == 1 and tm[0].tags.get("+typing") == "active" and
         tm[0].params == ["#echo"], "TAGMSG reaches message-tags members",
         [x.raw for x in tm])
    t.eq(cmds(p.sync(), "TAGMSG"), [],
         "TAGMSG not sent to a client without message-tags")
    t.eq(len(cmds(got_e, "TAGMSG")), 1, "TAGMSG echoed to its sender")
    p.send("PRIVMSG #echo :no echo for me")
    got = p.sync()
    t.eq(texts(got), [], "no echo-message: own message not returned")
    for x in (e, p, tg):
        x.close()


def topic():
    op = srv.client("topop")
    us = srv.client("topuser")
    out = srv.client("topout")
    op.join("#topic")
    us.join("#topic")
    op.send("TOPIC #topic")
    op.expect("331", None, "#topic")
    t.ok(True, "TOPIC query without a topic: 331")
    op.send("TOPIC #topic :the first topic")
    m = us.expect("TOPIC", "#topic")
    t.eq((m.nick, m.last), ("topop", "the first topic"),
         "TOPIC change reaches members")
    m = op.expect("TOPIC", "#topic")
    t.eq(m.last, "the first topic", "TOPIC change echoed to the setter")
    us.send("TOPIC #topic")
    m = us.expect("332", None, "#topic")
    t.eq(m.last, "the first topic", "TOPIC query: 332")
    m = us.expect("333", None, "#topic")
    t.ok(m.params[2].startswith("topop"), "TOPIC query: 333 who", m.raw)
    j = srv.client("topjoin")
    j.send("JOIN #topic")
    m = j.expect("332", None, "#topic")
    t.eq(m.last, "the first topic", "JOIN sends the topic (332)")
    j.expect("366")
    us.send("TOPIC #topic :not allowed")
    m = us.expect("482")
    t.eq(m.params[1], "#topic", "+t (default): non-operator TOPIC: 482")
    out.send("TOPIC #topic :outsider")
    out.expect("442")
    t.ok(True, "TOPIC set by a non-member: 442")
    op.send("MODE #topic -t")
    us.expect("MODE", "#topic")
    us.send("TOPIC #topic :now allowed")
    us.expect("TOPIC", "#topic")
    m = op.expect("TOPIC", "#topic")
    t.eq((m.nick, m.last), ("topuser", "now allowed"),
         "-t: any member may set the topic")
    op.send("TOPIC #topic :")
    m = us.expect("TOPIC", "#topic")
    t.eq(m.last, "", "TOPIC with empty text clears it")
    us.send("TOPIC #topic")
    us.expect("331")
    t.ok(True, "cleared topic: 331")
    for x in (op, us, out, j):
        x.close()


def names():
    op = srv.client("nop")
    v = srv.client("nvoice")
    mp = srv.client("nmulti", caps=["multi-prefix"])
    uh = srv.client("nuhost", caps=["userhost-in-names"])
    op.join("#names")
    v.join("#names")
    mp.join("#names")
    uh.join("#names")
    op.send("MODE #names +v nvoice")
    op.send("MODE #names +o nvoice")
    op.expect("MODE", "#names")
    op.expect("MODE", "#names")
    t.eq(names_of(v, "#names"), sorted(["@nop", "@nvoice", "nmulti",
                                        "nuhost"]),
         "NAMES: highest prefix only without multi-prefix")
    t.eq(names_of(mp, "#names"), sorted(["@nop", "@+nvoice", "nmulti",
                                         "nuhost"]),
         "NAMES with multi-prefix: @+")
    entries = names_of(uh, "#names")
    t.ok(len(entries) == 4 and all("!" in e and "@" in e.lstrip("@+")
                                   for e in entries),
         "NAMES with userhost-in-names: nick!user@host", entries)
    m = [x for x in v.log if x.command == "353"][-1]
    t.eq(m.params[-3], "=", "353 marks a public room with '='")
    out = srv.client("nout")
    t.eq(names_of(out, "#names"), sorted(["@nop", "@nvoice", "nmulti",
                                          "nuhost"]),
         "NAMES of a public room from outside lists its members")
    out.send("NAMES #nosuch")
    m = out.expect("366")
    t.eq(m.params[1], "#nosuch", "NAMES of an unknown room: just 366")
    for x in (op, v, mp, uh, out):
        x.close()


def kick_and_modes():
    op = srv.client("kop")
    b = srv.client("kbob")
    c = srv.client("kcarol")
    for x in (op, b, c):
        x.join("#kick")
    op.sync()
    b.sync()
    b.send("KICK #kick kcarol :no")
    m = b.expect("482")
    t.eq(m.params[1], "#kick", "KICK by a non-operator: 482")
    op.send("KICK #kick kbob :out you go")
    for x in (op, b, c):
        m = x.expect("KICK", "#kick")
        t.eq((m.nick, m.params[1], m.last), ("kop", "kbob", "out you go"),
             "%s sees the KICK once" % x.nick)
    op.send("PRIVMSG #kick :after kick")
    _, got_b, got_c = settle(op, b, c)
    t.eq(texts(got_b), [], "a kicked user no longer gets room messages")
    t.eq(texts(got_c), [("#kick", "after kick")], "others still do")
    op.send("KICK #kick kbob")
    op.expect("441")
    t.ok(True, "KICK of a non-member: 441")
    op.send("KICK #kick nobodyhere")
    t.ok(op.expect_any(["401", "441"]) is not None,
         "KICK of an unknown nick: 401/441")
    b.send("KICK #kick kcarol")
    b.expect("442")
    t.ok(True, "KICK from outside the room: 442")
    # Modes.
    op.send("MODE #kick")
    m = op.expect("324", None, "#kick")
    t.ok("n" in m.params[2] and "t" in m.params[2],
         "MODE query: 324 shows +nt by default", m.raw)
    c.send("MODE #kick +m")
    c.expect("482")
    t.ok(True, "MODE change by a non-operator: 482")
    op.send("MODE #kick +v kcarol")
    m = c.expect("MODE", "#kick")
    t.eq(m.params[1:], ["+v", "kcarol"], "MODE +v seen by the member")
    op.send("MODE #kick +o kcarol")
    c.expect("MODE", "#kick", "+o")
    op.sync()
    c.send("MODE #kick -o kop")
    m = op.expect("MODE", "#kick")
    t.eq((m.nick, m.params[1:]), ("kcarol", ["-o", "kop"]),
         "a new operator may de-op the old one")
    op.send("MODE #kick +t")
    op.expect("482")
    t.ok(True, "de-opped user: 482")
    c.send("MODE #kick +Z")
    c.expect("472")
    t.ok(True, "unknown room mode: 472")
    c.send("MODE #kick +o nobodyhere")
    t.ok(c.expect_any(["401", "441"]) is not None,
         "MODE +o of an unknown nick: 401/441")
    c.send("MODE kop +i")
    c.expect("502")
    t.ok(True, "MODE on another user: 502")
    c.send("MODE kcarol +i")
    m = c.expect("MODE", "kcarol")
    t.ok("+i" in " ".join(m.params[1:]), "user MODE +i", m.raw)
    c.send("MODE kcarol")
    m = c.expect("221")
    t.ok("i" in m.params[1], "user MODE query: 221", m.raw)
    for x in (op, b, c):
        x.close()


def keys():
    op = srv.client("keyop")
    j = srv.client("keyjoin")
    op.join("#keyed")
    op.send("MODE #keyed +k s3cret")
    m = op.expect("MODE", "#keyed")
    t.eq(m.params[1:], ["+k", "s3cret"], "MODE +k echoed with the key")
    j.send("JOIN #keyed")
    m = j.expect("475")
    t.eq(m.params[1], "#keyed", "JOIN without the key: 475")
    j.send("JOIN #keyed wrong")
    j.expect("475")
    t.ok(True, "JOIN with a wrong key: 475")
    j.send("JOIN #free,#keyed x,s3cret")
    j.expect("366", None, "#free")
    j.expect("366", None, "#keyed")
    t.ok(True, "JOIN #a,#b with keys in order: both joined")
    op.send("MODE #keyed -k s3cret")
    op.expect("MODE", "#keyed")
    k = srv.client("keylate")
    k.join("#keyed")
    t.ok(True, "-k: JOIN without a key works")
    for x in (op, j, k):
        x.close()


def nick_changes():
    a = srv.client("nka")
    b = srv.client("nkb")
    c = srv.client("nkc")
    d = srv.client("nkd")
    a.join("#n1")
    a.join("#n2")
    b.join("#n1")
    b.join("#n2")
    c.join("#n2")
    for x in (a, b, c, d):
        x.sync()
    a.send("NICK nka_new")
    seen = {}
    for x in (a, b, c, d):
        seen[x.name] = [(m.nick, m.last) for m in x.sync()
                        if m.command == "NICK"]
    t.eq(seen["nka"], [("nka", "nka_new")], "the renamed user sees NICK once")
    t.eq(seen["nkb"], [("nka", "nka_new")],
         "sharing two rooms: NICK seen exactly once")
    t.eq(seen["nkc"], [("nka", "nka_new")], "sharing one room: NICK once")
    t.eq(seen["nkd"], [], "sharing no room: no NICK")
    b.send("PRIVMSG nka_new :new name")
    t.eq(texts(settle(b, a)[1]), [("nka_new", "new name")],
         "new nick is reachable")
    b.send("PRIVMSG nka :old name")
    b.expect("401")
    t.ok(True, "old nick is free: 401")
    a.send("NICK NKA_new")
    t.eq([m.last for m in settle(a, b)[1] if m.command == "NICK"],
         ["NKA_new"],
         "case-only nick change is allowed and seen")
    a.send("NICK nkb")
    a.expect("433")
    t.ok(True, "NICK to a taken nick: 433")
    # Quit notices.
    a.send("QUIT :gone fishing")
    lines = a.wait_closed()
    t.ok(any(m.command == "ERROR" for m in lines), "QUIT: ERROR to the quitter",
         [m.raw for m in lines])
    qb = [m for m in b.sync() if m.command == "QUIT"]
    qc = [m for m in c.sync() if m.command == "QUIT"]
    t.ok(len(qb) == 1 and "gone fishing" in qb[0].last and
         qb[0].nick == "NKA_new", "QUIT seen once by a two-room sharer",
         [m.raw for m in qb])
    t.eq(len(qc), 1, "QUIT seen once by a one-room sharer")
    t.eq([m for m in d.sync() if m.command == "QUIT"], [],
         "QUIT not seen by a client sharing no room")
    c.close()
    q = b.expect("QUIT")
    t.eq(q.nick, "nkc", "closing the socket is a QUIT to the room")
    b.close()
    d.close()


def join_zero_and_empty_rooms():
    a = srv.client("zalice")
    b = srv.client("zbob")
    a.join("#z1")
    a.join("#z2")
    b.join("#z1")
    a.send("JOIN 0")
    parts = [m.params[0] for m in a.sync() if m.command == "PART"]
    t.eq(sorted(parts), ["#z1", "#z2"], "JOIN 0 parts every room")
    t.eq([m.params[0] for m in b.sync() if m.command == "PART"], ["#z1"],
         "JOIN 0: the others see the PART")
    a.send("WHOIS zalice")
    m = a.expect_any(["319", "318"])
    t.eq(m.command, "318", "after JOIN 0 WHOIS lists no rooms")
    # #z2 is empty now and must be gone: the next joiner is its operator.
    b.send("JOIN #z2")
    m = b.expect("353", None, None, "#z2")
    t.eq(m.last, "@zbob", "an emptied room vanished: rejoin makes a new op")
    a.close()
    b.close()


def info_commands():
    a = srv.client("ialice")
    b = srv.client("ibob")
    a.join("#info")
    b.join("#info")
    a.send("TOPIC #info :info topic")
    a.expect("TOPIC")
    a.send("LIST")
    a.expect("321")
    rows = {}
    while True:
        m = a.expect_any(["322", "323"])
        if m.command == "323":
            break
        rows[m.params[1]] = (m.params[2], m.last)
    t.eq(rows.get("#info"), ("2", "info topic"),
         "LIST: 322 with members and topic")
    a.send("LIST #info")
    m = a.expect("322")
    t.eq(m.params[1], "#info", "LIST #room lists that room")
    a.expect("323")
    a.send("WHO #info")
    who = []
    while True:
        m = a.expect_any(["352", "315"])
        if m.command == "315":
            break
        who.append(m.params[5])
        t.eq(m.params[1], "#info", "WHO reply names the room")
    t.eq(sorted(who), ["ialice", "ibob"], "WHO #room: one 352 per member")
    a.send("WHO ibob")
    m = a.expect("352")
    t.eq(m.params[5], "ibob", "WHO nick")
    a.expect("315")
    a.send("WHOIS ibob")
    by = {}
    while True:
        m = a.expect_any(["311", "312", "317", "319", "301", "318", "401"])
        by[m.command] = m
        if m.command in ("318", "401"):
            break
    t.ok("311" in by and by["311"].params[1] == "ibob", "WHOIS: 311",
         by.get("311"))
    t.ok("319" in by and "#info" in by["319"].last, "WHOIS: 319 rooms",
         by.get("319"))
    t.ok("312" in by, "WHOIS: 312 server")
    a.send("WHOIS nobodyatall")
    a.expect("401")
    a.expect("318")
    t.ok(True, "WHOIS unknown: 401 then 318")
    a.send("ISON ibob nobodyatall IALICE")
    m = a.expect("303")
    t.eq(sorted(m.last.lower().split()), ["ialice", "ibob"],
         "ISON: only the present nicks")
    a.send("USERHOST ibob nobodyatall")
    m = a.expect("302")
    t.ok(m.last.strip().startswith("ibob=+") and "@" in m.last,
         "USERHOST: nick=+user@host", m.raw)
    a.send("LUSERS")
    m = a.expect("251")
    t.ok(any(ch.isdigit() for ch in m.last), "LUSERS: 251", m.raw)
    a.expect("255")
    a.send("VERSION")
    m = a.expect("351")
    t.ok(len(m.params) >= 3, "VERSION: 351", m.raw)
    a.expect("005")
    t.ok(True, "VERSION: followed by 005")
    a.close()
    b.close()


def away():
    a = srv.client("aaway")
    w = srv.client("awatch", caps=["away-notify"])
    p = srv.client("aplain")
    for x in (a, w, p):
        x.join("#away")
    for x in (a, w, p):
        x.sync()
    a.send("AWAY :at lunch")
    a.expect("306")
    t.ok(True, "AWAY: 306")
    m = [x for x in w.sync() if x.command == "AWAY"]
    t.ok(len(m) == 1 and m[0].nick == "aaway" and m[0].last == "at lunch",
         "away-notify: AWAY reaches a member with the cap",
         [x.raw for x in m])
    t.eq([x for x in p.sync() if x.command == "AWAY"], [],
         "no away-notify: no AWAY line")
    p.send("PRIVMSG aaway :are you there")
    m = p.expect("301")
    t.eq(m.last, "at lunch", "PRIVMSG to an away user: 301")
    p.send("WHOIS aaway")
    m = p.expect("301")
    p.expect("318")
    t.eq(m.last, "at lunch", "WHOIS of an away user: 301")
    a.send("AWAY")
    a.expect("305")
    m = [x for x in w.sync() if x.command == "AWAY"]
    t.ok(len(m) == 1 and len(m[0].params) == 0,
         "away-notify: AWAY without text when back", [x.raw for x in m])
    for x in (a, w, p):
        x.close()


def order():
    """Every member sees the room's messages in one order."""
    members = [srv.client("ord%d" % i) for i in range(4)]
    for x in members:
        x.join("#order")
    for x in members:
        x.sync()
    for k in range(50):
        for i, x in enumerate(members):
            x.send("PRIVMSG #order :%d-%d" % (i, k))
    seen = []
    for i, x in enumerate(members):
        got = []
        while len(got) < 150:
            got.append(x.expect("PRIVMSG", "#order").last)
        seen.append(got)
    merged = []
    for i in range(4):
        mine = ["%d-%d" % (i, k) for k in range(50)]
        t.eq([s for s in seen[(i + 1) % 4] if s.startswith("%d-" % i)], mine,
             "sender %d's messages arrive in its order" % i)
    # Any two members see the messages they both got in the same order.
    for i in range(4):
        for j in range(i + 1, 4):
            common = set(seen[i]) & set(seen[j])
            merged.append([s for s in seen[i] if s in common] ==
                          [s for s in seen[j] if s in common])
    t.ok(all(merged), "all members see one order")
    for x in members:
        x.close()


t.case("several rooms", several_rooms)
t.case("delivery to exactly the members", delivery)
t.case("echo-message, server-time, message-tags, TAGMSG", echo_and_tags)
t.case("topic", topic)
t.case("names", names)
t.case("kick and modes", kick_and_modes)
t.case("keys", keys)
t.case("nick changes and quits", nick_changes)
t.case("JOIN 0 and empty rooms", join_zero_and_empty_rooms)
t.case("LIST WHO WHOIS ISON USERHOST LUSERS VERSION", info_commands)
t.case("away", away)
t.case("one order", order)
t.done()
