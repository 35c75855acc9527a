# SPDX-License-Identifier: GPL-3.0-or-later
"""A small raw-socket IRC test client, a daemon launcher and TAP output.

Used by the Python tests under tests/integration and tests/soak.  The
daemon under test is the freshly built tui-chatd ($top_builddir/tui-chatd);
IRCTEST_SERVER=ngircd runs the same test against Debian's ngIRCd instead,
which is how the harness itself was checked before tui-chatd existed.

Every wait here is bounded: a reply that does not come raises Timeout and
the test records a failure instead of hanging.  Nothing asserts on how
long something took.  "Nothing arrived" is never decided by waiting: a
client proves it got everything the daemon queued for it by a PING/PONG
round trip (sync()), because the daemon is one event loop that queues a
room message to every member before it reads the next line.
"""

import atexit
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

# History is on by default: no daemon or client started by a test writes
# to $HOME (each Daemon also gets a state directory of its own).
if not os.environ.get("TUI_CHAT_TEST_STATE"):
    _state = tempfile.mkdtemp(prefix="tui-chat-state.")
    os.environ["XDG_STATE_HOME"] = _state
    os.environ["TUI_CHAT_TEST_STATE"] = _state
    atexit.register(shutil.rmtree, _state, True)

# Sanitizer builds are slower; give bounded waits more room there.
SLOW = 3 if os.environ.get("SANITIZERS") else 1
TIMEOUT = 10 * SLOW


class Timeout(Exception):
    pass


class Closed(Exception):
    pass


# ---------------------------------------------------------------- messages

_TAG_UNESCAPE = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}


def _tag_value(v):
    out, i = [], 0
    while i < len(v):
        if v[i] == "\\" and i + 1 < len(v):
            out.append(_TAG_UNESCAPE.get(v[i + 1], v[i + 1]))
            i += 2
        elif v[i] == "\\":
            i += 1
        else:
            out.append(v[i])
            i += 1
    return "".join(out)


class Msg:
    """One parsed line: tags (dict), source, command (upper case), params."""

    def __init__(self, raw):
        self.raw = raw
        self.tags = {}
        self.source = None
        rest = raw
        if rest.startswith("@"):
            t, _, rest = rest.partition(" ")
            for kv in t[1:].split(";"):
                k, eq, v = kv.partition("=")
                self.tags[k] = _tag_value(v) if eq else ""
            rest = rest.lstrip(" ")
        if rest.startswith(":"):
            self.source, _, rest = rest[1:].partition(" ")
            rest = rest.lstrip(" ")
        self.params = []
        while rest:
            if rest.startswith(":"):
                self.params.append(rest[1:])
                break
            p, _, rest = rest.partition(" ")
            self.params.append(p)
            rest = rest.lstrip(" ")
        self.command = self.params.pop(0).upper() if self.params else ""

    @property
    def nick(self):
        """The nick part of the source (nick!user@host)."""
        return (self.source or "").split("!", 1)[0]

    @property
    def last(self):
        return self.params[-1] if self.params else ""

    def __repr__(self):
        return "Msg(%r)" % self.raw


# ----------------------------------------------------------------- client

