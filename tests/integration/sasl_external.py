# SPDX-License-Identifier: GPL-3.0-or-later
# SASL over TLS: EXTERNAL with a client certificate whose fingerprint was
# given to an account (--account certfp), refused without one or with an
# unknown one; PLAIN over TLS without sasl_plaintext; and tui-chat --tls
# --cert with sasl_mechanism = EXTERNAL in headless mode.
import base64
import hashlib
import json
import os
import select
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, TIMEOUT, TlsClient, builddir, free_port  # noqa

PW = "tls plain password 9"
t = Tap()
tport = free_port()
srv = t.server("--listen-tls", "127.0.0.1:%d" % tport)
state = os.path.join(srv.tmp, "state")


def make_cert(path, key, cn):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", path, "-days", "2",
                    "-subj", "/CN=" + cn],
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=TIMEOUT)


def pem_fp(path):
    with open(path) as f:
        return hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()


def cli(*args, password=None):
    return subprocess.run([os.path.join(builddir(), "tui-chatd"),
                           "--state-dir", state, "--account"] + list(args),
                          input=(password + "\n").encode() if password
                          else b"", stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=TIMEOUT).returncode


cert, key = os.path.join(srv.tmp, "c.pem"), os.path.join(srv.tmp, "c.key")
other, okey = os.path.join(srv.tmp, "o.pem"), os.path.join(srv.tmp, "o.key")
make_cert(cert, key, "certy")
make_cert(other, okey, "stranger")
t.eq(cli("add", "certy", password=PW), 0, "an account")
fp = pem_fp(cert)
colons = ":".join(fp[i:i + 2].upper() for i in range(0, 64, 2))
t.eq(cli("certfp", "certy", colons), 0,
     "--account certfp takes the fingerprint (colons, upper case)")
t.eq(cli("certfp", "nobody", fp), 1, "--account certfp for no account: 1")


def sasl(c, nick, mech):
    c.name = c.nick = nick
    c.send("CAP LS 302")
    c.send("NICK " + nick)
    c.send("USER %s 0 * :%s" % (nick, nick))
    c.expect("CAP", None, "LS")
    c.send("CAP REQ :sasl")
    c.expect("CAP", None, "ACK")
    c.send("AUTHENTICATE " + mech)


def external():
    c = TlsClient(tport, cert=cert, key=key)
    sasl(c, "certy", "EXTERNAL")
    c.expect("AUTHENTICATE", "+")
    c.send("AUTHENTICATE +")
    end = c.expect_any(["903", "904"])
    t.eq(end.command, "903", "EXTERNAL with a known certificate: 903")
    lg = [m for m in c.log if m.command == "900"]
    t.ok(lg and lg[0].params[2] == "certy", "900 names its account")
    c.send("CAP END")
    c.expect("001")
    c.close()

    c = TlsClient(tport, cert=cert, key=key)
    sasl(c, "certy2", "EXTERNAL")
    c.expect("AUTHENTICATE", "+")
    c.send("AUTHENTICATE " + base64.b64encode(b"certy").decode())
    t.eq(c.expect_any(["903", "904"]).command, "903",
         "EXTERNAL with the account as authzid: 903")
    c.close()

    c = TlsClient(tport, cert=cert, key=key)
    sasl(c, "certy3", "EXTERNAL")
    c.expect("AUTHENTICATE", "+")
    c.send("AUTHENTICATE " + base64.b64encode(b"someoneelse").decode())
    t.eq(c.expect_any(["903", "904"]).command, "904",
         "EXTERNAL naming another account: 904")
    c.close()

    c = TlsClient(tport, cert=other, key=okey)
    sasl(c, "stranger", "EXTERNAL")
    c.expect("AUTHENTICATE", "+")
    c.send("AUTHENTICATE +")
    t.eq(c.expect_any(["903", "904"]).command, "904",
         "EXTERNAL with an unknown certificate: 904")
    c.close()

    c = TlsClient(tport)
    sasl(c, "nocert", "EXTERNAL")
    t.eq(c.expect_any(["AUTHENTICATE", "904"]).command, "904",
         "EXTERNAL without a certificate: 904")
    c.close()


def plain_tls():
    c = TlsClient(tport)
    sasl(c, "certy", "PLAIN")
    c.expect("AUTHENTICATE", "+")
    c.send("AUTHENTICATE " + base64.b64encode(
        ("\0certy\0" + PW).encode()).decode())
    t.eq(c.expect_any(["903", "904"]).command, "903",
         "PLAIN over TLS works without sasl_plaintext")
    c.close()


def client():
    home = os.path.join(srv.tmp, "home")
    os.makedirs(home, exist_ok=True)
    cfg = os.path.join(srv.tmp, "client.conf")
    with open(cfg, "w") as f:
        f.write("sasl = yes\nsasl_mechanism = EXTERNAL\n")
    env = dict(os.environ, XDG_DATA_HOME=home, XDG_STATE_HOME=home,
               XDG_CONFIG_HOME=home)
    both = cert + ".both"
    with open(both, "w") as f:
        f.write(open(cert).read() + open(key).read())
    p = subprocess.Popen([os.path.join(builddir(), "tui-chat"),
                          "--headless", "--config", cfg, "--nick", "certy",
                          "--tls", "--insecure", "--cert", both,
                          "127.0.0.1:%d" % tport], env=env,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    buf, events = b"", []
    deadline = time.monotonic() + TIMEOUT
    found = None
    while found is None and time.monotonic() < deadline:
        r, _, _ = select.select([p.stdout], [], [], 0.5)
        if not r:
            continue
        data = os.read(p.stdout.fileno(), 65536)
        if not data:
            break
        buf += data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            ev = json.loads(line)
            events.append(ev)
            if ev["type"] in ("login", "login_failed"):
                found = ev
    p.stdin.close()
    p.wait(TIMEOUT)
    t.ok(found is not None and found["type"] == "login" and
         found.get("account") == "certy",
         "tui-chat --tls --cert with sasl_mechanism = EXTERNAL logs in",
         events[-5:])


t.case("SASL EXTERNAL", external)
t.case("SASL PLAIN over TLS", plain_tls)
t.case("tui-chat EXTERNAL", client)
srv.stop()
with open(srv.logpath, encoding="utf-8", errors="replace") as f:
    t.ok(PW not in f.read(), "no password in the daemon's log")
t.done()
