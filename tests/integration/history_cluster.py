# SPDX-License-Identifier: GPL-3.0-or-later
# History in Redis (--cluster, daemon/store_redis.c) across nodes and
# failures: a line said on node A is read with CHATHISTORY on node B (by
# time and by msgid), the stream stays bounded, a room's topic kept by A
# comes back on B; with Redis stopped chat goes on, CHATHISTORY fails at
# once with MESSAGE_ERROR and the operators are told; the lines said
# meanwhile reach Redis when it is back. The function library itself: a
# line filed twice is kept once, one older than the stream's top goes
# after it and is still found by its msgid.
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import RedisServer, Tap, TIMEOUT, builddir  # noqa: E402

CAPS = ("message-tags", "server-time", "batch", "draft/chathistory",
        "echo-message")
t = Tap()
redis = RedisServer()


def node(**sets):
    sets.setdefault("flood_limit", 0)
    return t.server("--cluster", redis.url, sets=sets)


def privmsgs(lines):
    """The texts of the history batch's PRIVMSGs (live lines left out: in a
    cluster, echoes may still be arriving)."""
    return [m.last for m in lines if m.command == "PRIVMSG" and
            "batch" in m.tags]


def poll(fn, want, what):
    """fn() until it returns want (bounded); the last value."""
    deadline = time.monotonic() + TIMEOUT
    got = fn()
    while got != want and time.monotonic() < deadline:
        time.sleep(0.2)
        got = fn()
    return got


def across_nodes():
    a, b = node(), node()
    alice = a.client("alice", caps=CAPS)
    alice.join("#x")
    alice.sync()
    for i in range(10):
        alice.send("PRIVMSG #x :from A %d" % i)
    ids = [alice.expect("PRIVMSG", "#x").tags["msgid"] for _ in range(10)]
    alice.sync()
    bob = b.client("bob", caps=CAPS)
    bob.join("#x")
    got = privmsgs(bob.ask("CHATHISTORY LATEST #x * 10"))
    t.eq(got, ["from A %d" % i for i in range(10)],
         "a line said on node A is in CHATHISTORY on node B")
    got = privmsgs(bob.ask("CHATHISTORY BEFORE #x msgid=%s 3" % ids[5]))
    t.eq(got, ["from A 2", "from A 3", "from A 4"],
         "BEFORE msgid= finds another node's msgid")
    got = privmsgs(bob.ask("CHATHISTORY AROUND #x msgid=%s 3" % ids[5]))
    t.eq(got, ["from A 4", "from A 5", "from A 6"], "AROUND msgid= too")
    got = privmsgs(bob.ask("CHATHISTORY BETWEEN #x msgid=%s msgid=%s 10" %
                           (ids[7], ids[2])))
    t.eq(got, ["from A %d" % i for i in range(3, 7)],
         "BETWEEN backwards, counted from the later msgid")
    alice.send("TOPIC #x :kept by A")
    alice.expect("TOPIC")
    alice.sync()
    carol = b.client("carol", caps=CAPS)
    carol.join("#x")   # B's own #x until the cluster core shares rooms
    bob.send("PART #x")
    bob.expect("PART")
    carol.send("PART #x")
    carol.expect("PART")
    time.sleep(0.3)
    dave = b.client("dave", caps=CAPS)
    dave.join("#x")
    got = poll(lambda: [m.last for m in dave.ask("TOPIC #x")
                        if m.command == "332"], ["kept by A"], "topic")
    t.eq(got, ["kept by A"], "a topic kept by node A comes back on node B")
    a.cleanup()
    b.cleanup()


def bounded():
    a = node(history_max_lines=50)
    c = a.client("talker", caps=CAPS)
    c.join("#bound")
    for i in range(400):
        c.send("PRIVMSG #bound :n%d" % i)
    c.sync()
    got = privmsgs(c.ask("CHATHISTORY LATEST #bound * 1000"))
    t.eq(got, ["n%d" % i for i in range(350, 400)],
         "history_max_lines=50: CHATHISTORY shows the newest 50")
    n = int(redis.cli("XLEN", "tuichat:hist:#bound"))
    t.ok(50 <= n <= 50 + 100, "the stream is trimmed (MAXLEN ~): %d "
         "entries for 400 lines" % n)
    a.cleanup()


