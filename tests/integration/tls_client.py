# SPDX-License-Identifier: GPL-3.0-or-later
# tui-chat with TLS against tui-chatd: registration and chat with a python3
# ssl client, the known_hosts pin written on first use and accepted next
# time, a changed certificate refused with the file and line named,
# --insecure said in headless events and on the status line, --cert.
import atexit
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import (TIMEOUT, Tap, Timeout, TlsClient, Tmux,  # noqa: E402
                       builddir, free_port)

t = Tap()
top = tempfile.mkdtemp(prefix="tui-chat-tlsc.")
atexit.register(shutil.rmtree, top, True)
tport = free_port()
srv = t.server("--listen-tls", "127.0.0.1:%d" % tport, "--state-dir",
               os.path.join(top, "state"))
CLIENT = os.path.join(builddir(), "tui-chat")


def env_for(name):
    e = dict(os.environ)
    e["XDG_DATA_HOME"] = os.path.join(top, name, "data")
    e["XDG_CONFIG_HOME"] = os.path.join(top, name, "config")
    e["XDG_STATE_HOME"] = os.path.join(top, name, "state")
    return e


class Headless:
    """tui-chat --headless with a pipe for stdin and JSON events out."""

    def __init__(self, env, *args):
        self.p = subprocess.Popen([CLIENT, "--headless"] + list(args),
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=env)
        atexit.register(self.kill)
        self.events = []
        self.buf = b""

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()

    def send(self, line):
        self.p.stdin.write(line.encode() + b"\n")
        self.p.stdin.flush()

    def wait(self, pred, what):
        deadline = time.monotonic() + TIMEOUT
        while True:
            for ev in self.events:
                if pred(ev):
                    return ev
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout("no %s event; got %s" % (what, self.events))
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if not r:
                continue
            data = os.read(self.p.stdout.fileno(), 65536)
            if not data:
                raise Timeout("tui-chat ended before %s; got %s" %
                              (what, self.events))
            self.buf += data
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                self.events.append(json.loads(line))

    def finish(self):
        self.p.stdin.close()
        self.p.stdin = None  # communicate() must not flush it
        out, err = self.p.communicate(timeout=TIMEOUT)
        self.buf += out
        for line in self.buf.split(b"\n"):
            if line.strip():
                self.events.append(json.loads(line))
        return self.p.returncode, err.decode("utf-8", "replace")


def known_hosts(name):
    path = os.path.join(top, name, "data", "tui-chat", "known_hosts")
    try:
        with open(path) as f:
            return path, f.read()
    except OSError:
        return path, ""


def first_use():
    fp = None
    peer = TlsClient(tport, name="pypeer")
    peer.register("pypeer")
    peer.join("#tls")
    h = Headless(env_for("a"), "--nick", "tuitls", "--tls",
                 "127.0.0.1:%d" % tport)
    ev = h.wait(lambda e: e["type"] == "tls", "tls")
    t.ok("pinned" in ev["text"] and "first use" in ev["text"],
         "first use pins the certificate", ev["text"])
    h.wait(lambda e: e["type"] == "registered", "registered")
    h.send("/join #tls")
    h.wait(lambda e: e["type"] == "join" and e.get("self"), "join")
    peer.send("PRIVMSG #tls :hello tui-chat")
    h.wait(lambda e: e["type"] == "msg" and e["text"] == "hello tui-chat",
           "msg from the python peer")
    h.send("hello python")
    peer.expect("PRIVMSG", "#tls", "hello python")
    rc, err = h.finish()
    t.eq(rc, 0, "headless TLS session ends with 0")
    path, text = known_hosts("a")
    import hashlib
    fp = hashlib.sha256(peer.peer_der).hexdigest()
    t.eq(text, "127.0.0.1:%d sha256:%s\n" % (tport, fp),
         "known_hosts holds HOST:PORT sha256:HEX")
    t.eq(oct(os.stat(path).st_mode & 0o777), oct(0o600),
         "known_hosts is mode 0600")
    peer.close()


def second_use():
    h = Headless(env_for("a"), "--nick", "tuitls2",
                 "ircs://127.0.0.1:%d" % tport)
    ev = h.wait(lambda e: e["type"] == "tls", "tls")
    t.ok("matches" in ev["text"], "the pin is accepted next time", ev["text"])
    h.wait(lambda e: e["type"] == "registered", "registered")
    rc, _ = h.finish()
    t.eq(rc, 0, "second session ends with 0")
    _, text = known_hosts("a")
    t.eq(len(text.splitlines()), 1, "no second line")


def changed():
    path, text = known_hosts("a")
    with open(path, "w") as f:
        f.write("# a comment\n127.0.0.1:%d sha256:%s\n" % (tport, "ab" * 32))
    h = Headless(env_for("a"), "--nick", "tuitls3", "--tls",
                 "127.0.0.1:%d" % tport)
    rc, err = h.finish()
    t.ok(rc != 0, "a changed certificate fails the connection")
    t.ok("CHANGED" in err and path in err and "line 2" in err,
         "the message names the file and line", err)
    t.ok(not any(e["type"] == "registered" for e in h.events),
         "nothing was sent to it")


