# SPDX-License-Identifier: GPL-3.0-or-later
# Seeds of the cluster_msg target: one well-formed event of each type
# (the encoding of daemon/cluster_msg.c) and a few broken ones. Run from
# the top of the tree: python3 tests/fuzz/seed/cluster_seeds.py
import hashlib
import os

OUT = "tests/fuzz/corpus/cluster_msg"


def event(typ, node, seq, uid="", room="", target="", args=(), line=None):
    f = ["tc1", typ, str(node), str(seq), uid, room, target]
    a = list(args) + [""] * (10 - len(args))
    f += a
    if line is None:
        f.append("-")
    else:
        tags, source, verb, msgid, ms, account, params = line
        f += ["L", tags, source, verb, msgid, str(ms), account,
              str(len(params))] + list(params)
    return b"".join(x.encode() + b"\0" for x in f)


SRC = "alice!alice@127.0.0.1"
SEEDS = [
    event("H", 1, 1, args=["node1.example"]),
    event("P", 2, 7, args=["node2.example"]),
    event("S", 1, 9, args=["3", "node1.example node3.example"]),
    event("U", 1, 2, "1.1", args=["alice", "alice", "127.0.0.1", "Alice",
                                  "", "", "0", "1796544632", "1#a 0#b",
                                  "node1.example"]),
    event("N", 1, 3, "1.1", args=["alicia"],
          line=("", SRC, "NICK", "", 1796544632279, "", ["alicia"])),
    event("Q", 1, 4, "1.1",
          line=("", SRC, "QUIT", "", 1796544632279, "", ["Quit: bye"])),
    event("J", 1, 5, "1.1", "#a", args=["1"]),
    event("L", 1, 6, "1.1", "#a",
          line=("", SRC, "PART", "", 1796544632279, "", ["#a", "later"])),
    event("K", 1, 7, "1.1", "#a", "2.4",
          line=("", SRC, "KICK", "", 1796544632279, "acct",
                ["#a", "bob", "out"])),
    event("T", 1, 8, "1.1", "#a", args=["a topic", "alice", "1796544632"],
          line=("", SRC, "TOPIC", "", 1796544632279, "", ["#a", "a topic"])),
    event("R", 1, 9, room="#a", args=["12", "key", "10", "1796544632",
                                      "topic", "alice", "1796544632"]),
    event("M", 1, 10, "1.1", "#a", args=["14", "", "0"],
          line=("", SRC, "MODE", "", 1796544632279, "",
                ["#a", "+ob-v", "bob", "*!*@h", "carol"])),
    event("X", 1, 11, "1.1", "#a", args=["0", "1"],
          line=("+draft/reply=abc", SRC, "PRIVMSG", "01hq3v8k2m0001",
                1796544632279, "", ["#a", "hello there"])),
    event("X", 1, 12, "1.1", target="2.4",
          line=("", SRC, "TAGMSG", "01hq3v8k2m0002", 1796544632279, "",
                ["bob"])),
    event("A", 1, 13, "1.1", args=["lunch"],
          line=("", SRC, "AWAY", "", 1796544632279, "", ["lunch"])),
    event("I", 1, 14, "1.1", "#a", "2.4",
          line=("", SRC, "INVITE", "", 1796544632279, "", ["bob", "#a"])),
    event("C", 1, 20, target="2.4", args=["Killed (op (bye))"]),
    event("E", 2, 21),
    # broken: a CR in a parameter, a second parameter with a space, an
    # unknown type, a node out of range, a missing final NUL
    event("X", 1, 15, "1.1", "#a", args=["0", ""],
          line=("", SRC, "PRIVMSG", "", 1, "", ["#a", "a\r\nQUIT"])),
    event("X", 1, 16, "1.1", "#a", args=["0", ""],
          line=("", SRC, "PRIVMSG", "", 1, "", ["#a b", "x"])),
    event("Z", 1, 17),
    event("P", 1024, 18, args=["x"]),
    event("P", 1, 19, args=["x"])[:-1],
]

os.makedirs(OUT, exist_ok=True)
for s in SEEDS:
    with open(os.path.join(OUT, hashlib.sha1(s).hexdigest()), "wb") as f:
        f.write(s)
