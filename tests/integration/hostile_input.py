# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile peers sending bad bytes to the real tui-chatd: byte-at-a-time
# senders and the registration timeout, 1 MB lines without a newline, NUL
# bytes, invalid UTF-8, binary garbage, 16+ parameters, clients killed
# (kill -9) mid-line, half-closed sockets.  After each case the daemon is
# up, two healthy clients in a shared room got every message in order, and
# the daemon's RSS stays within a bound of its baseline.
import os
import random
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import (Client, Tap, Watch, SLOW, TIMEOUT, settle,  # noqa
                       texts)

t = Tap()
srv = t.server(sets={"flood_limit": 0, "reg_timeout": 2, "max_per_ip": 0})
watch = Watch(t, srv)
# The room the hostile clients join, so their garbage meets the healthy.
ROOM = watch.room
BASE_RSS = srv.rss_kb()
# Growth allowed over the baseline: well below what the attacks would
# cost if the daemon kept what they send (several MB each).
RSS_SLACK = 16 * 1024 * (4 if SLOW > 1 else 1)


def bounded(desc):
    rss = srv.rss_kb()
    t.ok(0 < rss < BASE_RSS + RSS_SLACK,
         "%s: RSS %d kB within %d kB of the %d kB baseline" %
         (desc, rss, RSS_SLACK, BASE_RSS))


def slowloris():
    """Byte-at-a-time senders: the registration timeout still closes the
    unregistered ones; a registered one's line is framed right."""
    slow = [Client(srv.port, name="slow%d" % i) for i in range(10)]
    reg = srv.client("slowreg")
    reg.join(ROOM)
    line = b"PRIVMSG %s :assembled from single bytes\r\n" % ROOM.encode()
    todo = [b"NICK slow%d\r\nUSER s 0 * :s" % i for i in range(10)]
    deadline = time.monotonic() + 10 * SLOW
    i = 0
    watch.talker.sync()
    # Trickle one byte per connection per round, far slower than a line.
    while time.monotonic() < deadline and any(not c.closed for c in slow):
        for c, data in zip(slow, todo):
            if i < len(data) and not c.closed:
                try:
                    c.send_raw(data[i:i + 1])
                except Exception:
                    c.closed = True
            c.is_open()
        if i < len(line):
            reg.send_raw(line[i:i + 1])
        i += 1
        time.sleep(0.05)
    reg.send_raw(line[i:])
    t.ok(all(c.closed for c in slow),
         "byte-at-a-time registrations closed at reg_timeout",
         "%d still open" % sum(not c.closed for c in slow))
    t.ok(not any(m.command == "001" for c in slow for m in c.log),
         "none of them got registered")
    got = texts(watch.listener.sync())
    t.eq(got, [(ROOM, "assembled from single bytes")],
         "a line sent one byte at a time arrives once, whole")
    watch.check("slowloris")
    reg.close()


def megaline():
    """1 MB without a newline: refused, memory bounded, the line never
    reaches anyone."""
    c = srv.client("mega")
    c.join(ROOM)
    watch.talker.sync()
    chunk = b"PRIVMSG " + ROOM.encode() + b" :" + b"A" * 65536
    sent = 0
    try:
        c.send_raw(chunk)
        sent += len(chunk)
        while sent < (1 << 20):
            c.send_raw(b"A" * 65536)
            sent += 65536
        c.send_raw(b"\r\nPING :after-mega\r\n")
        alive = True
    except Exception:
        alive = False
    try:
        c.wait_for(lambda m: m.command in ("PONG", "ERROR"),
                   what="PONG or ERROR")
    except Exception:
        pass
    lines = [m.command for m in c.log]
    t.ok("417" in lines or "ERROR" in lines or c.closed or not alive,
         "1 MB line: 417 or disconnected", lines[-5:])
    leaked = [m for m in watch.listener.sync() if "AAAA" in m.raw]
    t.eq(leaked, [], "none of the 1 MB line reached the room")
    bounded("1 MB line")
    watch.check("1 MB line")
    c.close()


