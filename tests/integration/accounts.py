# SPDX-License-Identifier: GPL-3.0-or-later
# Accounts against the real tui-chatd: --account add/del/list, SASL PLAIN
# (chunks, 902-908, throttling), REGISTER, account-notify, extended-join,
# account-tag, WHOIS 330, the reserved nick's grace period, and that no
# password ever reaches the daemon's log.
import atexit
import base64
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Client, Tap, TIMEOUT, builddir  # noqa: E402

ALICE_PW = "correct horse battery"
LONG_PW = "L" + "".join(chr(ord("a") + i % 26) for i in range(298))
PASSWORDS = [ALICE_PW, LONG_PW, "wrong-password-1", "new secret 42x"]

t = Tap()


def account_cli(state, *args, password=None):
    """tui-chatd --account ... with password on stdin: (status, out, err)."""
    p = subprocess.run([os.path.join(builddir(), "tui-chatd"),
                        "--state-dir", state, "--account"] + list(args),
                       input=(password + "\n").encode() if password
                       is not None else b"", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=TIMEOUT)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def plain(authc, password, authz=""):
    return base64.b64encode(("%s\0%s\0%s" % (authz, authc, password))
                            .encode()).decode()


def sasl_start(c, nick, mech="PLAIN"):
    """Connect, CAP REQ sasl, AUTHENTICATE mech; registration held."""
    c.name = c.nick = nick
    c.send("CAP LS 302")
    c.send("NICK " + nick)
    c.send("USER %s 0 * :%s" % (nick, nick))
    c.expect("CAP", None, "LS")
    c.send("CAP REQ :sasl")
    c.expect("CAP", None, "ACK")
    c.send("AUTHENTICATE " + mech)


def sasl_login(c, nick, account, password):
    """SASL PLAIN; returns the numeric that ended it (903 or 90x)."""
    sasl_start(c, nick)
    c.expect("AUTHENTICATE", "+")
    c.send("AUTHENTICATE " + plain(account, password))
    return c.expect_any(["903", "904", "905", "906"])


tmp = tempfile.mkdtemp(prefix="tui-chat-test.")
atexit.register(shutil.rmtree, tmp, True)
state = os.path.join(tmp, "state")


def cli():
    rc, _, err = account_cli(state, "add", "alice", password=ALICE_PW)
    t.eq(rc, 0, "--account add alice (password on stdin) exits 0")
    rc, _, err = account_cli(state, "add", "longpw", password=LONG_PW)
    t.eq(rc, 0, "--account add with a 299-byte password")
    rc, _, err = account_cli(state, "add", "Alice", password=ALICE_PW)
    t.ok(rc == 1 and "exists" in err,
         "--account add of a taken name (other case) exits 1", err)
    rc, _, err = account_cli(state, "add", "weakling", password="abc")
    t.ok(rc == 1 and "weak" in err, "a weak password is refused, exit 1",
         err)
    rc, _, err = account_cli(state, "add", "bad nick", password=ALICE_PW)
    t.eq(rc, 1, "a bad account name is refused, exit 1")
    rc, _, err = account_cli(state, "add", "gone1", password=ALICE_PW)
    rc, out, _ = account_cli(state, "list")
    names = [ln.split("\t")[0] for ln in out.splitlines()]
    t.eq((rc, names), (0, ["alice", "gone1", "longpw"]),
         "--account list prints every account, one per line")
    rc, _, _ = account_cli(state, "del", "GONE1")
    rc2, out, _ = account_cli(state, "list")
    t.ok(rc == 0 and "gone1" not in out, "--account del removes it")
    rc, _, err = account_cli(state, "del", "nobody")
    t.eq(rc, 1, "--account del of an unknown account exits 1")
    rc, _, err = account_cli(state, "frob", "x")
    t.eq(rc, 2, "--account with a bad action exits 2 (usage)")
    rc, _, err = account_cli(state, "add")
    t.eq(rc, 2, "--account add without a name exits 2")
    db = os.path.join(state, "accounts.db")
    t.ok(oct(os.stat(db).st_mode & 0o777) == "0o600",
         "accounts.db is private (0600)")
    with open(db, "rb") as f:
        data = f.read()
    t.ok(ALICE_PW.encode() not in data and b"$argon2id$" in data,
         "the database holds Argon2id hashes, not passwords")