def oper_hash(pw):
    p = subprocess.run([os.path.join(builddir(), "tui-chatd"),
                        "--hash-password"], input=(pw + "\n").encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    return p.stdout.decode().strip()


def redis_away():
    opers = os.path.join(tempfile.mkdtemp(prefix="tui-chat-opers."), "opers")
    with open(opers, "w") as f:
        f.write("root %s\n" % oper_hash("cluster oper pass 7"))
    a = node(opers_file=opers)
    op = a.client("op", caps=CAPS)
    op.send("OPER root :cluster oper pass 7")
    op.expect("381")
    talk = a.client("talk", caps=CAPS)
    hear = a.client("hear", caps=CAPS)
    talk.join("#away")
    hear.join("#away")
    talk.send("PRIVMSG #away :before")
    hear.expect("PRIVMSG", "#away")
    redis.stop()
    # The cluster core may say so too: the history's own NOTICE is awaited.
    deadline = time.monotonic() + TIMEOUT
    note = None
    while time.monotonic() < deadline:
        m = op.expect("NOTICE", timeout=TIMEOUT)
        if m.last.startswith("*** History"):
            note = m.last
            break
    t.ok(note is not None and "Redis" in note and "unreachable" in note,
         "the operators are told history's Redis is unreachable (%s)" %
         note)
    for i in range(5):
        talk.send("PRIVMSG #away :while away %d" % i)
    got = [hear.expect("PRIVMSG", "#away").last for _ in range(5)]
    t.eq(got, ["while away %d" % i for i in range(5)],
         "chat goes on while Redis is away")
    start = time.monotonic()
    fails = [m.params[1:3] + [m.last]
             for m in hear.ask("CHATHISTORY LATEST #away * 10")
             if m.command == "FAIL"]
    t.eq(fails, [["MESSAGE_ERROR", "LATEST", "History is unavailable: its "
                  "Redis server cannot be reached"]],
         "CHATHISTORY fails with MESSAGE_ERROR while Redis is away, "
         "saying why")
    t.ok(time.monotonic() - start < TIMEOUT, "at once, not after a hang")
    redis.start()   # empty, as after a crash

    n = [0]

    def after():
        n[0] += 1
        c = a.client("late%d" % n[0], caps=CAPS)
        c.join("#away")
        got = privmsgs(c.ask("CHATHISTORY LATEST #away * 10"))
        c.send("QUIT")
        return got
    got = poll(after, ["while away %d" % i for i in range(5)], "flush")
    t.eq(got, ["while away %d" % i for i in range(5)],
         "lines said while Redis was away are filed once it is back")
    a.cleanup()


def library():
    a = node()
    c = a.client("libuser", caps=CAPS)
    c.join("#lib")
    c.sync()
    c.send("PRIVMSG #lib :first")
    m1 = c.expect("PRIVMSG", "#lib").tags["msgid"]
    c.send("PRIVMSG #lib :second")
    c.expect("PRIVMSG", "#lib")
    c.sync()
    key = "tuichat:hist:#lib"
    top = redis.cli("XREVRANGE", key, "+", "-", "COUNT", "1").split("\n")[0]
    ms, seq = top.split("-")
    # The same line again (another node filing it): kept once.
    entry = redis.cli("XRANGE", key, top, top).split("\n")
    fields = dict(zip(entry[1::2], entry[2::2]))
    before = redis.cli("XLEN", key)
    redis.cli("FCALL", "tuichat_hist_1_add", "2", key, "tuichat:targets",
              "0", "0", "0", top, fields["m"], fields["t"], fields["k"],
              "", "", fields["l"], "#lib", "1")
    t.eq(redis.cli("XLEN", key), before, "a line filed twice is kept once")
    # An older msgid (a node whose clock is behind): after the top.
    old_id = "%d-%d" % (int(ms) - 5000, 7)
    redis.cli("FCALL", "tuichat_hist_1_add", "2", key, "tuichat:targets",
              "0", "0", "0", old_id, "0oldoldoldold", str(int(ms) - 5000),
              "0", "", "", ":x!x@h PRIVMSG #lib :late", "#lib", "1")
    got = privmsgs(c.ask("CHATHISTORY LATEST #lib * 10"))
    t.eq(got[-3:], ["first", "second", "late"],
         "a line older than the stream's top is filed after it")
    got = privmsgs(c.ask("CHATHISTORY AFTER #lib msgid=%s 10" % m1))
    t.eq(got, ["second", "late"], "AFTER msgid= of the first line")
    # A stream whose top is an hour ahead (a node with a fast clock): the
    # daemon's XADD is refused and the function files the line after it.
    ahead = "%d-1" % (int(ms) + 3600 * 1000)
    redis.cli("XADD", "tuichat:hist:#ahead", ahead, "m", "0zzzzzzzzzzzz",
              "t", str(int(ms) + 3600 * 1000), "k", "0", "l",
              ":y!y@h PRIVMSG #ahead :from the future")
    c.join("#ahead")
    c.send("PRIVMSG #ahead :now")
    mid = c.expect("PRIVMSG", "#ahead").tags["msgid"]
    c.sync()
    got = privmsgs(c.ask("CHATHISTORY LATEST #ahead * 10"))
    t.eq(got, ["from the future", "now"],
         "a line whose id XADD refuses is filed after the stream's top")
    got = privmsgs(c.ask("CHATHISTORY BEFORE #ahead msgid=%s 10" % mid))
    t.eq(got, ["from the future"], "and found by its msgid")
    a.cleanup()


t.case("two nodes, one history", across_nodes)
t.case("bounded streams", bounded)
t.case("Redis stopped and started", redis_away)
t.case("the function library", library)
redis.cleanup()
t.done()
