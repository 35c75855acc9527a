# SPDX-License-Identifier: GPL-3.0-or-later
# MONITOR (ircv3.net/specs/extensions/monitor), extended-monitor and
# cap-notify, each case written from the specification's wording, against
# the real tui-chatd.
import os
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, settle  # noqa: E402

t = Tap()
srv = t.server(start=False)
conf = os.path.join(srv.tmp, "monitor.conf")
with open(conf, "w") as f:
    f.write("monitor_max = 3\nflood_limit = 0\nmax_per_ip = 0\n")
srv.args = ["--config", conf]
srv.start()


def isupport(c):
    return " ".join(" ".join(m.params[1:-1]) for m in c.log
                    if m.command == "005").split()


def targets(lines, code):
    """Every target of the numeric code in lines, in order."""
    out = []
    for m in lines:
        if m.command == code:
            out += m.last.split(",")
    return out


def basics():
    w = srv.client("watcher")
    t.ok("MONITOR=3" in isupport(w),
         "005: MONITOR=<limit> (\"Support of this specification is "
         "indicated by the MONITOR token\")", isupport(w))
    on = srv.client("present")
    got = w.ask("MONITOR + present,absent")
    t.eq(targets(got, "730"), ["present!present@127.0.0.1"],
         "MONITOR +: RPL_MONONLINE lists the online target (with "
         "nick!user@host)")
    t.eq(targets(got, "731"), ["absent"],
         "MONITOR +: RPL_MONOFFLINE lists the offline target")
    t.eq(w.replies("MONITOR + PRESENT"), [],
         "\"Targets already in the list MUST NOT be added again\" "
         "(case-insensitively): no reply")
    late = srv.client("absent")
    m = w.expect("730")
    t.eq((m.params[0], m.last), ("watcher", "absent!absent@127.0.0.1"),
         "730 when a monitored nick comes online (registers)")
    late.send("QUIT :bye")
    m = w.expect("731")
    t.eq(m.last, "absent", "731 when a monitored user quits")
    on.send("NICK renamed")
    m = w.expect("731")
    t.eq(m.last, "present", "731 when a monitored user leaves its nick")
    on.send("NICK present")
    m = w.expect("730")
    t.eq(m.last, "present!present@127.0.0.1",
         "730 when someone takes a monitored nick")
    got = w.ask("MONITOR L")
    t.eq(sorted(targets(got, "732")), ["absent", "present"],
         "MONITOR L: the list in RPL_MONLIST")
    t.eq([m.command for m in got][-1], "733",
         "MONITOR L: ends with RPL_ENDOFMONLIST")
    got = w.ask("MONITOR S")
    t.eq((targets(got, "730"), targets(got, "731")),
         (["present!present@127.0.0.1"], ["absent"]),
         "MONITOR S: the online and offline state of each target")
    t.eq(w.replies("MONITOR - absent"), [],
         "MONITOR -: \"No output will be returned\"")
    got = w.ask("MONITOR L")
    t.eq(targets(got, "732"), ["present"], "MONITOR -: the target is gone")
    t.eq(w.replies("MONITOR C"), [], "MONITOR C: no output")
    t.eq(numerics_of(w.ask("MONITOR L")), ["733"],
         "MONITOR C: the list is empty")
    on.send("QUIT")
    on.wait_closed()
    t.eq([m.command for m in w.sync() if m.command == "731"], [],
         "a nick no longer monitored: no 731")
    w.close()


def numerics_of(lines):
    return [m.command for m in lines if m.command.isdigit()]


def full():
    w = srv.client("fullw")
    got = w.ask("MONITOR + a1,a2,a3,a4,a5")
    t.eq(sorted(targets(got, "731")), ["a1", "a2", "a3"],
         "the first 3 (the limit) are added")
    err = [m for m in got if m.command == "734"]
    t.ok(len(err) == 1 and err[0].params[1:3] == ["3", "a4,a5"],
         "ERR_MONLISTFULL <limit> <targets that cannot be added>",
         [m.raw for m in err])
    t.eq(numerics_of(w.ask("MONITOR")), ["461"],
         "MONITOR without a modifier: 461")
    got = w.ask("MONITOR X") + w.ask("MONITOR ++")
    t.ok(len([m for m in got if m.command == "NOTICE"]) == 2 and
         not any(m.command == "FAIL" for m in got),
         "an unknown modifier: a NOTICE without standard-replies",
         [m.raw for m in got])
    s = srv.client("stdrep", caps=["standard-replies"])
    got = s.ask("MONITOR X")
    t.ok(any(m.command == "FAIL" and m.params[:2] == ["MONITOR",
                                                       "INVALID_PARAMS"]
             for m in got), "with standard-replies: FAIL MONITOR "
         "INVALID_PARAMS", [m.raw for m in got])
    w.close()
    s.close()