class Client:
    """One raw IRC connection.  Lines received are kept in self.log (every
    one, in order) and consumed from self.pending by the expect functions."""

    _seq = 0

    def __init__(self, port, host="127.0.0.1", name=None, auto_pong=True,
                 rcvbuf=None, bind=None):
        self.auto_pong = auto_pong
        self.sock = socket.socket(socket.AF_INET6 if ":" in host
                                  else socket.AF_INET)
        if bind:
            # Another loopback address (127.0.0.0/8) counts as another
            # peer for the per-address limits.
            self.sock.bind((bind, 0))
        if rcvbuf:
            # Set before connect so the window the peer sees is small.
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(TIMEOUT)
        self.sock.connect((host, port))
        self.sock.setblocking(False)
        self.buf = b""
        self.pending = []
        self.log = []
        self.closed = False
        self.nick = name
        self.name = name or "client"

    # -- raw I/O
    def send_raw(self, data):
        """Send bytes as they are (no CRLF added); bounded by TIMEOUT."""
        if isinstance(data, str):
            data = data.encode()
        view = memoryview(data)
        deadline = time.monotonic() + TIMEOUT
        while view:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout("%s: send blocked" % self.name)
            _, w, _ = select.select([], [self.sock], [], left)
            if not w:
                continue
            try:
                n = self.sock.send(view)
            except BlockingIOError:
                continue
            except OSError as e:
                raise Closed("%s: send: %s" % (self.name, e))
            view = view[n:]

    def send(self, line):
        self.send_raw((line if isinstance(line, bytes) else line.encode())
                      + b"\r\n")

    def _fill(self, timeout):
        """Read what is there (waiting at most timeout); False on EOF."""
        if self.closed:
            return False
        r, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not r:
            return True
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return True
        except OSError:
            data = b""
        return self._take(data)

    def _take(self, data):
        """Split what was read into lines; empty data is EOF (False)."""
        if not data:
            self.closed = True
            if self.buf:
                self._line(self.buf)
                self.buf = b""
            return False
        self.buf += data
        while True:
            i = self.buf.find(b"\n")
            if i < 0:
                break
            line, self.buf = self.buf[:i], self.buf[i + 1:]
            self._line(line)
        return True

    def _line(self, line):
        if line.endswith(b"\r"):
            line = line[:-1]
        m = Msg(line.decode("utf-8", "replace"))
        m.bytes = line
        if m.command == "PING" and self.auto_pong and not self.closed:
            # Answer the daemon's keepalive like a real client would;
            # the PING still goes to the log for tests that look for it.
            try:
                self.sock.send(b"PONG :" + m.last.encode() + b"\r\n")
            except OSError:
                pass
        self.log.append(m)
        self.pending.append(m)

    # -- waiting
    def wait_for(self, pred, timeout=None, what="a line"):
        """Consume and return the first pending line with pred(m); the
        lines before it stay pending.  Timeout or Closed if none comes."""
        deadline = time.monotonic() + (timeout or TIMEOUT)
        while True:
            for i, m in enumerate(self.pending):
                if pred(m):
                    del self.pending[i]
                    return m
            left = deadline - time.monotonic()
            if self.closed:
                raise Closed("%s: closed while waiting for %s; got %s" %
                             (self.name, what, self._tail()))
            if left <= 0:
                raise Timeout("%s: no %s; got %s" %
                              (self.name, what, self._tail()))
            self._fill(min(left, 0.5))

    def _tail(self):
        return [m.raw[:120] for m in self.log[-6:]]

    def expect(self, command, *params, timeout=None):
        """Wait for COMMAND whose leading params equal PARAMS (None = any)."""
        command = str(command).upper()
        if command.isdigit():
            command = "%03d" % int(command)

        def pred(m):
            if m.command != command:
                return False
            for i, p in enumerate(params):
                if p is None:
                    continue
                if i >= len(m.params) or m.params[i] != p:
                    return False
            return True
        return self.wait_for(pred, timeout,
                             "%s %s" % (command, " ".join(map(str, params))))

    def expect_any(self, commands, timeout=None):
        cmds = set("%03d" % int(c) if str(c).isdigit() else str(c).upper()
                   for c in commands)
        return self.wait_for(lambda m: m.command in cmds, timeout,
                             "one of %s" % sorted(cmds))

    def sync(self, timeout=None):
        """PING round trip: afterwards every line the daemon queued for us
        before it handled the PING is in self.pending.  Returns them."""
        Client._seq += 1
        token = "sync%d" % Client._seq
        self.send("PING " + token)
        self.wait_for(lambda m: m.command == "PONG" and m.last == token,
                      timeout, "PONG " + token)
        got = self.pending
        self.pending = []
        return got

    def ask(self, line):
        """Send line on a quiet connection; return every line the daemon
        sent in answer (everything up to a PONG round trip after it)."""
        self.sync()
        self.send(line)
        return self.sync()

    def replies(self, line):
        """The commands/numerics of ask(line), in order."""
        return [m.command for m in self.ask(line)]

    def drain(self):
        got, self.pending = self.pending, []
        return got

    def wait_closed(self, timeout=None):
        """Wait for EOF; returns every line that came before it."""
        deadline = time.monotonic() + (timeout or TIMEOUT)
        while not self.closed:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout("%s: connection not closed; got %s" %
                              (self.name, self._tail()))
            self._fill(min(left, 0.5))
        return self.drain()

    def is_open(self):
        """True when the daemon has not closed us (reads what is there)."""
        while self._fill(0) and not self.closed:
            r, _, _ = select.select([self.sock], [], [], 0)
            if not r:
                break
        return not self.closed

    # -- registration
    def register(self, nick, user=None, caps=(), password=None,
                 wait=True):
        """Register; with caps, negotiate them first (CAP LS 302/REQ/END).
        Returns the lines of the burst up to the end of MOTD (376/422)."""
        self.nick = nick
        self.name = nick
        if caps:
            self.send("CAP LS 302")
        if password is not None:
            self.send("PASS " + password)
        self.send("NICK " + nick)
        self.send("USER %s 0 * :Test %s" % (user or nick.lower()[:10], nick))
        if caps:
            self.expect("CAP", None, "LS")
            self.send("CAP REQ :" + " ".join(caps))
            m = self.expect_any(["CAP"])
            if len(m.params) < 2 or m.params[1] != "ACK":
                raise AssertionError("CAP REQ %s: %s" % (caps, m.raw))
            self.send("CAP END")
        if not wait:
            return []
        self.expect("001")
        burst = [self.log[-1]]
        end = self.expect_any(["376", "422"])
        return burst + [end]

    def join(self, room, key=None):
        self.send("JOIN %s%s" % (room, " " + key if key else ""))
        self.expect("366", None, room)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
        self.closed = True


