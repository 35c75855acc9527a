# SPDX-License-Identifier: GPL-3.0-or-later
# Three tui-chatd sharing one chat through a redis-server of the test's own
# (issue 15): one order per room for every member whatever node it is on,
# nick claims across nodes (simultaneous ones too), private messages,
# NOTICE, KICK, INVITE, AWAY, TOPIC and MODE across nodes, and
# NAMES/WHO/WHOIS/LIST/ISON answered from each node's replica.
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, RedisServer, TIMEOUT  # noqa: E402
import cluster_lib  # noqa: E402

t = Tap()
redis = RedisServer()
nodes = cluster_lib.start_nodes(t, redis, 3)
n1, n2, n3 = nodes


def one_order():
    """Six members, two per node; three senders on three nodes fire
    without waiting; every member must see the same sequence."""
    cs = [n.client("ord%d%d" % (i, j), caps=("echo-message",))
          for i, n in enumerate(nodes) for j in range(2)]
    for c in cs:
        c.join("#order")
    cluster_lib.wait_names(cs[0], "#order", [c.nick for c in cs])
    for c in cs:
        cluster_lib.wait_names(c, "#order", [x.nick for x in cs])
        c.drain()
    senders = [cs[0], cs[2], cs[4]]
    per = 20
    for i in range(per):
        for s in senders:
            s.send("PRIVMSG #order :%s-%d" % (s.nick, i))
    want = per * len(senders)
    seqs = []
    for c in cs:
        got = []
        deadline = time.monotonic() + TIMEOUT
        while len(got) < want and time.monotonic() < deadline:
            m = c.wait_for(lambda m: m.command == "PRIVMSG" and
                           m.params[0] == "#order", what="PRIVMSG #order")
            got.append(m.last)
        seqs.append(got)
    t.eq([len(s) for s in seqs], [want] * len(cs),
         "every member of #order got all %d messages (their own too)"
         % want)
    t.ok(all(s == seqs[0] for s in seqs),
         "all six members on three nodes saw one and the same order",
         "\n".join(" ".join(s[:12]) for s in seqs))
    for s in senders:
        mine = [x for x in seqs[0] if x.startswith(s.nick + "-")]
        t.eq(mine, ["%s-%d" % (s.nick, i) for i in range(per)],
             "%s's messages keep their sending order" % s.nick)
    for c in cs:
        c.close()


def nick_claims():
    a = n1.client("claimed")
    b = n2.client()
    b.send("NICK claimed")
    b.send("USER b 0 * :b")
    b.expect("433", None, "claimed")
    t.ok(True, "a nick held on node 1 is 433 at registration on node 2")
    b.send("NICK claimed2")
    b.expect("001")
    b.send("NICK Claimed")
    b.expect("433", None, "Claimed")
    t.ok(True, "a nick change to another node's nick (other case): 433")
    a.send("NICK freed")
    a.expect("NICK")
    cluster_lib.wait_seen(b, "freed")
    b.send("NICK claimed")
    m = b.expect("NICK")
    t.eq(m.last, "claimed", "the old nick is free once its holder changed")
    # Simultaneous claims: many rounds, each exactly one winner.
    x = n2.client("racex")
    y = n3.client("racey")
    ok = True
    for i in range(8):
        nick = "race%d" % i
        x.send("NICK " + nick)
        y.send("NICK " + nick)
        rx = x.expect_any(["NICK", "433"])
        ry = y.expect_any(["NICK", "433"])
        won = [r.command for r in (rx, ry)].count("NICK")
        if won != 1:
            ok = False
            t.diag("round %d: %s / %s" % (i, rx.raw, ry.raw))
        if rx.command == "NICK":
            x.send("NICK racex%d" % i)
            x.expect("NICK")
        if ry.command == "NICK":
            y.send("NICK racey%d" % i)
            y.expect("NICK")
    t.ok(ok, "8 simultaneous claims of one nick on two nodes: "
         "exactly one wins each time, the other gets 433")
    for c in (a, b, x, y):
        c.close()


