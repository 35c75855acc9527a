# SPDX-License-Identifier: GPL-3.0-or-later
# Redis going away under a cluster of two tui-chatd (issue 15): each node
# goes on serving its own clients (a room message reaches the members on
# the same node, directly), the operators are told (a server NOTICE), the
# nodes reconnect with backoff once redis-server is back (empty, as after
# a crash), republish their users, rooms and nick claims, and the state
# agrees again: users who came or went during the outage included.
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, RedisServer, TIMEOUT, builddir  # noqa: E402
import cluster_lib  # noqa: E402

OPER_PW = "cluster oper secret 7"

t = Tap()
redis = RedisServer()
h = subprocess.run([os.path.join(builddir(), "tui-chatd"),
                    "--hash-password"], input=(OPER_PW + "\n").encode(),
                   stdout=subprocess.PIPE, timeout=TIMEOUT).stdout.decode()
nodes = []
for i in (1, 2):
    s = t.server("--cluster", redis.url, "--name", "node%d.example" % i,
                 start=False)
    opers = os.path.join(s.tmp, "opers")
    with open(opers, "w") as f:
        f.write("root %s\n" % h.strip())
    s.sets["opers_file"] = opers
    s.start()
    nodes.append(s)
n1, n2 = nodes
for s in nodes:
    cluster_lib.wait_up(s)


def outage():
    op = n1.client("oper1")
    op.send("OPER root :" + OPER_PW)
    op.expect("381")
    a1 = n1.client("a1", caps=("echo-message",))
    a2 = n1.client("a2")
    b1 = n2.client("b1")
    gone = n1.client("gone")
    for c in (a1, a2, b1, gone):
        c.join("#r")
    for c in (a1, b1):
        cluster_lib.wait_names(c, "#r", ["a1", "a2", "b1", "gone"])
    victim = n2.client("victim")
    cluster_lib.wait_seen(op, "victim")
    op.send("KILL victim :go away")
    got = victim.wait_closed()
    t.ok(any(m.command == "ERROR" and "go away" in m.last for m in got),
         "KILL by an operator of node 1 closes a user of node 2",
         [m.raw for m in got])
    a1.send("PRIVMSG #r :before")
    b1.expect("PRIVMSG", "#r")
    a2.expect("PRIVMSG", "#r")
    a1.expect("PRIVMSG", "#r")

    redis.stop()
    m = op.wait_for(lambda m: m.command == "NOTICE" and
                    "lost Redis" in m.last, what="NOTICE lost Redis")
    t.ok("local delivery only" in m.last,
         "the operator on node 1 is told Redis is gone", m.raw)
    a1.send("PRIVMSG #r :during")
    m = a2.expect("PRIVMSG", "#r")
    t.eq(m.last, "during", "Redis down: a room message still reaches the "
         "member on the same node")
    m = a1.expect("PRIVMSG", "#r")
    t.eq(m.last, "during", "... and the sender's echo")
    a1.send("PRIVMSG a2 :private")
    t.eq(a2.expect("PRIVMSG", "a2").last, "private",
         "Redis down: a private message on one node")
    a1.send("PRIVMSG b1 :lost")
    m = a1.expect("NOTICE", "a1")
    t.ok("not delivered" in m.last,
         "a private message to the other node: the sender is told", m.raw)
    late = n2.client("late")
    late.join("#r")
    gone.send("QUIT :bye")
    gone.wait_closed()

    redis.start()
    m = op.wait_for(lambda m: m.command == "NOTICE" and
                    "connected to Redis" in m.last, timeout=TIMEOUT + 10,
                    what="NOTICE connected to Redis")
    t.ok(True, "the operator is told when the node is back: " + m.last)
    for s in nodes:
        cluster_lib.wait_up(s, 2)
    want = ["a1", "a2", "b1", "late"]
    for c in (a1, b1, late):
        cluster_lib.wait_names(c, "#r", want)
    t.ok(True, "after the resync NAMES #r agrees on both nodes: the user "
         "who joined during the outage is in, the one who quit is out")
    t.ok(any(m.command == "JOIN" and m.nick == "late" and
             m.params[0] == "#r" for m in a1.log),
         "node 1's members saw the newcomer JOIN")
    t.ok(any(m.command == "QUIT" and m.nick == "gone" for m in b1.log),
         "node 2's members saw the user who left during the outage QUIT")
    a1.send("PRIVMSG #r :after")
    for c in (b1, late, a2):
        m = c.wait_for(lambda m: m.command == "PRIVMSG" and
                       m.last == "after", what="PRIVMSG after")
    t.ok(True, "room messages cross the nodes again")
    b1.send("PRIVMSG a1 :back")
    t.eq(a1.expect("PRIVMSG", "a1").last, "back",
         "private messages cross the nodes again")
    keys = redis.cli("KEYS", "tuichat:nick:*").split()
    t.ok(all("tuichat:nick:" + n in keys for n in ("a1", "a2", "b1", "late"))
         and "tuichat:nick:gone" not in keys,
         "the nick claims are back in the new Redis", keys)
    c = n2.client()
    c.send("NICK a2")
    c.send("USER x 0 * :x")
    c.expect("433", None, "a2")
    t.ok(True, "a nick of node 1 is refused on node 2 again")
    for x in (op, a1, a2, b1, late, c):
        x.close()


def one_node_cut():
    """Redis drops node 1 alone (CLIENT KILL): node 1 resyncs well before
    the others would split it; a user who quit while it was cut off,
    unheard, goes from node 2's replica when node 1's burst ends."""
    a = n1.client("ghost")
    w = n1.client("witness1")
    b = n2.client("witness2")
    for c in (a, w, b):
        c.join("#cut")
    cluster_lib.wait_names(b, "#cut", ["ghost", "witness1", "witness2"])
    ids = [f.split("=")[1] for line in redis.cli("CLIENT", "LIST")
           .splitlines() if "name=tui-chatd:node1.example" in line
           for f in line.split() if f.startswith("id=")]
    t.eq(len(ids), 2, "node 1 has two named connections (CLIENT LIST)")
    for i in ids:
        redis.cli("CLIENT", "KILL", "ID", i)
    a.send("QUIT :unheard")
    a.wait_closed()
    m = b.wait_for(lambda m: m.command == "QUIT" and m.nick == "ghost",
                   what="QUIT of ghost")
    t.eq(m.last, "*.net *.split",
         "node 2 drops the user node 1 lost track of, at its resync")
    cluster_lib.wait_names(b, "#cut", ["witness1", "witness2"])
    cluster_lib.wait_names(w, "#cut", ["witness1", "witness2"])
    t.ok(True, "NAMES #cut agrees on both nodes")
    w.send("PRIVMSG #cut :still here")
    t.eq(b.expect("PRIVMSG", "#cut").last, "still here",
         "and messages cross again")
    for c in (w, b):
        c.close()


t.case("Redis stopped and started under two nodes", outage)
t.case("Redis drops one node: it resyncs, the others follow", one_node_cut)
redis.cleanup()
t.done()