class TlsClient(Client):
    """A Client over TLS (python3 ssl): no certificate verification unless
    cafile is given; cert/key present a client certificate."""

    def __init__(self, port, host="127.0.0.1", name=None, auto_pong=True,
                 cert=None, key=None, cafile=None):
        import ssl
        super().__init__(port, host=host, name=name, auto_pong=auto_pong)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if cafile:
            ctx.load_verify_locations(cafile)
            ctx.check_hostname = False
        else:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        if cert:
            ctx.load_cert_chain(cert, key)
        self.sock.setblocking(True)
        self.sock.settimeout(TIMEOUT)
        self.sock = ctx.wrap_socket(self.sock)
        self.peer_der = self.sock.getpeercert(binary_form=True)

    def send_raw(self, data):
        if isinstance(data, str):
            data = data.encode()
        try:
            self.sock.sendall(data)
        except OSError as e:
            raise Closed("%s: send: %s" % (self.name, e))

    def _fill(self, timeout):
        """As Client._fill; bytes OpenSSL holds already count as ready."""
        import ssl
        if self.closed:
            return False
        if not self.sock.pending():
            r, _, _ = select.select([self.sock], [], [], max(timeout, 0))
            if not r:
                return True
        try:
            data = self.sock.recv(65536)
        except (ssl.SSLWantReadError, socket.timeout):
            return True
        except OSError:
            data = b""
        return self._take(data)


# ----------------------------------------------------------------- server

def settle(*clients):
    """A barrier over several connections: every line any of them sent
    has been handled, and everything the daemon queued for them as a
    result has arrived.  Returns each client's new lines, in order.

    One client's PONG proves only that its own earlier lines were handled,
    so: a first round makes every sender's lines handled, a second round
    brings in what that queued for the others."""
    got = [c.sync() for c in clients]
    return [g + c.sync() for g, c in zip(got, clients)]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def builddir():
    return os.environ.get("top_builddir") or os.getcwd()


