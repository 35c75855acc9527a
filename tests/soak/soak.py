# SPDX-License-Identifier: GPL-3.0-or-later
"""Soak tui-chatd: many clients joining, chatting, leaving and reconnecting
for a long time, with the daemon's RSS sampled.

Not part of `make check` (run `make soak`, or tests/soak/soak.sh).  One
process drives every client through epoll; each client loops: connect,
register, join one or two of the rooms, chat, part, and then either join
again or quit and reconnect.  One observer per room never leaves.

Checks, printed at the end and decided by the exit status:
- no delivery lost: every observer got every message sent to its room,
  each sender's messages in order; every other receiver saw each
  sender's messages without gaps or repeats while both were in the room;
- nothing dropped: no client was disconnected by the daemon (SendQ, ping)
  and none failed to connect or register;
- memory returns to baseline: after all clients have left, the daemon's
  RSS is within a tolerance of what it was before they came, and what is
  left after each round (everyone leaves between rounds) does not grow;
- the daemon exits 0 on SIGTERM.
"""

import argparse
import heapq
import os
import random
import resource
import selectors
import signal
import socket
import subprocess
import tempfile
import sys
import time

HOSTS = ["127.0.0.%d" % i for i in range(2, 42)]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--clients", type=int, default=10000)
    p.add_argument("--duration", type=float, default=600,
                   help="seconds of churn (default 600)")
    p.add_argument("--rooms", type=int, default=100)
    p.add_argument("--rate", type=float, default=1.0,
                   help="messages per client per minute (default 1)")
    p.add_argument("--ramp", type=float, default=0,
                   help="seconds to connect everyone (default duration/10)")
    p.add_argument("--daemon", default=None,
                   help="tui-chatd binary (default $top_builddir/tui-chatd)")
    p.add_argument("--port", type=int, default=0,
                   help="use a running daemon on this port (RSS from --pid)")
    p.add_argument("--pid", type=int, default=0)
    p.add_argument("--rss-slack", type=float, default=0.10,
                   help="end RSS may exceed baseline by this share of the "
                        "peak growth (default 0.10) plus 8 MB")
    p.add_argument("--rounds", type=int, default=2,
                   help="split the time into rounds; everyone leaves "
                        "between rounds, and the RSS left then must not "
                        "grow from round to round (default 2)")
    p.add_argument("--seed", type=int, default=1)
    return p.parse_args()