def insecure():
    h = Headless(env_for("b"), "--nick", "tuiinsec", "--tls", "--insecure",
                 "127.0.0.1:%d" % tport)
    ev = h.wait(lambda e: e["type"] == "tls", "tls")
    t.ok("--insecure" in ev["text"], "headless says --insecure", ev["text"])
    h.wait(lambda e: e["type"] == "registered", "registered")
    rc, err = h.finish()
    t.eq(rc, 0, "insecure session ends with 0")
    t.ok("--insecure" in err, "and warns on stderr", err)
    _, text = known_hosts("b")
    t.eq(text, "", "--insecure pins nothing")


def insecure_screen():
    e = env_for("c")
    term = Tmux("%s --nick scrins --tls --insecure 127.0.0.1:%d" %
                (CLIENT, tport), env={"TERM": "screen",
                                      "XDG_DATA_HOME": e["XDG_DATA_HOME"],
                                      "XDG_CONFIG_HOME": e["XDG_CONFIG_HOME"],
                                      "XDG_STATE_HOME": e["XDG_STATE_HOME"]})
    try:
        scr = term.wait_screen("[TLS insecure]")
        t.ok("--insecure" in scr, "the screen says --insecure")
    finally:
        term.close()


def connect_command():
    e = env_for("d")
    term = Tmux("%s --nick conncmd 127.0.0.1:%d" % (CLIENT, srv.port),
                env={"TERM": "screen", "XDG_DATA_HOME": e["XDG_DATA_HOME"],
                     "XDG_CONFIG_HOME": e["XDG_CONFIG_HOME"],
                     "XDG_STATE_HOME": e["XDG_STATE_HOME"]})
    try:
        term.wait_screen("Registered as conncmd")
        t.ok("[TLS" not in term.screen(), "plain at first: no [TLS]")
        term.keys("/connect ircs://127.0.0.1:%d" % tport)
        term.wait_screen("] [TLS]")
        _, text = known_hosts("d")
        t.ok(text.startswith("127.0.0.1:%d sha256:" % tport),
             "/connect ircs:// switches to TLS and pins")
    finally:
        term.close()


def ca_verified():
    # A server certificate from a CA the system trusts (SSL_CERT_FILE
    # stands in for the system store) is verified, name included: no pin.
    d = os.path.join(top, "ca")
    os.makedirs(d)

    def ossl(*args):
        subprocess.run(["openssl"] + list(args), check=True, cwd=d,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=TIMEOUT)
    ossl("req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out",
         "ca.pem", "-days", "2", "-subj", "/CN=test CA")
    ossl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", "srv.key", "-out", "srv.csr", "-subj",
         "/CN=127.0.0.1")
    with open(os.path.join(d, "ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n")
    ossl("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey",
         "ca.key", "-CAcreateserial", "-out", "srv.pem", "-days", "2",
         "-extfile", "ext")
    cport = free_port()
    t.server("--listen-tls", "127.0.0.1:%d" % cport, "--set",
             "tls_cert=" + os.path.join(d, "srv.pem"), "--set",
             "tls_key=" + os.path.join(d, "srv.key"))
    e = env_for("e")
    e["SSL_CERT_FILE"] = os.path.join(d, "ca.pem")
    h = Headless(e, "--nick", "caok", "ircs://127.0.0.1:%d" % cport)
    ev = h.wait(lambda x: x["type"] == "tls", "tls")
    t.ok("verified by the system's CAs" in ev["text"],
         "a CA-signed certificate for the address is verified", ev["text"])
    h.wait(lambda x: x["type"] == "registered", "registered")
    h.finish()
    t.eq(known_hosts("e")[1], "", "and not pinned")


def client_cert():
    d = os.path.join(top, "cc")
    os.makedirs(d)
    pem = os.path.join(d, "me.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", pem, "-out", pem + ".crt", "-days", "2",
                    "-subj", "/CN=me"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(pem, "a") as f, open(pem + ".crt") as c:
        f.write(c.read())
    h = Headless(env_for("a"), "--nick", "tuicert", "--insecure", "--cert",
                 pem, "ircs://127.0.0.1:%d" % tport)
    h.wait(lambda e: e["type"] == "registered", "registered")
    rc, _ = h.finish()
    t.eq(rc, 0, "--cert FILE (certificate and key) connects")
    p = subprocess.run([CLIENT, "--headless", "--tls", "--cert",
                        "/nonexistent.pem", "127.0.0.1:%d" % tport],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env_for("a"),
                       timeout=TIMEOUT)
    t.eq(p.returncode, 2, "an unreadable --cert is a usage error")
    t.ok(b"/nonexistent.pem" in p.stderr, "naming the file", p.stderr)


t.case("first use: registration, chat, pin", first_use)
t.case("second use: pin accepted", second_use)
t.case("changed certificate refused", changed)
t.case("--insecure in headless mode", insecure)
if shutil.which(os.environ.get("TMUX_BIN") or "tmux"):
    t.case("--insecure on the status line", insecure_screen)
    t.case("/connect ircs://", connect_command)
t.case("CA-verified server", ca_verified)
t.case("client certificate", client_cert)
t.done()
