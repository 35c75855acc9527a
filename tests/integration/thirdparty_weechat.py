# SPDX-License-Identifier: GPL-3.0-or-later
# A real terminal client, WeeChat, in a private tmux server against the
# real tui-chatd: it connects, joins two rooms and chats with a raw client.
# Asserted from both sides: what the raw client receives, and what WeeChat
# shows (tmux capture-pane).
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, Tmux, settle  # noqa: E402

if not shutil.which("weechat") or not shutil.which(
        os.environ.get("TMUX_BIN") or "tmux"):
    print("1..0 # SKIP weechat or tmux is not installed")
    sys.exit(0)

t = Tap()
srv = t.server(sets={"motd": "weechat-motd-marker"})
wdir = os.path.join(srv.tmp, "weechat")
os.mkdir(wdir)

# Commands run at start-up (-r): a server of our own, no TLS, no
# anti-flood delay, no plugins but irc, then connect.
STARTUP = ";".join([
    "/set irc.server_default.anti_flood_prio_high 0",
    "/set irc.server_default.anti_flood_prio_low 0",
    "/server add lan 127.0.0.1/%d -notls" % srv.port,
    "/set irc.server.lan.nicks wcnick",
    "/set irc.server.lan.username wcuser",
    "/set irc.server.lan.realname weechat-tester",
    "/connect lan",
])


def session():
    raw = srv.client("rawbud")
    raw.join("#wc1")
    raw.join("#wc2")
    term = Tmux("weechat --dir %s -P irc "
                "-r '%s'" % (wdir, STARTUP), env={"TERM": "screen"})
    failed = t.failed
    try:
        weechat_session(raw, term)
    finally:
        if t.failed != failed or sys.exc_info()[0]:
            t.diag("weechat screen:\n" + term.screen())
        term.close()
        raw.close()


def weechat_session(raw, term):
    term.keys("/buffer lan")
    term.wait_screen("weechat-motd-marker")
    term.keys("/join #wc1,#wc2")
    joined = set()
    while len(joined) < 2:
        m = raw.expect("JOIN")
        if m.nick == "wcnick":
            joined.add(m.params[0])
    t.eq(sorted(joined), ["#wc1", "#wc2"], "raw client sees WeeChat join "
         "both rooms")
    # WeeChat makes a room's buffer when it reads its own JOIN, which may
    # be after the raw client saw it: /buffer #wc1 must find the buffer.
    term.wait_screen("has joined #wc2")
    term.keys("/buffer #wc1")
    term.keys("hello from weechat in one")
    term.keys("/buffer #wc2")
    term.keys("hello from weechat in two")
    got = []
    while len(got) < 2:
        m = raw.expect("PRIVMSG")
        got.append((m.nick, m.params[0], m.last))
    t.eq(got, [("wcnick", "#wc1", "hello from weechat in one"),
               ("wcnick", "#wc2", "hello from weechat in two")],
         "typed lines reach the raw client in the right rooms")
    raw.send("PRIVMSG #wc2 :raw greets two")
    settle(raw)
    scr = term.wait_screen("raw greets two")
    t.ok("rawbud" in scr, "WeeChat shows the #wc2 message with its sender",
         scr)
    raw.send("PRIVMSG #wc1 :raw greets one")
    settle(raw)
    term.keys("/buffer #wc1")
    term.wait_screen("raw greets one")
    t.ok(True, "WeeChat shows the #wc1 message in the #wc1 buffer")
    raw.send("PRIVMSG wcnick :raw whispers")
    settle(raw)
    term.keys("/query rawbud")
    term.wait_screen("raw whispers")
    t.ok(True, "WeeChat shows the private message")
    term.keys("private reply")
    m = raw.expect("PRIVMSG", "rawbud")
    t.eq((m.nick, m.last), ("wcnick", "private reply"),
         "WeeChat's private reply reaches the raw client")
    raw.send("TOPIC #wc1 :topic from raw")
    raw.expect("TOPIC")
    term.keys("/buffer #wc1")
    term.wait_screen("topic from raw")
    t.ok(True, "WeeChat shows the topic change")
    term.keys("/nick wcnew")
    m = raw.expect("NICK")
    t.eq((m.nick, m.last), ("wcnick", "wcnew"),
         "WeeChat's nick change seen once")
    term.keys("/quit weechat leaves")
    m = raw.expect("QUIT")
    t.ok(m.nick == "wcnew" and "weechat leaves" in m.last,
         "WeeChat's QUIT reaches the room", m.raw)


t.case("WeeChat session", session)
t.done()