cli()
srv = t.server(sets={"state_dir": state, "sasl_plaintext": "on",
                     "nick_grace": "1"})


def cap_values():
    c = Client(srv.port, name="capls")
    c.send("CAP LS 302")
    ls = []
    while True:
        m = c.expect("CAP", None, "LS")
        ls += m.last.split()
        if len(m.params) < 4 or m.params[2] != "*":
            break
    t.ok("sasl=PLAIN,EXTERNAL" in ls, "CAP LS 302: sasl=PLAIN,EXTERNAL", ls)
    t.ok("draft/account-registration=before-connect,custom-account-name"
         in ls, "CAP LS 302: draft/account-registration with its values")
    t.ok(all(x in ls for x in ("account-notify", "account-tag",
                               "extended-join")),
         "CAP LS 302: account-notify, account-tag, extended-join")
    c.close()
    c = Client(srv.port, name="capls2")
    c.send("CAP LS")
    m = c.expect("CAP", None, "LS")
    t.ok("sasl" in m.last.split() and "=" not in m.last,
         "plain CAP LS: names without values")
    c.close()


def sasl_ok():
    c = Client(srv.port)
    end = sasl_login(c, "alice", "alice", ALICE_PW)
    t.eq(end.command, "903", "SASL PLAIN with the right password: 903")
    lg = [m for m in c.log if m.command == "900"]
    t.ok(lg and lg[0].params[2] == "alice", "900 names the account",
         [m.raw for m in lg])
    c.send("CAP END")
    c.expect("001")
    c.expect_any(["376", "422"])
    got = c.ask("MODE alice")
    t.ok(any(m.command == "221" and "r" in m.params[1] for m in got),
         "user mode +r once logged in", [m.raw for m in got])
    other = srv.client("whoer")
    got = other.ask("WHOIS alice")
    acc = [m for m in got if m.command == "330"]
    t.ok(acc and acc[0].params[1:3] == ["alice", "alice"],
         "WHOIS shows the account (330)", [m.raw for m in got])
    other.close()
    c.close()


def sasl_chunks():
    c = Client(srv.port)
    sasl_start(c, "longpw")
    c.expect("AUTHENTICATE", "+")
    payload = plain("longpw", LONG_PW)
    t.ok(len(payload) > 400, "the long password's payload needs 2 chunks")
    for i in range(0, len(payload), 400):
        c.send("AUTHENTICATE " + payload[i:i + 400])
    if len(payload) % 400 == 0:
        c.send("AUTHENTICATE +")
    end = c.expect_any(["903", "904", "905"])
    t.eq(end.command, "903", "a payload in 400-byte chunks logs in")
    c.close()


def sasl_bad():
    c = Client(srv.port, name="early")
    c.send("AUTHENTICATE PLAIN")
    m = c.expect_any(["904", "AUTHENTICATE", "451"])
    t.eq(m.command, "904", "AUTHENTICATE before CAP REQ sasl: 904")
    c.send("NICK early")
    c.send("USER early 0 * :e")
    c.expect("001")
    t.ok(c.is_open(), "and the client can still register")
    c.close()

    c = Client(srv.port)
    sasl_start(c, "toolong")
    c.expect("AUTHENTICATE", "+")
    c.send("AUTHENTICATE " + "A" * 401)
    t.eq(c.expect_any(["903", "904", "905"]).command, "905",
         "a 401-byte AUTHENTICATE chunk: 905")
    c.send("AUTHENTICATE " + "A" * 400)
    t.eq(c.expect_any(["908", "903", "904", "905"]).command, "908",
         "a chunk after the abort starts over: 908 for the mechanism")
    c.expect("904")
    c.send("AUTHENTICATE PLAIN")
    c.expect("AUTHENTICATE", "+")
    for _ in range(4):
        c.send("AUTHENTICATE " + "A" * 400)
    t.eq(c.expect_any(["903", "904", "905"]).command, "905",
         "a payload over 1200 bytes in 400-byte chunks: 905")
    c.send("AUTHENTICATE FOO")
    got = [c.expect("908"), c.expect("904")]
    t.eq(got[0].params[1], "PLAIN,EXTERNAL",
         "an unknown mechanism: 908 lists PLAIN,EXTERNAL, then 904")
    c.send("AUTHENTICATE PLAIN")
    c.expect("AUTHENTICATE", "+")
    c.send("AUTHENTICATE *")
    c.expect("906")
    t.ok(True, "AUTHENTICATE * aborts: 906")
    c.send("AUTHENTICATE PLAIN")
    c.expect("AUTHENTICATE", "+")
    c.send("AUTHENTICATE !!!notbase64")
    t.eq(c.expect_any(["903", "904"]).command, "904", "bad base64: 904")
    c.send("AUTHENTICATE EXTERNAL")
    t.eq(c.expect_any(["903", "904"]).command, "904",
         "EXTERNAL without a client certificate: 904")
    c.send("AUTHENTICATE PLAIN")
    c.expect("AUTHENTICATE", "+")
    c.send("CAP END")
    c.expect("906")
    c.expect("001")
    t.ok(True, "CAP END in the middle of an exchange: 906, then 001")
    c.close()


