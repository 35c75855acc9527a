# SPDX-License-Identifier: GPL-3.0-or-later
# Nodes that fail (issue 15): a node killed with SIGKILL is split off by
# the others (its users QUIT with "node2.example node1.example" within the
# bound of tui-chatd(8), CLUSTER: 5 s of silence, checked every second) and
# its nicks are free again; a stopped node (SIGSTOP) does not hold the
# others up, is split off, and comes back by itself after SIGCONT; a
# client that does not read is dropped by its own node's SendQ while the
# members on every node get every message.
import os
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, RedisServer, TIMEOUT  # noqa: E402
import cluster_lib  # noqa: E402

# The split bound (6 s) plus the round trips, with the sanitizer factor.
SPLIT_WAIT = 8 + TIMEOUT

t = Tap()
redis = RedisServer()
SETS = ("--set", "flood_limit=0", "--set", "sendq=65536")
n1, n2, n3 = cluster_lib.start_nodes(t, redis, 3, SETS)


def killed():
    v = n1.client("victim")
    w = n1.client("victim2")
    a = n2.client("watch2")
    b = n3.client("watch3")
    for c in (v, w, a, b):
        c.join("#k")
    for c in (a, b):
        cluster_lib.wait_names(c, "#k", ["victim", "victim2", "watch2",
                                         "watch3"])
    n1.stop(signal.SIGKILL)
    quits = {}
    for c in (a, b):
        for i in range(2):
            m = c.expect("QUIT", timeout=SPLIT_WAIT)
            quits.setdefault(c.nick, []).append((m.nick, m.last))
    for nick, got in sorted(quits.items()):
        t.eq(sorted(x[0] for x in got), ["victim", "victim2"],
             "%s saw both users of the killed node quit" % nick)
        t.ok(all(x[1].endswith(" node1.example") for x in got),
             "%s: a netsplit reason naming the dead node" % nick, got)
    t.eq(cluster_lib.names(a, "#k"), ["watch2", "watch3"],
         "NAMES on node 2 after the split: only the survivors")
    c = n3.client("victim")
    t.ok(True, "the dead node's nick is free: registered on node 3")
    c.join("#k")
    m = a.expect("JOIN", "#k")
    t.eq(m.nick, "victim", "the new victim on node 3 is seen on node 2")
    keys = redis.cli("KEYS", "tuichat:nick:*").split()
    t.ok("tuichat:nick:victim2" not in keys,
         "Redis holds no claim of the dead node's users", keys)
    for x in (a, b, c):
        x.close()


def stopped():
    a = n2.client("fast2", caps=("echo-message",))
    b = n3.client("fast3")
    s = n2.client("spare")
    slow = [n for n in (n1,) if n.alive()]
    t.ok(not slow, "node 1 is gone already (killed above)")
    # node 3 is the one to stop: a new node 4 takes its place as peer.
    n4 = t.server("--cluster", redis.url, "--name", "node4.example")
    cluster_lib.wait_up(n4)
    d = n4.client("slowuser")
    for c in (a, b, d):
        c.join("#s")
    cluster_lib.wait_names(a, "#s", ["fast2", "fast3", "slowuser"])
    cluster_lib.wait_names(d, "#s", ["fast2", "fast3", "slowuser"])
    os.kill(n4.proc.pid, signal.SIGSTOP)
    try:
        for i in range(30):
            a.send("PRIVMSG #s :while-stopped-%d" % i)
        got = []
        for i in range(30):
            m = b.expect("PRIVMSG", "#s")
            got.append(m.last)
        t.eq(got, ["while-stopped-%d" % i for i in range(30)],
             "node 2 to node 3: all 30 messages while node 4 is stopped")
        for i in range(30):
            a.expect("PRIVMSG", "#s")
        t.ok(True, "the sender's echoes (through Redis) did not wait for "
             "the stopped node")
        m = b.expect("QUIT", timeout=SPLIT_WAIT)
        t.ok(m.nick == "slowuser" and m.last.endswith(" node4.example"),
             "the stopped node is split off (its user QUITs on node 3 with "
             "a netsplit reason)", m.raw)
    finally:
        os.kill(n4.proc.pid, signal.SIGCONT)
    m = b.wait_for(lambda m: m.command == "JOIN" and m.nick == "slowuser",
                   SPLIT_WAIT, "JOIN of slowuser")
    t.eq(m.params[0], "#s", "after SIGCONT the node rejoins: its user is "
         "back in #s on node 3")
    got = []
    for i in range(30):
        got.append(d.expect("PRIVMSG", "#s").last)
    t.eq(got, ["while-stopped-%d" % i for i in range(30)],
         "the stopped node's member got every message once resumed")
    cluster_lib.wait_names(b, "#s", ["fast2", "fast3", "slowuser"])
    cluster_lib.wait_names(d, "#s", ["fast2", "fast3", "slowuser"])
    t.ok(True, "NAMES #s agrees on nodes 3 and 4 again")
    for x in (a, b, d, s):
        x.close()


def not_reading():
    """A client of node 3 that does not read: node 3's SendQ drops it;
    the members on the other nodes get every message, in order."""
    sink = n3.client("sink", rcvbuf=4096)
    talk = n2.client("talker")
    obs = n2.client("observer")
    far = n3.client("farobs")
    for c in (sink, talk, obs, far):
        c.join("#busy")
    for c in (obs, far):
        cluster_lib.wait_names(c, "#busy", ["farobs", "observer", "sink",
                                            "talker"])
    payload = "m" * 440
    sent, dropped, received, got = 0, None, [], []
    while dropped is None and sent < 60000:
        for _ in range(500):
            talk.send("PRIVMSG #busy :%06d %s" % (sent, payload))
            sent += 1
        for m in obs.sync():
            if m.command == "PRIVMSG":
                received.append(int(m.last.split()[0]))
            elif m.command == "QUIT" and m.nick == "sink":
                dropped = m
        # The reader on node 3 reads as it goes (its own SendQ too).
        got += [int(m.last.split()[0]) for m in far.sync()
                if m.command == "PRIVMSG"]
    t.diag("%d messages sent" % sent)
    t.ok(dropped is not None and "SendQ" in dropped.last,
         "node 3 drops its client that does not read (SendQ exceeded), "
         "seen on node 2", dropped.raw if dropped else sent)
    while len(received) < sent:
        m = obs.expect("PRIVMSG", "#busy")
        received.append(int(m.last.split()[0]))
    t.eq(received, list(range(sent)),
         "the observer on node 2 got all %d messages in order" % sent)
    while len(got) < sent:
        m = far.expect("PRIVMSG", "#busy")
        got.append(int(m.last.split()[0]))
    t.eq(got, list(range(sent)),
         "so did the reader on node 3, the sink's own node")
    for c in (sink, talk, obs, far):
        c.close()


t.case("a node killed with SIGKILL is split off", killed)
t.case("a stopped node holds nobody up, and comes back", stopped)
t.case("a client that does not read is its node's SendQ's business",
       not_reading)
redis.cleanup()
t.done()
