# SPDX-License-Identifier: GPL-3.0-or-later
# tui-chatd with TLS: the self-signed pair made on first start, python3 ssl
# clients chatting with plain ones, client certificates, TLS garbage, a
# handshake that never ends, an unreadable certificate (exit 1), and a
# SIGHUP that changes the certificate while a client stays connected.
import atexit
import hashlib
import os
import re
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import (TIMEOUT, Client, Tap, TlsClient, free_port,  # noqa
                       _wait_port, run_daemon, settle, texts)

t = Tap()


def make_cert(path, key, cn):
    """A self-signed P-256 pair from the openssl command."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", path, "-days", "2",
                    "-subj", "/CN=" + cn],
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=TIMEOUT)


def pem_fp(path):
    with open(path) as f:
        der = ssl.PEM_cert_to_DER_cert(f.read())
    return hashlib.sha256(der).hexdigest()


def wait_log(srv, pattern):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        m = re.search(pattern, srv.logtext())
        if m:
            return m
        time.sleep(0.05)
    raise AssertionError("log never matched %r:\n%s" % (pattern,
                                                        srv.logtext()))


def tls_server(*extra, sets=None):
    tport = free_port()
    top = tempfile.mkdtemp(prefix="tui-chat-tls.")
    atexit.register(shutil.rmtree, top, True)
    state = os.path.join(top, "state")
    srv = t.server("--listen-tls", "127.0.0.1:%d" % tport,
                   "--state-dir", state, *extra, sets=sets)
    srv.tport = tport
    srv.state = state
    # The TLS listener opens just after the plain one the harness waited
    # for: wait for it too, or a quick first connect is refused.
    if not _wait_port(tport, srv.proc, TIMEOUT):
        raise RuntimeError("the TLS listener did not open")
    return srv


srv = tls_server(sets={"reg_timeout": 3})


def generated():
    key = os.path.join(srv.state, "tls-key.pem")
    cert = os.path.join(srv.state, "tls-cert.pem")
    t.eq(stat.S_IMODE(os.stat(key).st_mode), 0o600, "key file is mode 0600")
    t.eq(stat.S_IMODE(os.stat(srv.state).st_mode), 0o700,
         "state dir is mode 0700")
    with open(key) as f:
        t.ok("BEGIN PRIVATE KEY" in f.read(), "key is PEM")
    m = wait_log(srv, r"TLS certificate sha256:([0-9a-f]{64})")
    t.eq(m.group(1), pem_fp(cert), "logged fingerprint is the cert's")
    c = TlsClient(srv.tport, name="fpcheck")
    t.eq(hashlib.sha256(c.peer_der).hexdigest(), pem_fp(cert),
         "the server presents that certificate")
    t.ok(c.sock.version() in ("TLSv1.2", "TLSv1.3"), "TLS 1.2 or later")
    c.close()


def chat():
    a = TlsClient(srv.tport, name="tlsann")
    a.register("tlsann")
    b = srv.client("plainbob")
    a.join("#mix")
    b.join("#mix")
    a.send("PRIVMSG #mix :over tls")
    b.send("PRIVMSG #mix :over plain")
    ga, gb = settle(a, b)
    t.ok(("#mix", "over tls") in texts(gb), "plain member hears TLS")
    t.ok(("#mix", "over plain") in texts(ga), "TLS member hears plain")
    a.send("QUIT :done")
    lines = a.wait_closed()
    t.ok(any(m.command == "ERROR" for m in lines), "ERROR arrives over TLS")
    b.close()


def old_tls():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        ctx.minimum_version = ssl.TLSVersion.TLSv1
    s = socket.create_connection(("127.0.0.1", srv.tport), timeout=TIMEOUT)
    try:
        ctx.wrap_socket(s)
        refused = False
    except (ssl.SSLError, OSError):
        refused = True
    s.close()
    t.ok(refused, "TLS 1.1 is refused")


def client_cert():
    d = os.path.join(srv.tmp, "cc")
    os.makedirs(d, exist_ok=True)
    make_cert(os.path.join(d, "c.pem"), os.path.join(d, "c.key"), "me")
    c = TlsClient(srv.tport, name="certed", cert=os.path.join(d, "c.pem"),
                  key=os.path.join(d, "c.key"))
    c.register("certed")
    c.join("#cert")
    c.close()


def garbage():
    w = TlsClient(srv.tport, name="watcher")
    w.register("watcher")
    g = Client(srv.tport, name="garbage")
    g.send_raw(b"\x16\x03\x01\x00\x10" + os.urandom(64))
    g.wait_closed()
    p = Client(srv.tport, name="plaintext")
    p.send("NICK oops")
    p.wait_closed()
    w.send("PING :still")
    w.expect("PONG", None, "still")
    t.ok(srv.alive(), "daemon alive after TLS garbage")
    w.close()


def stuck_handshake():
    # reg_timeout is 3 s: a silent client and a half ClientHello are both
    # closed by it (bounded wait, no timing asserted).
    silent = Client(srv.tport, name="silent")
    half = Client(srv.tport, name="half")
    half.send_raw(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
    silent.wait_closed(timeout=TIMEOUT + 3)
    half.wait_closed(timeout=TIMEOUT + 3)


def renegotiation():
    # openssl s_client asks for a renegotiation when it reads "R" alone
    # on a line (TLS 1.2: 1.3 has none); the daemon refuses it.
    if not shutil.which("openssl"):
        t.diag("no openssl command: renegotiation not tried")
        return
    w = TlsClient(srv.tport, name="renwatch")
    w.register("renwatch")
    p = subprocess.Popen(["openssl", "s_client", "-tls1_2", "-connect",
                          "127.0.0.1:%d" % srv.tport],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    p.stdin.write(b"NICK reneg\r\nUSER r 0 * :r\r\n")
    p.stdin.flush()
    deadline = time.monotonic() + TIMEOUT
    out = b""
    while b" 001 reneg " not in out and time.monotonic() < deadline:
        out += os.read(p.stdout.fileno(), 65536)
    p.stdin.write(b"R\n")
    p.stdin.flush()
    try:
        rest, _ = p.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        p.kill()
        rest, _ = p.communicate()
    out += rest
    t.ok(b"no renegotiation" in out, "renegotiation is refused",
         out[-800:].decode("utf-8", "replace"))
    w.send("PING :reneg")
    w.expect("PONG", None, "reneg")
    t.ok(srv.alive(), "other clients untouched")
    w.close()


def unreadable():
    tport = free_port()
    st, err = run_daemon(["--listen", "127.0.0.1:%d" % free_port(),
                          "--listen-tls", "127.0.0.1:%d" % tport,
                          "--no-discovery", "--set",
                          "tls_cert=/nonexistent/tui-chat.pem"])
    t.eq(st, 1, "unreadable tls_cert: exit 1")
    t.ok("cannot read tls_cert /nonexistent/tui-chat.pem" in err and
         len(err.strip().splitlines()) == 1, "one clear line", err)
    bad = os.path.join(srv.tmp, "bad.pem")
    with open(bad, "w") as f:
        f.write("not a certificate\n")
    st, err = run_daemon(["--listen", "127.0.0.1:%d" % free_port(),
                          "--listen-tls", "127.0.0.1:%d" % tport,
                          "--no-discovery", "--set", "tls_cert=" + bad])
    t.eq(st, 1, "garbage tls_cert: exit 1")
    t.ok(bad in err, "the error names the file", err)


def reload():
    d = os.path.join(srv.tmp, "rl")
    os.makedirs(d, exist_ok=True)
    cert, key = os.path.join(d, "s.pem"), os.path.join(d, "s.key")
    make_cert(cert, key, "first")
    fp1 = pem_fp(cert)
    r = tls_server(sets={"tls_cert": cert, "tls_key": key})
    old = TlsClient(r.tport, name="stayer")
    old.register("stayer")
    old.join("#hup")
    t.eq(hashlib.sha256(old.peer_der).hexdigest(), fp1, "first certificate")
    make_cert(cert + ".n", key + ".n", "second")
    os.rename(key + ".n", key)
    os.rename(cert + ".n", cert)
    fp2 = pem_fp(cert)
    r.proc.send_signal(signal.SIGHUP)
    wait_log(r, "TLS certificate reloaded: sha256:" + fp2)
    new = TlsClient(r.tport, name="newcomer")
    t.eq(hashlib.sha256(new.peer_der).hexdigest(), fp2,
         "new clients get the new certificate")
    new.register("newcomer")
    new.join("#hup")
    new.send("PRIVMSG #hup :hello old")
    old.send("PRIVMSG #hup :hello new")
    go, gn = settle(old, new)
    t.ok(("#hup", "hello old") in texts(go),
         "the client from before SIGHUP still chats")
    t.ok(("#hup", "hello new") in texts(gn), "and is heard")
    # A bad file on SIGHUP keeps the old certificate.
    with open(cert, "w") as f:
        f.write("broken\n")
    r.proc.send_signal(signal.SIGHUP)
    wait_log(r, "reload failed")
    again = TlsClient(r.tport, name="again")
    t.eq(hashlib.sha256(again.peer_der).hexdigest(), fp2,
         "a broken file on SIGHUP keeps the last good certificate")
    for c in (old, new, again):
        c.close()


t.case("self-signed pair made on first start", generated)
t.case("TLS and plain clients chat", chat)
t.case("old TLS versions refused", old_tls)
t.case("self-signed client certificate accepted", client_cert)
t.case("TLS garbage closes only that connection", garbage)
t.case("unfinished handshakes end at reg_timeout", stuck_handshake)
t.case("renegotiation refused", renegotiation)
t.case("unreadable certificate: exit 1", unreadable)
t.case("SIGHUP reloads the certificate, clients stay", reload)
t.done()
