# SPDX-License-Identifier: GPL-3.0-or-later
# A real terminal client, irssi, in a private tmux server against the real
# tui-chatd: it connects, joins two rooms and chats with a raw client.
# Asserted from both sides: what the raw client receives, and what irssi
# shows (tmux capture-pane).
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, Tmux, settle  # noqa: E402

if not shutil.which("irssi") or not shutil.which(
        os.environ.get("TMUX_BIN") or "tmux"):
    print("1..0 # SKIP irssi or tmux is not installed")
    sys.exit(0)

CONFIG = """servers = (
  { address = "127.0.0.1"; chatnet = "lan"; port = "%d";
    use_tls = "no"; autoconnect = "yes"; }
);
chatnets = { lan = { type = "IRC"; }; };
settings = {
  core = { real_name = "irssi tester"; user_name = "irssiu";
           nick = "irssinick"; settings_autosave = "no"; };
  "fe-common/core" = { theme = "default"; };
  "irc/core" = { cmd_queue_speed = "1msec"; cmds_max_at_once = "100";
                 lag_check_time = "0"; };
};
"""

t = Tap()
srv = t.server(sets={"motd": "irssi-motd-marker"})
home = os.path.join(srv.tmp, "irssi")
os.mkdir(home)
with open(os.path.join(home, "config"), "w") as f:
    f.write(CONFIG % srv.port)


def session():
    raw = srv.client("rawpal")
    raw.join("#tp1")
    raw.join("#tp2")
    # No server on the command line: irssi connects from its config.
    term = Tmux("irssi --home=%s" % home, env={"TERM": "screen"})
    failed = t.failed
    try:
        irssi_session(raw, term)
    finally:
        if t.failed != failed or sys.exc_info()[0]:
            t.diag("irssi screen:\n" + term.screen())
        term.close()
        raw.close()


def irssi_session(raw, term):
    # The MOTD on the screen means irssi is registered.
    term.wait_screen("irssi-motd-marker")
    term.keys("/join #tp1,#tp2")
    joined = set()
    while len(joined) < 2:
        m = raw.expect("JOIN")
        if m.nick == "irssinick":
            joined.add(m.params[0])
    t.eq(sorted(joined), ["#tp1", "#tp2"], "raw client sees irssi join both")
    term.keys("/window goto #tp1")
    term.keys("hello from irssi in one")
    term.keys("/window goto #tp2")
    term.keys("hello from irssi in two")
    got = []
    while len(got) < 2:
        m = raw.expect("PRIVMSG")
        got.append((m.nick, m.params[0], m.last))
    t.eq(got, [("irssinick", "#tp1", "hello from irssi in one"),
               ("irssinick", "#tp2", "hello from irssi in two")],
         "typed lines reach the raw client in the right rooms")
    raw.send("PRIVMSG #tp2 :raw says hi to two")
    settle(raw)
    scr = term.wait_screen("raw says hi to two")
    t.ok("rawpal" in scr, "irssi shows the message in #tp2 with its sender",
         scr)
    raw.send("PRIVMSG #tp1 :raw says hi to one")
    raw.send("PRIVMSG irssinick :raw whispers")
    settle(raw)
    term.keys("/window goto #tp1")
    term.wait_screen("raw says hi to one")
    t.ok(True, "irssi shows the #tp1 message in the #tp1 window")
    term.keys("/query rawpal")
    term.wait_screen("raw whispers")
    t.ok(True, "irssi shows the private message")
    term.keys("private answer")
    m = raw.expect("PRIVMSG", "rawpal")
    t.eq((m.nick, m.last), ("irssinick", "private answer"),
         "irssi's private answer reaches the raw client")
    term.keys("/nick irssinew")
    m = raw.expect("NICK")
    t.eq((m.nick, m.last), ("irssinick", "irssinew"),
         "irssi's nick change seen once")
    term.keys("/quit irssi leaves")
    m = raw.expect("QUIT")
    t.ok(m.nick == "irssinew" and "irssi leaves" in m.last,
         "irssi's QUIT reaches the room", m.raw)


t.case("irssi session", session)
t.done()