def across():
    a = n1.client("alice")
    b = n2.client("bob")
    c = n3.client("carol")
    a.join("#x")
    # Node 2 (then 3) must know the room before its user joins: a JOIN to
    # a room a node has not heard of yet makes the joiner its operator
    # there, and "MODE #x +o bob" below would change nothing.
    cluster_lib.wait_names(b, "#x", ["alice"])
    b.join("#x")
    a.expect("JOIN", "#x")
    cluster_lib.wait_names(c, "#x", ["alice", "bob"])
    c.join("#x")
    a.expect("JOIN", "#x")
    b.expect("JOIN", "#x")
    t.ok(True, "JOINs on nodes 2 and 3 reach the members on the others")
    a.send("PRIVMSG carol :psst")
    m = c.expect("PRIVMSG", "carol")
    t.eq((m.nick, m.last), ("alice", "psst"),
         "a private message from node 1 to node 3")
    c.send("NOTICE alice :noted")
    m = a.expect("NOTICE", "alice")
    t.eq((m.nick, m.last), ("carol", "noted"), "a NOTICE from node 3 to 1")
    caps = ("setname", "chghost")
    s = n1.client("seer", caps=caps)
    s.join("#x")
    cluster_lib.wait_names(c, "#x", ["alice", "bob", "carol", "seer"])
    c.send("CAP REQ :setname")
    c.expect("CAP")
    c.send("SETNAME :Carol Changed")
    m = s.wait_for(lambda m: m.command == "SETNAME", what="SETNAME")
    t.eq((m.nick, m.last), ("carol", "Carol Changed"),
         "SETNAME on node 3 reaches a setname member on node 1")
    got = a.ask("WHOIS carol")
    t.eq([m.last for m in got if m.command == "311"], ["Carol Changed"],
         "WHOIS on node 1 shows the new real name")
    c.send("MODE carol +x")
    m = s.wait_for(lambda m: m.command == "CHGHOST", what="CHGHOST")
    t.eq(m.nick, "carol", "+x (a cloaked host) on node 3: CHGHOST on node 1")
    s.close()
    c.send("AWAY :lunch")
    c.expect("306")
    time.sleep(0.3)
    a.send("PRIVMSG carol :there?")
    m = a.expect("301", None, "carol")
    t.eq(m.last, "lunch", "AWAY on node 3 gives 301 on node 1")
    a.send("TOPIC #x :shared topic")
    m = c.expect("TOPIC", "#x")
    t.eq(m.last, "shared topic", "TOPIC from node 1 seen on node 3")
    b.expect("TOPIC", "#x")
    b.send("TOPIC #x")
    t.eq(b.expect("332").last, "shared topic",
         "node 2 answers TOPIC from its replica")
    a.send("MODE #x +o bob")
    m = b.expect("MODE", "#x")
    t.eq(m.params[1:], ["+o", "bob"], "MODE +o on node 1 seen on node 2")
    c.expect("MODE", "#x")
    b.send("MODE #x +m")
    c.expect("MODE", "#x", "+m")
    a.expect("MODE", "#x", "+m")
    c.send("PRIVMSG #x :muted?")
    c.expect("404")
    t.ok(True, "+m set by an operator of node 2 (opped from node 1) "
         "holds on node 3")
    b.send("MODE #x -m")
    a.expect("MODE", "#x", "-m")
    c.expect("MODE", "#x", "-m")
    b.send("KICK #x carol :bye")
    m = c.expect("KICK", "#x")
    t.eq((m.nick, m.params[1], m.last), ("bob", "carol", "bye"),
         "KICK by node 2 of a node-3 member reaches it")
    a.expect("KICK", "#x")
    a.send("MODE #x +i")
    cluster_lib.wait_mode(c, "#x", "i")
    c.send("JOIN #x")
    c.expect("473")
    a.send("INVITE carol #x")
    a.expect("341")
    m = c.expect("INVITE")
    t.eq(m.params, ["carol", "#x"], "INVITE from node 1 reaches node 3")
    c.join("#x")
    t.ok(True, "the invitation lets carol into the +i room on node 3")
    for x in (a, b, c):
        x.close()


def queries():
    a = n1.client("qa")
    b = n2.client("qb")
    c = n3.client("qc")
    for x in (a, b, c):
        x.join("#q")
    want = ["qa", "qb", "qc"]
    for x in (a, b, c):
        cluster_lib.wait_names(x, "#q", want)
    t.ok(True, "NAMES #q on every node lists the members of all three")
    got = c.ask("WHO #q")
    who = sorted(m.params[5] for m in got if m.command == "352")
    t.eq(who, want, "WHO #q on node 3 lists all three")
    got = a.ask("WHOIS qc")
    cmds = [m.command for m in got]
    t.ok("311" in cmds and "319" in cmds and "318" in cmds,
         "WHOIS of a node-3 user on node 1: 311, 319 (rooms), 318", cmds)
    srv = [m for m in got if m.command == "312"]
    t.eq(srv[0].params[2] if srv else None, "node3.example",
         "WHOIS 312 names the user's own node")
    rooms = [m for m in got if m.command == "319"]
    t.ok(rooms and "#q" in rooms[0].last, "WHOIS shows its rooms")
    got = b.ask("ISON qa qc nobody")
    ison = [m for m in got if m.command == "303"]
    t.eq(sorted(ison[0].last.split()), ["qa", "qc"],
         "ISON on node 2 knows the users of nodes 1 and 3")
    got = b.ask("LINKS")
    links = sorted(m.params[1] for m in got if m.command == "364")
    t.eq(links, ["node1.example", "node2.example", "node3.example"],
         "LINKS on node 2 lists itself and the two other nodes")
    got = b.ask("LIST #q")
    lst = [m for m in got if m.command == "322"]
    t.eq(lst[0].params[2] if lst else None, "3",
         "LIST on node 2 counts the three members")
    for x in (a, b, c):
        x.close()