def raise_nofile(want):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    new = hard if hard != resource.RLIM_INFINITY else max(want, soft)
    if new > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def fd_count(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return -1


class Stats:
    def __init__(self):
        self.connections = 0
        self.registered = 0
        self.sent = 0
        self.delivered = 0
        self.joins = 0
        self.parts = 0
        self.quits = 0
        self.errors = []

    def error(self, text):
        if len(self.errors) < 10:
            # The first few as they happen, with the time they happened.
            print("soak: error: %s" % text, flush=True)
        if len(self.errors) < 50:
            self.errors.append(text)
        elif len(self.errors) == 50:
            self.errors.append("... more errors left out")


class Client:
    """One simulated user.  state: idle (not connected), conn, reg, in
    (registered, maybe in rooms), quit (QUIT sent, waiting for EOF)."""

    __slots__ = ("sim", "id", "nick", "sock", "out", "inbuf", "state",
                 "rooms", "want", "observer", "gen", "seen", "sess",
                 "seq", "pending_join", "host", "writing", "talking",
                 "ponged")

    def __init__(self, sim, cid, observer_room=None):
        self.sim = sim
        self.id = cid
        self.observer = observer_room
        self.nick = ("o%d" % cid) if observer_room is not None \
            else ("u%d" % cid)
        self.sock = None
        self.state = "idle"
        self.gen = 0
        self.host = HOSTS[cid % len(HOSTS)]
        self.rooms = {}          # room -> our join session number
        self.seen = {}           # (room, sender session) -> last seq
        self.pending_join = set()
        self.out = bytearray()
        self.inbuf = b""
        self.writing = False
        self.sess = {}
        self.seq = {}
        self.talking = set()     # rooms we may still send to
        self.ponged = False


class Sim:
    def __init__(self, args, port, pid):
        self.args = args
        self.port = port
        self.pid = pid
        self.sel = selectors.EpollSelector()
        self.rnd = random.Random(args.seed)
        self.stats = Stats()
        self.timers = []
        self.tseq = 0
        self.rooms = ["#soak%d" % i for i in range(args.rooms)]
        self.next_sess = 1
        # Sent counts per (room, sender session), for the observers.
        self.sent_by = {}
        self.obs_got = {}        # (room, sender session) -> count
        self.obs_last = {}       # (room, sender session) -> last seq
        self.stopping = False
        self.clients = []
        self.rss = []
        self.base_fds = 0

    # ------------------------------------------------------------ timers
    def at(self, when, fn, *a):
        self.tseq += 1
        heapq.heappush(self.timers, (when, self.tseq, fn, a))

    def after(self, delay, fn, *a):
        self.at(time.monotonic() + delay, fn, *a)

    # ------------------------------------------------------------ I/O
    def connect(self, c):
        if self.stopping:
            return
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.bind((c.host, 0))
        except OSError as e:
            s.close()
            self.stats.error("%s: bind %s: %s" % (c.nick, c.host, e))
            self.after(1, self.connect, c)
            return
        err = s.connect_ex(("127.0.0.1", self.port))
        if err not in (0, 115):          # EINPROGRESS
            s.close()
            self.stats.error("%s: connect: %s" % (c.nick, os.strerror(err)))
            self.after(1, self.connect, c)
            return
        c.sock = s
        c.state = "conn"
        c.gen += 1
        c.out = bytearray()
        c.inbuf = b""
        c.rooms = {}
        c.seen = {}
        c.pending_join = set()
        c.talking = set()
        c.writing = True
        self.sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE, c)
        self.stats.connections += 1
        self.send(c, "NICK %s\r\nUSER s 0 * :soak\r\n" % c.nick)

    def send(self, c, text):
        c.out += text.encode()
        if not c.writing and c.sock is not None:
            c.writing = True
            self.sel.modify(c.sock, selectors.EVENT_READ |
                            selectors.EVENT_WRITE, c)

    def on_write(self, c):
        if c.out:
            try:
                n = c.sock.send(c.out)
            except BlockingIOError:
                return
            except OSError as e:
                self.lost(c, "send: %s" % e)
                return
            del c.out[:n]
        if not c.out:
            c.writing = False
            self.sel.modify(c.sock, selectors.EVENT_READ, c)

    def on_read(self, c):
        try:
            data = c.sock.recv(262144)
        except BlockingIOError:
            return
        except OSError as e:
            self.lost(c, "recv: %s" % e)
            return
        if not data:
            if c.state == "quit":
                self.closed(c)
            else:
                self.lost(c, "EOF in state %s" % c.state)
            return
        buf = c.inbuf + data
        lines = buf.split(b"\r\n")
        c.inbuf = lines.pop()
        for line in lines:
            if c.sock is None:
                return
            self.line(c, line)

    def closed(self, c):
        self.sel.unregister(c.sock)
        c.sock.close()
        c.sock = None
        c.state = "idle"
        if not self.stopping:
            self.after(self.rnd.uniform(0.5, 5), self.connect, c)

    def lost(self, c, why):
        tail = c.inbuf[-200:].decode("utf-8", "replace")
        self.stats.error("%s: disconnected: %s %s" % (c.nick, why, tail))
        self.sel.unregister(c.sock)
        c.sock.close()
        c.sock = None
        c.state = "idle"
        if not self.stopping:
            self.after(self.rnd.uniform(0.5, 5), self.connect, c)

    # ------------------------------------------------------------ protocol
    def line(self, c, line):
        # Fast path for the bulk of the traffic: ":src PRIVMSG #room :s N".
        parts = line.split(b" ", 3)
        if len(parts) < 2:
            return
        if parts[0] == b"PING":
            self.send(c, "PONG %s\r\n" % parts[1].decode())
            return
        if parts[0] == b"ERROR":
            if c.state != "quit":
                self.stats.error("%s: %s" % (c.nick, line.decode(
                    "utf-8", "replace")))
            return
        cmd = parts[1]
        if cmd == b"PING":
            # ":server PING token": the daemon's keepalive, with a source.
            self.send(c, "PONG %s\r\n" % b" ".join(parts[2:]).decode())
            return
        if cmd == b"PRIVMSG":
            self.privmsg(c, parts[2].decode(), parts[3])
        elif cmd == b"001":
            if c.state == "quit":
                return           # QUIT already on its way
            c.state = "in"
            self.stats.registered += 1
            if c.observer is not None:
                self.send(c, "JOIN %s\r\n" % c.observer)
                c.pending_join.add(c.observer)
            else:
                self.after(self.rnd.uniform(0.1, 2), self.join, c)
        elif cmd == b"PONG":
            c.ponged = True
        elif cmd == b"366":
            room = parts[3].split(b" ", 1)[0].decode()
            self.joined(c, room)
        elif cmd == b"PART":
            src = parts[0][1:].split(b"!", 1)[0].decode()
            if src == c.nick:
                room = parts[2].decode().lstrip(":")
                c.rooms.pop(room, None)
                self.stats.parts += 1
                self.forget(c, room)
                if not c.rooms:
                    self.after(self.rnd.uniform(0.1, 3), self.next_step, c)
        elif cmd in (b"433", b"432", b"451", b"461", b"403", b"404",
                     b"405", b"421", b"464", b"471", b"473", b"474",
                     b"475"):
            self.stats.error("%s: %s" % (c.nick, line.decode(
                "utf-8", "replace")))

    def forget(self, c, room):
        for k in [k for k in c.seen if k[0] == room]:
            del c.seen[k]

    def privmsg(self, c, room, rest):
        # rest is b":s SESSION SEQ"
        try:
            _, sess, seq = rest.split(b" ")
            sess = int(sess)
            seq = int(seq)
        except ValueError:
            self.stats.error("%s: bad PRIVMSG %r" % (c.nick, rest))
            return
        self.stats.delivered += 1
        if c.state == "quit":
            return               # sent before the daemon saw our QUIT
        key = (room, sess)
        if c.observer is not None:
            last = self.obs_last.get(key, 0)
            if seq != last + 1:
                self.stats.error("observer %s: %s session %d: seq %d "
                                 "after %d" % (c.nick, room, sess, seq,
                                               last))
            self.obs_last[key] = seq
            self.obs_got[key] = self.obs_got.get(key, 0) + 1
            return
        if room not in c.rooms:
            self.stats.error("%s: message for %s while not in it" %
                             (c.nick, room))
            return
        last = c.seen.get(key)
        if last is not None and seq != last + 1:
            self.stats.error("%s: %s session %d: seq %d after %d" %
                             (c.nick, room, sess, seq, last))
        c.seen[key] = seq

    def join(self, c):
        if c.state != "in" or self.stopping:
            return
        n = 1 if self.rnd.random() < 0.6 else 2
        rooms = self.rnd.sample(self.rooms, n)
        c.pending_join = set(rooms)
        self.send(c, "JOIN %s\r\n" % ",".join(rooms))

    def joined(self, c, room):
        c.pending_join.discard(room)
        self.stats.joins += 1
        sess = self.next_sess
        self.next_sess += 1
        c.rooms[room] = sess
        c.talking.add(room)
        c.seq[room] = 0
        if c.observer is not None:
            return
        if not c.pending_join:
            # Chat for a while in every room joined, then leave.
            stay = self.rnd.uniform(5, 60)
            talk = max(1, int(stay * self.args.rate / 60 + 0.5))
            for r in list(c.rooms):
                for _ in range(self.rnd.randint(0, talk)):
                    self.after(self.rnd.uniform(0, stay), self.talk, c,
                               c.gen, r, c.rooms[r])
            self.after(stay, self.part, c, c.gen)

    def talk(self, c, gen, room, sess):
        if c.gen != gen or c.state != "in" or c.rooms.get(room) != sess \
                or room not in c.talking or self.stopping:
            return
        c.seq[room] += 1
        self.sent_by[(room, sess)] = c.seq[room]
        self.stats.sent += 1
        self.send(c, "PRIVMSG %s :s %d %d\r\n" % (room, sess, c.seq[room]))

    def part(self, c, gen):
        if c.gen != gen or c.state != "in" or self.stopping:
            return
        if c.rooms:
            # Stop talking now: a line sent after the PART would be
            # refused, and counted as lost.
            c.talking = set()
            self.send(c, "PART %s :bye\r\n" % ",".join(c.rooms))
        else:
            self.next_step(c)

    def next_step(self, c):
        if c.state != "in" or self.stopping:
            return
        if self.rnd.random() < 0.5:
            self.join(c)
        else:
            self.quit(c)

    def quit(self, c):
        if c.sock is None or c.state == "quit":
            return
        c.state = "quit"
        c.rooms = {}
        self.stats.quits += 1
        self.send(c, "QUIT :soak cycle\r\n")

    # ------------------------------------------------------------ main loop
    def run_until(self, pred, deadline, sample_every=1.0):
        next_sample = time.monotonic()
        while not pred() and time.monotonic() < deadline:
            now = time.monotonic()
            if now >= next_sample:
                self.rss.append(rss_kb(self.pid))
                next_sample = now + sample_every
            while self.timers and self.timers[0][0] <= now:
                _, _, fn, a = heapq.heappop(self.timers)
                fn(*a)
            wait = 0.05
            if self.timers:
                wait = max(0, min(wait, self.timers[0][0] - now))
            for key, ev in self.sel.select(wait):
                c = key.data
                if ev & selectors.EVENT_READ and c.sock is not None:
                    self.on_read(c)
                if ev & selectors.EVENT_WRITE and c.sock is not None:
                    self.on_write(c)

    def report(self, phase):
        s = self.stats
        print("soak: %-8s conns=%d live=%d registered=%d sent=%d "
              "delivered=%d joins=%d errors=%d rss=%d kB" %
              (phase, s.connections, sum(1 for c in self.clients
                                         if c.sock is not None),
               s.registered, s.sent, s.delivered, s.joins, len(s.errors),
               rss_kb(self.pid)), flush=True)