def sasl_brute():
    watch = srv.client("bystander", bind="127.0.0.9")
    c = Client(srv.port, bind="127.0.0.7")
    sasl_start(c, "brute")
    codes = []
    for i in range(3):
        if i:
            c.send("AUTHENTICATE PLAIN")
        c.expect("AUTHENTICATE", "+")
        c.send("AUTHENTICATE " + plain("alice", "wrong-password-1"))
        codes.append(c.expect_any(["903", "904"]).command)
    t.eq(codes, ["904"] * 3, "three wrong passwords: 904 each")
    c.send("AUTHENTICATE PLAIN")
    c.expect("AUTHENTICATE", "+")
    c.send("AUTHENTICATE " + plain("alice", ALICE_PW))
    t.eq(c.expect_any(["903", "904"]).command, "904",
         "then even the right password is refused for a while (throttled)")
    t.ok(any(m.command == "NOTICE" and "failed logins" in m.last
             for m in c.log), "with a notice saying why")
    d = Client(srv.port, bind="127.0.0.8")
    t.eq(sasl_login(d, "alice2", "alice", ALICE_PW).command, "904",
         "the account itself is throttled from another address too")
    e = Client(srv.port, bind="127.0.0.6")
    t.eq(sasl_login(e, "other", "newbie", "new secret 42x").command, "903",
         "another account from another address logs in")
    got = watch.ask("PING :still")
    t.ok(watch.is_open() and any(m.command == "PONG" for m in got),
         "a bystander is untouched")
    for x in (c, d, e, watch):
        x.close()


def register():
    c = Client(srv.port, bind="127.0.0.11")
    c.send("CAP LS 302")
    c.send("NICK newbie")
    c.send("USER newbie 0 * :n")
    c.expect("CAP", None, "LS")
    c.send("REGISTER * * abc")
    m = c.expect("FAIL")
    t.eq(m.params[:3], ["REGISTER", "WEAK_PASSWORD", "newbie"],
         "REGISTER with a weak password: FAIL WEAK_PASSWORD")
    c.send("REGISTER alice * " + "x" + ALICE_PW)
    m = c.expect("FAIL")
    t.eq(m.params[:3], ["REGISTER", "ACCOUNT_EXISTS", "alice"],
         "REGISTER of a taken name: FAIL ACCOUNT_EXISTS")
    c.send("REGISTER * newbie@example.org :new secret 42x")
    m = c.expect("REGISTER")
    t.eq(m.params[:2], ["SUCCESS", "newbie"],
         "REGISTER before connecting: REGISTER SUCCESS")
    c.expect("900")
    c.send("CAP END")
    c.expect("001")
    c.send("REGISTER * * another-pass-9")
    m = c.expect("FAIL")
    t.eq(m.params[1], "ALREADY_AUTHENTICATED",
         "REGISTER once logged in: ALREADY_AUTHENTICATED")
    c.close()
    d = Client(srv.port, bind="127.0.0.12")
    t.eq(sasl_login(d, "newbie", "newbie", "new secret 42x").command, "903",
         "the registered account logs in with SASL")
    d.close()