def _wait_port(port, proc, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


NGIRCD_CONF = """[Global]
Name = test.server
Info = test
Listen = 127.0.0.1
Ports = {port}
MotdPhrase = {motd}
ServerUID = {uid}
ServerGID = {gid}
{password}
[Limits]
MaxNickLength = 30
PingTimeout = {ping_timeout}
MaxConnectionsIP = {max_per_ip}
[Options]
PAM = no
Ident = no
DNS = no
"""


class Server:
    """tui-chatd (or ngircd) on a free loopback port, with --set options.

    Its stderr goes to a log file that is printed as TAP diagnostics when
    the test fails."""

    def __init__(self, *args, sets=None, port=None, start=True):
        self.kind = os.environ.get("IRCTEST_SERVER", "tui-chatd")
        self.port = port or free_port()
        self.sets = dict(sets or {})
        self.args = list(args)
        self.tmp = tempfile.mkdtemp(prefix="tui-chat-test.")
        self.logpath = os.path.join(self.tmp, "daemon.log")
        self.proc = None
        self.exitcode = None
        self.stopped = False
        if start:
            self.start()

    def command(self):
        if self.kind == "ngircd":
            conf = os.path.join(self.tmp, "ngircd.conf")
            pw = self.sets.get("password")
            with open(conf, "w") as f:
                f.write(NGIRCD_CONF.format(
                    port=self.port, uid=os.getuid(), gid=os.getgid(),
                    motd=self.sets.get("motd", "hello"),
                    password="Password = " + pw if pw else "",
                    ping_timeout=self.sets.get("ping_timeout", 120),
                    max_per_ip=self.sets.get("max_per_ip", 0)))
            return ["/usr/sbin/ngircd", "-n", "-f", conf]
        # TUI_CHATD_WRAPPER runs the daemon under a tool (tests/valgrind).
        cmd = os.environ.get("TUI_CHATD_WRAPPER", "").split() + [
               os.path.join(builddir(), "tui-chatd"),
               "--listen", "127.0.0.1:%d" % self.port, "--no-discovery",
               "--name", "test.server"]
        if "state_dir" not in self.sets:
            cmd += ["--state-dir", os.path.join(self.tmp, "state")]
        for k, v in self.sets.items():
            cmd += ["--set", "%s=%s" % (k, v)]
        return cmd + self.args

    def start(self):
        self.log = open(self.logpath, "ab")
        env = dict(os.environ)
        if "ASAN_OPTIONS" in env:
            # ASan keeps freed memory in a 256 MB quarantine; a smaller one
            # keeps the RSS checks meaningful in the sanitizer build.
            env["ASAN_OPTIONS"] += ":quarantine_size_mb=16"
        self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log,
                                     env=env)
        # Never leave a daemon behind, even when the test itself crashes.
        atexit.register(self.stop, signal.SIGKILL)
        if not _wait_port(self.port, self.proc, TIMEOUT):
            raise RuntimeError("daemon did not start: %s" % self.logtext())

    def client(self, nick=None, auto_pong=True, rcvbuf=None, bind=None,
               **kw):
        """A connected client, registered as nick when nick is given."""
        c = Client(self.port, name=nick, auto_pong=auto_pong, rcvbuf=rcvbuf,
                   bind=bind)
        if nick:
            c.register(nick, **kw)
        return c

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def rss_kb(self):
        """VmRSS of the daemon in kB (0 when it is gone)."""
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def fd_count(self):
        try:
            return len(os.listdir("/proc/%d/fd" % self.proc.pid))
        except OSError:
            return -1

    def logtext(self):
        try:
            with open(self.logpath, "rb") as f:
                return f.read().decode("utf-8", "replace")[-4000:]
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM, timeout=None):
        """Signal the daemon and wait (bounded); returns its exit status."""
        if self.proc is None:
            return None
        self.stopped = True
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout or TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.exitcode = self.proc.returncode
        self.log.close()
        return self.exitcode

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


class RedisServer:
    """A redis-server of the test's own on a free loopback port, no disk.

    stop() and start() again keep the port, so a test can take Redis away
    from a cluster and bring it back (empty, as after a crash)."""

    def __init__(self, port=None, start=True):
        self.port = port or free_port()
        self.tmp = tempfile.mkdtemp(prefix="tui-chat-redis.")
        self.logpath = os.path.join(self.tmp, "redis.log")
        self.proc = None
        if start:
            self.start()

    @property
    def url(self):
        return "redis://127.0.0.1:%d" % self.port

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", self.tmp,
             "--logfile", self.logpath],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        atexit.register(self.stop, signal.SIGKILL)
        if not _wait_port(self.port, self.proc, TIMEOUT):
            raise RuntimeError("redis-server did not start on %d" % self.port)

    def cli(self, *args):
        """redis-cli ARGS against this server; its output, stripped."""
        out = subprocess.run(["redis-cli", "-p", str(self.port)] + list(args),
                             capture_output=True, text=True, timeout=TIMEOUT)
        return out.stdout.strip()

    def stop(self, sig=signal.SIGTERM):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(sig)
        try:
            self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Watch:
    """Two healthy clients in a room, one talking, one listening: check()
    proves the daemon is up and every message so far arrived in order."""

    def __init__(self, tap, srv, room="#healthy", prefix="hw",
                 binds=(None, None)):
        self.t, self.srv, self.room = tap, srv, room
        self.talker = srv.client(prefix + "talk", bind=binds[0])
        self.listener = srv.client(prefix + "listen", bind=binds[1])
        self.talker.join(room)
        self.listener.join(room)
        self.talker.sync()
        self.seq = 0
        self.heard = []

    def check(self, desc, n=5, quiet=False):
        """Send n more messages; the listener must have heard every one so
        far, once, in order (and nothing else from the talker).  quiet:
        a TAP line only when that fails."""
        for _ in range(n):
            self.talker.send("PRIVMSG %s :beat %d" % (self.room, self.seq))
            self.seq += 1
        self.talker.sync()
        self.heard += [m.last for m in self.listener.sync()
                       if m.command == "PRIVMSG" and
                       m.nick == self.talker.nick]
        want = ["beat %d" % i for i in range(self.seq)]
        if quiet and self.srv.alive() and self.heard == want:
            return True
        return self.t.ok(self.srv.alive() and self.heard == want,
                         desc + ": daemon up, healthy clients got every "
                         "message in order",
                         "alive=%s heard %d of %d; last %s" %
                         (self.srv.alive(), len(self.heard), self.seq,
                          self.heard[-3:]))

    def close(self):
        self.talker.close()
        self.listener.close()


