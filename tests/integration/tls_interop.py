# SPDX-License-Identifier: GPL-3.0-or-later
# TLS with other people's software: catgirl (TLS only) and irssi join and
# chat through tui-chatd over TLS, each in a private tmux server and read
# back from its screen; tui-chat --tls joins and chats through a TLS ngIRCd
# started here on loopback.
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import (TIMEOUT, Tap, Timeout, TlsClient, Tmux,  # noqa: E402
                       builddir, free_port, settle)

t = Tap()
if not shutil.which(os.environ.get("TMUX_BIN") or "tmux"):
    print("1..0 # SKIP tmux is not installed")
    sys.exit(0)
top = tempfile.mkdtemp(prefix="tui-chat-tlsi.")
atexit.register(shutil.rmtree, top, True)
tport = free_port()
state = os.path.join(top, "state")
srv = t.server("--listen-tls", "127.0.0.1:%d" % tport, "--state-dir", state,
               sets={"motd": "tls-motd-marker"})
CERT = os.path.join(state, "tls-cert.pem")

IRSSI = """servers = (
  { address = "127.0.0.1"; chatnet = "lan"; port = "%d";
    use_tls = "yes"; tls_verify = "no"; autoconnect = "yes"; }
);
chatnets = { lan = { type = "IRC"; }; };
settings = {
  core = { real_name = "irssi tester"; user_name = "irssiu";
           nick = "irssitls"; settings_autosave = "no"; };
  "fe-common/core" = { theme = "default"; };
  "irc/core" = { cmd_queue_speed = "1msec"; cmds_max_at_once = "100";
                 lag_check_time = "0"; };
};
"""

NGIRCD = """[Global]
Name = ng.test
Info = test
Listen = 127.0.0.1
Ports = {port}
ServerUID = {uid}
ServerGID = {gid}
MotdPhrase = ngircd-tls-marker
[Options]
PAM = no
Ident = no
DNS = no
[SSL]
CertFile = {cert}
KeyFile = {key}
DHFile = {dh}
Ports = {tport}
"""


def env(name):
    d = os.path.join(top, name)
    return {"TERM": "screen", "HOME": d,
            "XDG_CONFIG_HOME": os.path.join(d, "config"),
            "XDG_DATA_HOME": os.path.join(d, "data"),
            "XDG_STATE_HOME": os.path.join(d, "state")}


def peer(nick, room):
    p = TlsClient(tport, name=nick)
    p.register(nick)
    p.join(room)
    return p


def wait_join(p, nick, room):
    while True:
        m = p.expect("JOIN")
        if m.nick == nick and m.params[0] == room:
            return m


def catgirl():
    p = peer("pycat", "#cat")
    os.makedirs(os.path.join(top, "catgirl"))
    term = Tmux("catgirl -h 127.0.0.1 -p %d -t %s -n catnick -u catu "
                "-j '#cat'" % (tport, CERT), env=env("catgirl"))
    try:
        wait_join(p, "catnick", "#cat")
        t.ok(True, "catgirl joins over TLS (trusting the generated cert)")
        p.send("PRIVMSG #cat :hello catgirl over tls")
        settle(p)
        term.wait_screen("hello catgirl over tls")
        t.ok(True, "catgirl shows the message")
        term.keys("/msg #cat purr from catgirl")
        m = p.expect("PRIVMSG", "#cat")
        t.eq((m.nick, m.last), ("catnick", "purr from catgirl"),
             "catgirl's message reaches the room")
        term.keys("/quit bye")
        m = p.expect("QUIT")
        t.eq(m.nick, "catnick", "catgirl quits cleanly")
    except Exception:
        t.diag("catgirl screen:\n" + term.screen())
        raise
    finally:
        term.close()
        p.close()


