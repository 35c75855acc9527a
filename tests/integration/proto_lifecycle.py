# SPDX-License-Identifier: GPL-3.0-or-later
# The command-line contract of tui-chatd: SIGTERM/SIGINT tell every client
# (ERROR) and exit 0; a bad option or config line is one line on stderr
# naming file:line and exit 2; an unusable port is exit 1.
import os
import signal
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Client, Tap, free_port, run_daemon, settle  # noqa: E402

t = Tap()


def sigterm(sig):
    srv = t.server()
    a = srv.client("sig_a")
    b = srv.client("sig_b")
    a.join("#sig")
    u = srv.client()           # connected, not registered
    u.send("NICK unreg")
    a.sync()
    status = srv.stop(sig)
    for c in (a, b):
        lines = c.wait_closed()
        t.ok(any(m.command == "ERROR" for m in lines),
             "%s: %s gets ERROR before the close" %
             (signal.Signals(sig).name, c.name), [m.raw for m in lines])
    u.wait_closed()
    t.eq(status, 0, "%s: exit status 0" % signal.Signals(sig).name)


def one_line_error(args, want_status, desc, must_contain=()):
    status, err = run_daemon(args)
    lines = [x for x in err.splitlines() if x.strip()]
    t.eq(status, want_status, desc + ": exit %d" % want_status)
    t.ok(len(lines) == 1, desc + ": exactly one line on stderr", err)
    for s in must_contain:
        t.ok(s in err, desc + ": the error names %r" % s, err)


def options():
    port = free_port()
    base = ["--no-discovery", "--listen", "127.0.0.1:%d" % port]
    one_line_error(base + ["--no-such-option"], 2, "unknown option")
    one_line_error(base + ["--set", "no_such_key=1"], 2, "--set unknown key",
                   ["no_such_key"])
    one_line_error(base + ["--set", "flood_limit=lots"], 2,
                   "--set bad number", ["flood_limit"])
    one_line_error(base + ["--set", "flood_limit"], 2, "--set without =")
    one_line_error(base + ["--listen", "nonsense"], 2, "bad --listen")
    one_line_error(base + ["--config"], 2, "--config without a file")
    tmp = t.server(start=False).tmp
    conf = os.path.join(tmp, "bad.conf")
    with open(conf, "w") as f:
        f.write("# a comment\nname = fine.server\n\nbogus_key = 3\n")
    one_line_error(base + ["--config", conf], 2, "config unknown key",
                   [conf + ":4"])
    with open(conf, "w") as f:
        f.write("max_clients = 10\nsendq = -5\n")
    one_line_error(base + ["--config", conf], 2, "config bad value",
                   [conf + ":2"])
    with open(conf, "w") as f:
        f.write("max_clients = 10\nthis line has no equals sign\n")
    one_line_error(base + ["--config", conf], 2, "config line without =",
                   [conf + ":2"])
    one_line_error(base + ["--config", os.path.join(tmp, "missing.conf")],
                   2, "missing config file", ["missing.conf"])


def good_config():
    """A valid config file is used, and --set overrides it."""
    srv = t.server(start=False)
    conf = os.path.join(srv.tmp, "good.conf")
    with open(conf, "w") as f:
        f.write("# tui-chatd test config\nmotd = from the file\n"
                "max_per_ip = 0\nflood_limit = 0\n")
    srv.args = ["--config", conf]
    srv.start()
    c = srv.client()
    lines = c.register("cfg")
    motd = " ".join(m.last for m in c.log if m.command == "372")
    t.ok("from the file" in motd, "motd from --config is used", motd)
    del lines
    c.close()
    srv.stop()
    srv.args = ["--config", conf, "--set", "motd=from the command line"]
    srv.start()
    c = srv.client()
    c.register("cfg2")
    motd = " ".join(m.last for m in c.log if m.command == "372")
    t.ok("from the command line" in motd, "--set overrides the file", motd)
    c.close()
    t.eq(srv.stop(), 0, "clean exit")


def unusable_port():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    port = s.getsockname()[1]
    one_line_error(["--no-discovery", "--listen", "127.0.0.1:%d" % port], 1,
                   "port in use", [str(port)])
    s.close()
    # 192.0.2.1 (TEST-NET-1) is not an address of this host: bind fails
    # without a packet leaving.
    one_line_error(["--no-discovery", "--listen", "192.0.2.1:%d" %
                    free_port()], 1, "address not on this host")


def ipv4_and_ipv6():
    """Two --listen addresses, one IPv6: a client on each, one room."""
    if not socket.has_ipv6:
        t.ok(True, "# SKIP no IPv6")
        return
    try:
        probe = socket.socket(socket.AF_INET6)
        probe.bind(("::1", 0))
        port6 = probe.getsockname()[1]
        probe.close()
    except OSError:
        t.ok(True, "# SKIP no ::1")
        return
    srv = t.server("--listen", "[::1]:%d" % port6)
    a = srv.client("four")
    b = Client(port6, host="::1", name="six")
    b.register("six")
    a.join("#v6")
    b.join("#v6")
    a.send("PRIVMSG #v6 :over IPv4")
    t.eq([m.last for m in settle(a, b)[1] if m.command == "PRIVMSG"],
         ["over IPv4"], "a client on [::1] talks with one on 127.0.0.1")
    src = [m.source for m in a.log if m.command == "001"][0]
    t.eq(src, "test.server", "--name is the source of server replies")
    a.close()
    b.close()
    srv.stop()


t.case("IPv4 and IPv6 listeners", ipv4_and_ipv6)
t.case("SIGTERM", sigterm, signal.SIGTERM)
t.case("SIGINT", sigterm, signal.SIGINT)
t.case("bad options and config lines", options)
t.case("config file and --set", good_config)
t.case("unusable port", unusable_port)
t.done()