class Tmux:
    """A private tmux server (-L socket of its own) running one program in
    a fixed-size window; killed by close()."""

    def __init__(self, command, width=132, height=40, env=None):
        self.sock = "tuichat-itest-%d-%d" % (os.getpid(), id(self) % 10000)
        self.bin = os.environ.get("TMUX_BIN") or "tmux"
        cmd = [self.bin, "-L", self.sock, "-f", "/dev/null", "new-session",
               "-d", "-s", "t", "-x", str(width), "-y", str(height)]
        for k, v in (env or {}).items():
            cmd += ["-e", "%s=%s" % (k, v)]
        subprocess.run(cmd + [command], check=True, timeout=TIMEOUT,
                       stdin=subprocess.DEVNULL)
        atexit.register(self.close)

    def tmux(self, *args):
        return subprocess.run([self.bin, "-L", self.sock] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=TIMEOUT, stdin=subprocess.DEVNULL)

    def keys(self, text, enter=True):
        """Type text literally, then Enter."""
        self.tmux("send-keys", "-t", "t", "-l", text)
        if enter:
            self.tmux("send-keys", "-t", "t", "Enter")

    def screen(self):
        return self.tmux("capture-pane", "-p", "-J", "-t", "t") \
            .stdout.decode("utf-8", "replace")

    def wait_screen(self, text, timeout=None):
        """Wait (bounded) until text is on the screen; returns the screen."""
        deadline = time.monotonic() + (timeout or TIMEOUT)
        while True:
            scr = self.screen()
            if text in scr:
                return scr
            if time.monotonic() > deadline:
                raise Timeout("screen never showed %r; it shows:\n%s" %
                              (text, scr))
            time.sleep(0.1)

    def close(self):
        self.tmux("kill-server")


def run_daemon(args, timeout=None):
    """Run tui-chatd to completion (for option errors): (status, stderr)."""
    cmd = [os.path.join(builddir(), "tui-chatd")] + list(args)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout or TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "(still running after %ds)" % (timeout or TIMEOUT)
    return p.returncode, p.stderr.decode("utf-8", "replace")


# -------------------------------------------------------------------- TAP

class Tap:
    """TAP output.  case() runs one test function; an exception in it (a
    Timeout, Closed, AssertionError) is one failed case with diagnostics,
    and the rest of the file still runs."""

    def __init__(self):
        self.n = 0
        self.failed = 0
        self.servers = []

    def ok(self, cond, desc, detail=None):
        self.n += 1
        if cond:
            print("ok %d - %s" % (self.n, desc))
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, desc))
            if detail:
                self.diag(detail)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, desc):
        return self.ok(got == want, desc,
                       "expected %r\n     got %r" % (want, got))

    def diag(self, text):
        for line in str(text).splitlines():
            print("# " + line)
        sys.stdout.flush()

    def server(self, *args, **kw):
        # TUI_CHAT_TEST_REDIS=1 runs a suite's daemons as one cluster on a
        # redis-server of the suite's own (history in Redis).
        if os.environ.get("TUI_CHAT_TEST_REDIS") == "1" and \
                "--cluster" not in args:
            if getattr(self, "redis", None) is None:
                self.redis = RedisServer()
            args = args + ("--cluster", self.redis.url)
        s = Server(*args, **kw)
        self.servers.append(s)
        return s

    def case(self, desc, fn, *args):
        """Run fn(*args); it may call ok() itself and may raise."""
        try:
            r = fn(*args)
        except Exception as e:
            self.ok(False, desc + " (%s)" % type(e).__name__,
                    "".join(traceback.format_exception_only(type(e), e)))
            for s in self.servers:
                if not s.stopped and not s.alive():
                    self.diag("daemon is gone (status %s); its log:\n%s" %
                              (s.proc.returncode, s.logtext()))
            return False
        if r is None:
            return True
        return self.ok(bool(r), desc)

    def done(self):
        for s in self.servers:
            if self.failed and s.alive():
                self.diag("daemon log (port %d):\n%s" %
                          (s.port, s.logtext()[-1500:]))
            s.cleanup()
        if getattr(self, "redis", None) is not None:
            self.redis.cleanup()
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


def numerics(lines):
    return [m.command for m in lines if m.command.isdigit()]


def texts(lines, command="PRIVMSG"):
    """The (target, text) of every COMMAND line in lines."""
    return [(m.params[0], m.last) for m in lines
            if m.command == command and m.params]