def irssi():
    p = peer("pyirssi", "#irs")
    home = os.path.join(top, "irssi")
    os.makedirs(home)
    with open(os.path.join(home, "config"), "w") as f:
        f.write(IRSSI % tport)
    term = Tmux("irssi --home=%s" % home, env=env("irssi"))
    try:
        term.wait_screen("tls-motd-marker")
        term.keys("/join #irs")
        wait_join(p, "irssitls", "#irs")
        t.ok(True, "irssi joins over TLS")
        term.keys("hello from irssi over tls")
        m = p.expect("PRIVMSG", "#irs")
        t.eq((m.nick, m.last), ("irssitls", "hello from irssi over tls"),
             "irssi's message reaches the room")
        p.send("PRIVMSG #irs :python answers irssi")
        settle(p)
        term.wait_screen("python answers irssi")
        t.ok(True, "irssi shows the answer")
        term.keys("/quit bye")
        m = p.expect("QUIT")
        t.eq(m.nick, "irssitls", "irssi quits")
    except Exception:
        t.diag("irssi screen:\n" + term.screen())
        raise
    finally:
        term.close()
        p.close()


def ngircd():
    d = os.path.join(top, "ng")
    os.makedirs(d)
    cert, key = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=ng.test"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # A named group (RFC 7919), so ngIRCd does not generate DH parameters.
    dh = os.path.join(d, "dh.pem")
    subprocess.run(["openssl", "genpkey", "-genparam", "-algorithm", "DH",
                    "-pkeyopt", "group:ffdhe2048", "-out", dh], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port, nport = free_port(), free_port()
    conf = os.path.join(d, "ngircd.conf")
    with open(conf, "w") as f:
        f.write(NGIRCD.format(port=port, tport=nport, uid=os.getuid(),
                              gid=os.getgid(), cert=cert, key=key, dh=dh))
    log = open(os.path.join(d, "log"), "wb")
    ng = subprocess.Popen(["/usr/sbin/ngircd", "-n", "-f", conf],
                          stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    atexit.register(lambda: ng.poll() is None and ng.kill())
    try:
        ngircd_session(nport)
    except Exception:
        log.flush()
        with open(os.path.join(d, "log"), "rb") as f:
            t.diag("ngircd log:\n" + f.read().decode("utf-8", "replace")
                   [-2000:])
        raise
    finally:
        ng.terminate()
        ng.wait(TIMEOUT)
        log.close()


def ngircd_session(nport):
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            p = TlsClient(nport, name="pyng")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    p.register("pyng")
    p.join("#ng")
    e = dict(os.environ)
    e.update(env("tuing"))
    h = subprocess.Popen([os.path.join(builddir(), "tui-chat"), "--headless",
                          "--nick", "tuing", "--join", "#ng",
                          "ircs://127.0.0.1:%d" % nport],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=e)
    atexit.register(lambda: h.poll() is None and h.kill())
    wait_join(p, "tuing", "#ng")
    t.ok(True, "tui-chat --tls joins on ngIRCd over TLS")
    h.stdin.write(b"hello ngircd over tls\n")
    h.stdin.flush()
    m = p.expect("PRIVMSG", "#ng")
    t.eq((m.nick, m.last), ("tuing", "hello ngircd over tls"),
         "tui-chat's message reaches the ngIRCd room")
    p.send("PRIVMSG #ng :ngircd peer answers")
    p.sync()
    h.stdin.close()
    h.stdin = None  # communicate() must not flush it
    out, err = h.communicate(timeout=TIMEOUT)
    evs = [json.loads(x) for x in out.splitlines() if x.strip()]
    t.ok(any(ev["type"] == "tls" and "pinned" in ev["text"] for ev in evs),
         "ngIRCd's self-signed certificate pinned on first use", err)
    t.ok(any(ev["type"] == "msg" and ev.get("text") == "ngircd peer answers"
             for ev in evs), "tui-chat got the answer over TLS")
    p.close()


if shutil.which("catgirl"):
    t.case("catgirl over TLS", catgirl)
else:
    t.diag("catgirl is not installed: skipped")
if shutil.which("irssi"):
    t.case("irssi over TLS", irssi)
else:
    t.diag("irssi is not installed: skipped")
if os.path.exists("/usr/sbin/ngircd"):
    t.case("tui-chat --tls on ngIRCd", ngircd)
else:
    t.diag("ngircd is not installed: skipped")
t.done()