def start_daemon(args):
    binary = args.daemon or os.path.join(
        os.environ.get("top_builddir") or os.getcwd(), "tui-chatd")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    log = open("soak-daemon.log", "wb")
    p = subprocess.Popen([binary, "--listen", "127.0.0.1:%d" % port,
                          "--no-discovery", "--name", "soak.server",
                          "--state-dir", tempfile.mkdtemp(
                              prefix="soak-state."),
                          "--set", "max_clients=0", "--set", "max_per_ip=0",
                          # The driver is one process for 10,000 clients:
                          # on a busy machine it may answer late, which is
                          # not what the soak measures.
                          "--set", "reg_timeout=300",
                          "--set", "ping_timeout=300"],
                         stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return p, port
        except OSError:
            if p.poll() is not None:
                break
            time.sleep(0.1)
    sys.exit("soak: tui-chatd did not start; see soak-daemon.log")


def run_round(sim, users, duration, ramp):
    """Everyone connects (spread over ramp seconds) and churns for
    duration seconds; then all of them quit and are gone."""
    sim.stopping = False
    start = time.monotonic()
    for i, c in enumerate(users):
        sim.at(start + ramp * i / len(users), sim.connect, c)
    end = start + duration
    next_report = start + 10
    while time.monotonic() < end:
        sim.run_until(lambda: False, min(end, next_report))
        if time.monotonic() >= next_report:
            sim.report("running")
            next_report += 10
    # Stop: no new activity, everyone but the observers quits.
    sim.stopping = True
    sim.timers = []
    for c in users:
        if c.sock is None:
            continue
        if c.state == "conn":
            sim.send(c, "QUIT :soak over\r\n")
            c.state = "quit"
        else:
            sim.quit(c)
    sim.run_until(lambda: all(c.sock is None for c in users),
                  time.monotonic() + 120)
    # The daemon closes its side after the QUIT; give it a moment.
    deadline = time.monotonic() + 30
    while fd_count(sim.pid) > sim.base_fds + len(sim.rooms) and \
            time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)