def notify():
    bob = srv.client("bob", caps=["account-notify", "extended-join",
                                  "account-tag"])
    bob.join("#acct")
    plainc = srv.client("plainc")
    plainc.join("#acct")
    a = srv.client("anon1")
    a.join("#acct")
    ext = bob.wait_for(lambda m: m.command == "JOIN" and m.nick == "anon1")
    t.eq(ext.params, ["#acct", "*", "Test anon1"],
         "extended-join: JOIN #r * :realname for no account")
    a.send("CAP REQ :sasl")
    a.expect("CAP", None, "ACK")
    a.send("AUTHENTICATE PLAIN")
    a.expect("AUTHENTICATE", "+")
    a.send("AUTHENTICATE " + plain("newbie", "new secret 42x"))
    a.expect("903")
    m = bob.expect("ACCOUNT")
    t.eq((m.nick, m.params), ("anon1", ["newbie"]),
         "account-notify: ACCOUNT newbie after a login")
    a.send("PRIVMSG #acct :tagged")
    m = bob.expect("PRIVMSG", "#acct")
    t.eq(m.tags.get("account"), "newbie", "account-tag on PRIVMSG")
    a.send("NICK anon2")
    m = bob.expect("NICK", "anon2")
    t.eq(m.tags.get("account"), "newbie", "account-tag on NICK too")
    m = plainc.expect("PRIVMSG", "#acct")
    t.ok("account" not in m.tags and "ACCOUNT" not in
         [x.command for x in plainc.sync()],
         "clients without the caps see neither")
    c = Client(srv.port)
    sasl_login(c, "alice", "alice", ALICE_PW)
    c.send("CAP END")
    c.expect("001")
    c.send("JOIN #acct")
    m = bob.wait_for(lambda m: m.command == "JOIN" and m.nick == "alice")
    t.eq(m.params, ["#acct", "alice", "alice"],
         "extended-join: JOIN #r account :realname")
    t.eq(m.tags.get("account"), "alice", "account-tag on JOIN")
    for x in (bob, plainc, a, c):
        x.close()


def grace():
    m = srv.client("mallory")
    m.join("#g")
    w = srv.client("watcher")
    w.join("#g")
    m.send("NICK alice")
    n = m.expect("NOTICE")
    t.ok("belongs to an account" in n.last,
         "taking a registered nick: a notice of the grace period", n.raw)
    nick = m.wait_for(lambda x: x.command == "NICK" and
                      x.params[0].startswith("Guest"))
    t.ok(nick.nick == "alice" and nick.params[0].startswith("Guest"),
         "after the grace period: renamed to a guest nick", nick.raw)
    seen = w.wait_for(lambda x: x.command == "NICK" and
                      x.params[0].startswith("Guest"))
    t.eq(seen.params[0], nick.params[0], "the room sees the rename")
    c = Client(srv.port)
    sasl_login(c, "alice", "alice", ALICE_PW)
    c.send("CAP END")
    c.expect("001")
    got = c.sync()
    c.ask("PING :x")
    t.ok("NOTICE" not in [x.command for x in got if
                          "belongs" in x.last] and c.is_open(),
         "the owner, logged in, keeps the nick")
    for x in (m, w, c):
        x.close()


t.case("CAP LS values", cap_values)
t.case("SASL PLAIN", sasl_ok)
t.case("SASL chunks", sasl_chunks)
t.case("SASL bad input", sasl_bad)
t.case("REGISTER", register)
t.case("account-notify, extended-join, account-tag", notify)
t.case("nick grace", grace)
t.case("SASL throttle", sasl_brute)


def plaintext_refused():
    s2 = t.server(sets={"state_dir": state})
    c = Client(s2.port)
    sasl_start(c, "alice")
    m = c.expect_any(["AUTHENTICATE", "904"])
    t.eq(m.command, "904", "without TLS or sasl_plaintext, PLAIN is "
         "refused (904)")
    c.close()
    s2.stop()


t.case("PLAIN needs TLS", plaintext_refused)
srv.stop()
log = ""
for s in t.servers:
    try:
        with open(s.logpath, encoding="utf-8", errors="replace") as f:
            log += f.read()
    except OSError:
        pass
t.ok(not any(p in log for p in PASSWORDS) and
     not any(plain("alice", p) in log for p in PASSWORDS),
     "no password (nor its base64) in the daemon's log")
t.done()