def valid_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def nul_utf8_garbage():
    c = srv.client("garbage")
    c.join(ROOM)
    watch.listener.sync()
    settle(c, watch.listener)
    c.send_raw(b"PRIVMSG " + ROOM.encode() + b" :nul\x00inside\r\n")
    c.send_raw(b"PRIVMSG " + ROOM.encode() + b" :bad utf8 \xff\xfe\xc3\r\n")
    c.send_raw(b"PRIVMSG " + ROOM.encode() + b" :\xed\xa0\x80 surrogate\r\n")
    c.send_raw(b"PRIVMSG " + ROOM.encode() + b" :overlong \xc0\xaf\r\n")
    c.send_raw(b"TOPIC " + ROOM.encode() + b" :\xff topic\r\n")
    c.send_raw(b"\x00\x00\x00\r\n\r\n\n\r:\r\n: \r\n@\r\n@a= \r\n")
    c.send_raw(b"NICK \xff\xfe\r\nJOIN #\xff\r\nJOIN \x00#x\r\n")
    mine, got = settle(c, watch.listener)
    why = sorted(m.params[-1] for m in mine if m.command == "FAIL" and
                 m.params[1:2] == ["INVALID_MESSAGE"])
    # Each malformed line is answered with its reason, not dropped in
    # silence: "\r:" (a CR inside), 3 lines with NUL bytes, ": " without a
    # source, "@" without tags and "@a= " without a command.
    t.eq(why, ["CR or LF inside line"] + ["NUL byte in line"] * 3 +
         ["malformed source", "malformed tags", "no command"],
         "each malformed line gets FAIL INVALID_MESSAGE with its reason")
    t.ok(not any(b"\x00" in m.bytes for m in got),
         "no NUL byte reaches a healthy client", [m.raw for m in got])
    t.ok(all(m.command != "NICK" for m in got),
         "an invalid NICK is not applied")
    if "UTF8ONLY" in " ".join(m.raw for m in c.log if m.command == "005"):
        # IRCv3 UTF8ONLY: the server must not relay invalid UTF-8.
        bad = [m.bytes[:80] for m in got if not valid_utf8(m.bytes)]
        t.eq(bad, [], "005 says UTF8ONLY: no invalid UTF-8 is relayed")
    rnd = random.Random(20261123)
    garbage = bytes(rnd.getrandbits(8) for _ in range(256 * 1024))
    try:
        c.send_raw(garbage)
        c.send_raw(b"\r\nPING :after-garbage\r\n")
        c.wait_for(lambda m: m.command in ("PONG", "ERROR"), TIMEOUT)
    except Exception:
        pass
    t.ok(srv.alive(), "256 kB of random bytes: daemon up")
    got = watch.listener.sync()
    t.ok(not any(b"\x00" in m.bytes or b"\r" in m.bytes for m in got),
         "no NUL or CR inside a line sent to a healthy client")
    watch.check("NUL, invalid UTF-8, garbage")
    bounded("garbage")
    c.close()


def many_params():
    c = srv.client("params")
    c.join(ROOM)
    ps = " ".join("p%d" % i for i in range(40))
    for line in ("PRIVMSG " + ps, "JOIN " + ps, "MODE %s +%s %s" %
                 (ROOM, "o" * 30, ps), "USERHOST " + ps, "ISON " + ps,
                 "KICK %s %s" % (ROOM, ps), "WHO " + ps,
                 "PRIVMSG %s %s :trailing after 40" % (ROOM, ps)):
        c.send(line)
    replies = c.sync()
    t.ok(c.is_open(), "16+ parameters: the connection lives",
         [m.raw for m in replies[-3:]])
    t.eq([m.params for m in replies if m.command == "FAIL"],
         [["*", "INVALID_MESSAGE", "too many parameters"]] * 8,
         "16+ parameters: each of the 8 lines is refused with FAIL")
    heard = [m.raw for m in settle(c, watch.listener)[1]
             if m.command in ("PRIVMSG", "MODE", "KICK") and
             m.nick == "params"]
    # Every line above has 16 or more parameters: malformed, so none of
    # them may act on the room.
    t.eq(heard, [], "16+ parameters: nothing reaches the room")
    watch.check("16+ parameters")
    c.close()


