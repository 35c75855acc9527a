# SPDX-License-Identifier: GPL-3.0-or-later
# Operators against the real tui-chatd: opers_file hashes made by
# --hash-password, OPER (381, 464, 491, throttled), +o in WHOIS (313),
# KILL, WALLOPS to +w, REHASH (382, reloads the operators) and the
# override of room modes, KICK and TOPIC; 481 for everyone else.
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, TIMEOUT, builddir  # noqa: E402

OPER_PW = "oper pass phrase 7"
NEW_PW = "rotated oper secret 8"

t = Tap()


def hash_password(pw):
    p = subprocess.run([os.path.join(builddir(), "tui-chatd"),
                        "--hash-password"], input=(pw + "\n").encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    return p.returncode, p.stdout.decode().strip()


rc, h = hash_password(OPER_PW)
t.ok(rc == 0 and h.startswith("$argon2id$") and OPER_PW not in h,
     "--hash-password prints an Argon2id hash", h)
srv = t.server(start=False)
opers = os.path.join(srv.tmp, "opers")
with open(opers, "w") as f:
    f.write("# operators\nroot %s\n" % h)
srv.sets["opers_file"] = opers
srv.start()


def oper():
    u = srv.client("plainuser")
    got = u.ask("KILL someone :bye")
    t.ok("481" in [m.command for m in got], "KILL by a non-operator: 481")
    got = u.ask("WALLOPS :hi")
    t.ok("481" in [m.command for m in got], "WALLOPS by a non-operator: 481")
    got = u.ask("REHASH")
    t.ok("481" in [m.command for m in got], "REHASH by a non-operator: 481")
    o = srv.client("boss")
    o.send("OPER nobody :" + OPER_PW)
    t.eq(o.expect_any(["381", "464", "491"]).command, "491",
         "OPER with an unknown name: 491")
    o.send("OPER root wrong-password")
    t.eq(o.expect_any(["381", "464", "491"]).command, "464",
         "OPER with a wrong password: 464")
    o.send("OPER root :" + OPER_PW)
    t.eq(o.expect_any(["381", "464", "491"]).command, "381",
         "OPER with the right password: 381")
    m = o.expect("MODE")
    t.eq(m.params, ["boss", "+o"], "and user mode +o")
    got = u.ask("WHOIS boss")
    t.ok("313" in [x.command for x in got], "WHOIS shows an operator (313)")
    got = u.ask("LUSERS")
    t.ok(any(x.command == "252" and x.params[1] == "1" for x in got),
         "LUSERS counts one operator (252)", [x.raw for x in got])

    u.send("MODE plainuser +w")
    u.expect("MODE")
    o.send("WALLOPS :maintenance at noon")
    m = u.expect("WALLOPS")
    t.eq((m.nick, m.last), ("boss", "maintenance at noon"),
         "WALLOPS reaches users with +w")
    got = u.ask("MODE plainuser +o")
    t.ok(not any(x.command == "MODE" for x in got),
         "a user cannot give itself +o")

    owner = srv.client("owner")
    owner.join("#locked")
    u.join("#locked")
    got = o.ask("MODE #locked +m")
    t.ok(any(x.command == "MODE" and x.params[1] == "+m" for x in got),
         "an operator sets modes in a room it is not in (override)",
         [x.raw for x in got])
    got = o.ask("KICK #locked plainuser :out")
    t.ok(any(x.command == "KICK" for x in u.sync()),
         "an operator kicks in a room it is not in (override)",
         [x.raw for x in got])
    got = u.ask("MODE #locked -m")
    t.ok("482" in [x.command for x in got] or
         "442" in [x.command for x in got],
         "a plain user still cannot")

    victim = srv.client("victim")
    victim.join("#locked")
    owner.sync()
    o.send("KILL victim :spamming")
    lines = victim.wait_closed()
    t.ok(any(x.command == "ERROR" and "Killed" in x.last for x in lines),
         "KILL closes the target's connection with the reason",
         [x.raw for x in lines])
    q = owner.wait_for(lambda x: x.command == "QUIT" and x.nick == "victim")
    t.ok("Killed (boss (spamming))" in q.last, "its rooms see the QUIT",
         q.raw)

    rc, h2 = hash_password(NEW_PW)
    with open(opers, "w") as f:
        f.write("root %s\n" % h2)
    got = o.ask("REHASH")
    t.ok("382" in [x.command for x in got], "REHASH: 382")
    o2 = srv.client("boss2")
    o2.send("OPER root :" + OPER_PW)
    t.eq(o2.expect_any(["381", "464", "491"]).command, "464",
         "after REHASH the old password is refused")
    o2.send("OPER root :" + NEW_PW)
    t.eq(o2.expect_any(["381", "464", "491"]).command, "381",
         "and the new one accepted")

    b = srv.client("guesser", bind="127.0.0.5")
    codes = []
    for i in range(4):
        b.send("OPER root guess-%d" % i)
        codes.append(b.expect_any(["381", "464", "491"]).command)
    b.send("OPER root :" + NEW_PW)
    codes.append(b.expect_any(["381", "464", "491"]).command)
    t.eq(codes, ["464"] * 5,
         "OPER guesses are throttled: the right password waits too")
    for x in (u, o, owner, o2, b):
        x.close()


t.case("operators", oper)
srv.stop()
with open(srv.logpath, encoding="utf-8", errors="replace") as f:
    log = f.read()
t.ok(OPER_PW not in log and NEW_PW not in log,
     "no operator password in the daemon's log")
t.done()