def extended():
    caps = ["extended-monitor", "away-notify", "setname", "chghost"]
    ext = srv.client("extw", caps=caps)
    plain = srv.client("plainw", caps=["away-notify", "setname", "chghost"])
    mate = srv.client("matew", caps=caps)
    tgt = srv.client("target")
    for c in (ext, plain, mate):
        c.send("MONITOR + target")
    mate.join("#shared")
    tgt.join("#shared")
    settle(ext, plain, mate, tgt)
    tgt.send("AWAY :gone fishing")
    tgt.send("SETNAME :New Name")
    tgt.send("MODE target +x")
    e, p, m, _ = settle(ext, plain, mate, tgt)
    t.eq([x.command for x in e if x.command in ("AWAY", "SETNAME",
                                                  "CHGHOST")],
         ["AWAY", "SETNAME", "CHGHOST"],
         "extended-monitor: AWAY, SETNAME and CHGHOST of a monitored nick "
         "with no room in common")
    t.eq([x.command for x in p if x.command in ("AWAY", "SETNAME",
                                                  "CHGHOST")], [],
         "without extended-monitor: none of them")
    t.eq([x.command for x in m if x.command in ("AWAY", "SETNAME",
                                                  "CHGHOST")],
         ["AWAY", "SETNAME", "CHGHOST"],
         "a watcher sharing a room gets each once, not twice")
    only = srv.client("extonly", caps=["extended-monitor"])
    only.send("MONITOR + target")
    settle(only)
    tgt.send("AWAY")
    got = settle(only, tgt)[0]
    t.eq([x.command for x in got if x.command == "AWAY"], [],
         "extended-monitor without away-notify: no AWAY")
    for c in (ext, plain, mate, tgt, only):
        c.close()


def cap_notify():
    c = srv.client()
    c.send("CAP LS 302")
    ls = c.expect("CAP", None, "LS")
    t.ok("extended-monitor" in ls.last.split() and
         "cap-notify" in ls.last.split(),
         "CAP LS offers extended-monitor and cap-notify", ls.raw)
    c.register("capn", wait=False)
    c.send("CAP END")
    c.expect("001")
    old = srv.client("capold")      # no CAP LS 302: no cap-notify
    c.sync()
    with open(conf, "w") as f:
        f.write("monitor_max = 0\nflood_limit = 0\nmax_per_ip = 0\n")
    srv.proc.send_signal(signal.SIGHUP)
    m = c.expect("CAP", None, "DEL")
    t.eq(m.last, "extended-monitor",
         "monitor_max = 0 on SIGHUP: CAP DEL extended-monitor to a "
         "CAP LS 302 client (cap-notify is implicit)")
    t.eq([x.command for x in old.sync() if x.command == "CAP"], [],
         "no CAP DEL to a client without cap-notify")
    t.eq(numerics_of(c.ask("MONITOR L")), ["421"],
         "MONITOR is off with it")
    c.send("CAP REQ extended-monitor")
    m = c.expect("CAP", None, "NAK")
    t.ok(True, "a capability no longer offered is NAKed")
    with open(conf, "w") as f:
        f.write("monitor_max = 5\nflood_limit = 0\nmax_per_ip = 0\n")
    srv.proc.send_signal(signal.SIGHUP)
    m = c.expect("CAP", None, "NEW")
    t.eq(m.last, "extended-monitor", "back on: CAP NEW extended-monitor")
    c.send("CAP REQ -cap-notify")
    m = c.expect_any(["CAP"])
    t.eq(m.params[1], "NAK",
         "cap-notify \"MAY NOT be disabled\" after CAP LS 302: NAK")
    n = srv.client("capreq")
    got = n.ask("CAP REQ cap-notify")
    t.ok(any(x.command == "CAP" and x.params[1] == "ACK" for x in got),
         "a client without 302 may request cap-notify explicitly")
    after = srv.client("after")
    t.ok("MONITOR=5" in isupport(after), "005 follows the reload: MONITOR=5",
         isupport(after))
    after.close()
    c.close()
    old.close()
    n.close()


t.case("MONITOR +, -, C, L, S and the 730/731 notices", basics)
t.case("the monitor list limit (734)", full)
t.case("extended-monitor", extended)
t.case("cap-notify: CAP NEW and CAP DEL on reload", cap_notify)
t.done()