CHILD = r"""
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
nick, room = sys.argv[2], sys.argv[3]
s.sendall(("NICK %s\r\nUSER k 0 * :k\r\nJOIN %s\r\n" % (nick, room)).encode())
buf = b""
while b" 366 " not in buf:
    d = s.recv(4096)
    if not d:
        sys.exit(1)
    buf += d
s.sendall(("PRIVMSG %s :half a li" % room).encode())
print("ready", flush=True)
time.sleep(60)
"""


def killed_mid_line():
    fds = srv.fd_count()
    for i in range(10):
        p = subprocess.Popen([sys.executable, "-c", CHILD, str(srv.port),
                              "victim%d" % i, ROOM], stdout=subprocess.PIPE)
        try:
            ready = p.stdout.readline().strip() == b"ready"
        finally:
            p.send_signal(signal.SIGKILL)
            p.wait()
            p.stdout.close()
        if not ready:
            t.ok(False, "child %d did not get into the room" % i)
            return
    got = []
    want = set("victim%d" % i for i in range(10))
    deadline = time.monotonic() + TIMEOUT
    while want - set(m.nick for m in got if m.command == "QUIT") and \
            time.monotonic() < deadline:
        got += watch.listener.sync()
    quits = [m.nick for m in got if m.command == "QUIT" and
             m.nick.startswith("victim")]
    t.eq(sorted(quits), sorted("victim%d" % i for i in range(10)),
         "kill -9 mid-line: each victim's QUIT seen once")
    t.eq([m.raw for m in got if m.command == "PRIVMSG"], [],
         "the half line of a killed client is never delivered")
    watch.check("killed mid-line")
    t.ok(srv.fd_count() <= fds, "no file descriptor leaked (%d -> %d)" %
         (fds, srv.fd_count()))


def half_closed():
    c = srv.client("halfclose")
    c.join(ROOM)
    watch.listener.sync()
    c.send("PRIVMSG %s :last words" % ROOM)
    c.sock.shutdown(socket.SHUT_WR)
    lines = c.wait_closed()
    del lines
    got = watch.listener.wait_for(lambda m: m.command == "QUIT" and
                                  m.nick == "halfclose", what="QUIT")
    heard = [m.last for m in watch.listener.log
             if m.command == "PRIVMSG" and m.nick == "halfclose"]
    t.eq(heard, ["last words"],
         "a line sent before the half-close is delivered")
    t.ok(got is not None, "the half-closed client is gone (QUIT)")
    q = srv.client("halfquit")
    q.send("QUIT :bye now")
    q.sock.shutdown(socket.SHUT_WR)
    lines = q.wait_closed()
    t.ok(any(m.command == "ERROR" for m in lines),
         "QUIT then half-close: ERROR still delivered", [m.raw for m in lines])
    u = Client(srv.port)
    u.send("NICK halfunreg")
    u.sock.shutdown(socket.SHUT_WR)
    u.wait_closed()
    t.ok(True, "unregistered half-close: closed")
    watch.check("half-closed sockets")


t.case("slowloris", slowloris)
t.case("1 MB line", megaline)
t.case("NUL, invalid UTF-8, garbage", nul_utf8_garbage)
t.case("16+ parameters", many_params)
t.case("kill -9 mid-line", killed_mid_line)
t.case("half-closed sockets", half_closed)
bounded("end")
watch.close()
t.done()
