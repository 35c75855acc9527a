# SPDX-License-Identifier: GPL-3.0-or-later
# The operator side of the server queries (RFC 2812 3.4.4, Modern IRC):
# STATS o lists the operators of opers_file (243), STATS l and L show an
# operator every connection (211: sendq, lines and kilobytes each way,
# seconds open) and end with 219, and LUSERS counts operators online (252).
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, TIMEOUT, builddir, numerics  # noqa: E402

OPER_PW = "stats oper phrase 3"

t = Tap()


def hash_password(pw):
    p = subprocess.run([os.path.join(builddir(), "tui-chatd"),
                        "--hash-password"], input=(pw + "\n").encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    return p.stdout.decode().strip()


srv = t.server(start=False, sets={"flood_limit": 0})
opers = os.path.join(srv.tmp, "opers")
h = hash_password(OPER_PW)
with open(opers, "w") as f:
    f.write("root %s\nnight %s\n" % (h, h))
srv.sets["opers_file"] = opers
srv.start()


def of(lines, code):
    return [m for m in lines if m.command == code]


def stats_o():
    u = srv.client("watcher")
    got = u.ask("STATS o")
    t.eq(numerics(got), ["243", "243", "219"],
         "STATS o: 243 per configured operator, then 219")
    t.eq(sorted((m.params[1], m.params[3], m.params[4])
                for m in of(got, "243")),
         [("O", "*", "night"), ("O", "*", "root")],
         "243 O <hostmask> * <name>")
    u.close()


def oper_stats():
    u = srv.client("plain")
    t.eq(numerics(u.ask("STATS l")), ["481", "219"],
         "STATS l by a non-operator: 481, 219")
    got = u.ask("LUSERS")
    t.eq(of(got, "252")[0].params[1], "0", "252: no operator yet")
    o = srv.client("boss")
    o.send("OPER root :" + OPER_PW)
    t.eq(o.expect_any(["381", "464", "491"]).command, "381", "OPER: 381")
    o.sync()
    got = u.ask("LUSERS")
    t.eq(of(got, "252")[0].params[1], "1", "252: one operator online")
    u.ask("PRIVMSG boss :" + "x" * 300)
    for letter in ("l", "L"):
        got = o.ask("STATS " + letter)
        t.eq(numerics(got)[-1:], ["219"], "STATS %s ends with 219" % letter)
        t.eq(of(got, "219")[0].params[1], letter, "219 " + letter)
        links = {m.params[1]: m.params[2:9] for m in of(got, "211")}
        t.ok(len(links) >= 2 and all(len(v) == 6 for v in links.values()),
             "STATS %s: 211 <link> <sendq> <sent msgs> <sent KB> "
             "<recv msgs> <recv KB> <open> per connection" % letter, links)
        mine = [k for k in links if k.startswith("plain[")]
        t.ok(mine and all(x.isdigit() for x in links[mine[0]]),
             "211 for the plain user, all numbers", links)
        if mine:
            recv_msgs = int(links[mine[0]][3])
            t.ok(recv_msgs >= 5, "211: lines received from it (%d)" %
                 recv_msgs)
    got = o.ask("STATS o")
    t.eq(len(of(got, "243")), 2, "STATS o for an operator too")
    o.close()
    u.sync()
    got = u.ask("LUSERS")
    t.eq(of(got, "252")[0].params[1], "0", "252: the operator left")
    u.close()


t.case("STATS o", stats_o)
t.case("STATS l/L and LUSERS with an operator", oper_stats)
t.done()