def main():
    args = parse_args()
    limit = raise_nofile(args.clients + args.rooms + 1000)
    if limit < args.clients + args.rooms + 100:
        sys.exit("soak: open-file limit %d is too low for %d clients" %
                 (limit, args.clients))
    proc = None
    if args.port:
        port, pid = args.port, args.pid
    else:
        proc, port = start_daemon(args)
        pid = proc.pid
    sim = Sim(args, port, pid)
    time.sleep(0.5)
    base_rss = rss_kb(pid)
    base_fds = fd_count(pid)
    sim.base_fds = base_fds
    print("soak: %d clients, %d rooms, %.0f s, %.1f msg/client/min, "
          "daemon pid %d port %d, baseline RSS %d kB" %
          (args.clients, args.rooms, args.duration, args.rate, pid, port,
           base_rss), flush=True)
    ramp = args.ramp or args.duration / args.rounds / 10
    for i, room in enumerate(sim.rooms):
        c = Client(sim, i, observer_room=room)
        sim.clients.append(c)
        sim.connect(c)
    obs = list(sim.clients)
    sim.run_until(lambda: all(o.observer in o.rooms for o in obs),
                  time.monotonic() + 60)
    users = [Client(sim, i) for i in range(args.clients)]
    sim.clients += users
    rounds = []
    for r in range(args.rounds):
        sim.rss = []
        run_round(sim, users, args.duration / args.rounds, ramp)
        rounds.append((max(sim.rss + [0]), rss_kb(pid)))
        print("soak: round %d: peak %d kB, after everyone left %d kB" %
              (r + 1, rounds[-1][0], rounds[-1][1]), flush=True)
    # Every message sent has been handled once the observers' PINGs come
    # back; then compare what they got with what was sent.
    for o in obs:
        o.ponged = False
        sim.send(o, "PING :soak-final\r\n")
    sim.run_until(lambda: all(o.ponged for o in obs), time.monotonic() + 60)
    lost = 0
    for key, n in sim.sent_by.items():
        got = sim.obs_got.get(key, 0)
        if got != n:
            lost += n - got
            sim.stats.error("room %s session %d: sent %d, observer got %d" %
                            (key[0], key[1], n, got))
    for o in obs:
        if o.sock is not None:
            sim.quit(o)
    sim.run_until(lambda: all(c.sock is None for c in obs),
                  time.monotonic() + 30)
    # Let the daemon finish closing, then take the end figures.
    deadline = time.monotonic() + 30
    while fd_count(pid) > base_fds and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    end_rss = rss_kb(pid)
    end_fds = fd_count(pid)
    peak = max([p for p, _ in rounds] + [base_rss, end_rss])
    s = sim.stats
    print("soak: connections %d (registered %d), messages sent %d, "
          "delivered %d, lost %d" % (s.connections, s.registered, s.sent,
                                      s.delivered, lost))
    print("soak: joins %d, parts %d, quits %d" % (s.joins, s.parts,
                                                  s.quits))
    print("soak: memory start %d kB, peak %d kB, end %d kB; fds start %d, "
          "end %d" % (base_rss, peak, end_rss, base_fds, end_fds))
    ok = True
    allowed = base_rss + args.rss_slack * (peak - base_rss) + 8192
    if end_rss > allowed:
        print("soak: FAIL: RSS did not return to baseline (end %d kB > "
              "%d kB allowed)" % (end_rss, allowed))
        ok = False
    # What is left once everyone is gone must not grow from round to
    # round (peaks depend on how busy the machine was; these do not).
    first, last = rounds[0][1], rounds[-1][1]
    if len(rounds) > 1 and last > first * 1.10 + 4096:
        print("soak: FAIL: RSS after everyone left grows from round to "
              "round (%d kB after the first, %d kB after the last): a leak" %
              (first, last))
        ok = False
    if end_fds > base_fds:
        print("soak: FAIL: %d descriptors still open" % (end_fds - base_fds))
        ok = False
    if lost:
        print("soak: FAIL: %d messages lost" % lost)
        ok = False
    if s.errors:
        print("soak: FAIL: %d errors, first ones:" % len(s.errors))
        for e in s.errors[:20]:
            print("soak:   " + e)
        ok = False
    if s.registered < args.clients:
        print("soak: FAIL: only %d registrations for %d clients" %
              (s.registered, args.clients))
        ok = False
    if proc is not None:
        proc.send_signal(signal.SIGTERM)
        try:
            status = proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            status = proc.wait()
        print("soak: daemon exit status %d" % status)
        if status != 0:
            ok = False
    print("soak: %s" % ("PASS" if ok else "FAIL"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