def labeled():
    """labeled-response in a cluster: the echo that comes back from Redis
    and the reply to a NICK claimed in Redis still carry the label."""
    caps = ("echo-message", "labeled-response", "batch", "message-tags")
    a = n1.client("lab1", caps=caps)
    b = n2.client("lab2")
    for c in (a, b):
        c.join("#lab")
        c.join("#lab2")
    cluster_lib.wait_names(a, "#lab", ["lab1", "lab2"])
    cluster_lib.wait_names(a, "#lab2", ["lab1", "lab2"])
    got = a.ask("@label=m1 PRIVMSG #lab :labeled")
    t.ok(len(got) == 1 and got[0].command == "PRIVMSG" and
         got[0].tags.get("label") == "m1",
         "a labeled room message: its echo (through Redis) is the labeled "
         "reply", [m.raw for m in got])
    got = a.ask("@label=m2 PRIVMSG #lab,#lab2 :two")
    t.ok(got and got[0].command == "BATCH" and
         got[0].tags.get("label") == "m2" and
         [m.params[0] for m in got if m.command == "PRIVMSG"] ==
         ["#lab", "#lab2"] and got[-1].command == "BATCH",
         "two targets: both echoes in one labeled batch",
         [m.raw for m in got])
    got = a.ask("@label=n1 NICK lab1b")
    t.ok(len(got) == 1 and got[0].command == "NICK" and
         got[0].tags.get("label") == "n1",
         "a labeled NICK (claimed in Redis first): the NICK is labeled",
         [m.raw for m in got])
    got = a.ask("@label=n2 NICK lab2")
    t.ok(len(got) == 1 and got[0].command == "433" and
         got[0].tags.get("label") == "n2",
         "a labeled NICK held on another node: a labeled 433",
         [m.raw for m in got])
    t.eq([m.last for m in b.sync() if m.command == "PRIVMSG"][-3:],
         ["labeled", "two", "two"], "node 2 got the messages")
    a.close()
    b.close()


def late_node():
    """A node started later gets the rooms' state in the others' burst:
    topic, modes, key and the ban list set before it came."""
    a = n1.client("early")
    a.join("#late")
    a.send("TOPIC #late :set before")
    a.send("MODE #late +k-t sesame")
    a.send("MODE #late +b bad!*@*")
    a.expect("MODE", "#late", "+b")
    n4 = t.server("--cluster", redis.url, "--name", "node4.example")
    cluster_lib.wait_up(n4)
    d = n4.client("late")
    cluster_lib.wait_mode(d, "#late", "k")
    d.send("JOIN #late sesame")
    d.expect("JOIN", "#late")
    t.eq(d.expect("332").last, "set before",
         "the new node knows the topic set before it came")
    got = d.ask("MODE #late")
    t.eq([m.params[2:] for m in got if m.command == "324"],
         [["+kn", "sesame"]], "... the modes and key (JOIN needed it)")
    got = d.ask("MODE #late b")
    bans = [m.params[2] for m in got if m.command == "367"]
    t.eq(bans, ["bad!*@*"], "... and the ban list")
    n4.stop()
    a.close()
    d.close()


def clean_stop():
    """SIGTERM: the node says goodbye on the bus before it goes, so its
    users quit everywhere with its own reason, not the timeout's."""
    a = n1.client("stay")
    c = n3.client("leaver")
    a.join("#bye")
    c.join("#bye")
    cluster_lib.wait_names(a, "#bye", ["leaver", "stay"])
    n3.stop()
    m = a.expect("QUIT")
    t.eq((m.nick, m.last), ("leaver", "node3.example *.split"),
         "a node stopped with SIGTERM: its user quits on node 1 with the "
         "stopping node's goodbye")
    keys = redis.cli("KEYS", "tuichat:nick:*").split()
    t.ok("tuichat:nick:leaver" not in keys,
         "its nicks are free in Redis", keys)
    a.close()


t.case("one order per room across three nodes", one_order)
t.case("nick claims across nodes", nick_claims)
t.case("messages, TOPIC, MODE, KICK, INVITE, AWAY across nodes", across)
t.case("NAMES, WHO, WHOIS, ISON, LIST from the replica", queries)
t.case("labeled-response across the bus", labeled)
t.case("a node that comes later gets the rooms' state", late_node)
t.case("a node stopping cleanly says goodbye", clean_stop)
redis.cleanup()
t.done()
