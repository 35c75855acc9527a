# SPDX-License-Identifier: GPL-3.0-or-later
# A real terminal client, irssi, in a private tmux server against the real
# tui-chatd: it connects, joins two rooms and chats with a raw client.
# Asserted from both sides: what the raw client receives, and what irssi
# shows (tmux capture-pane).
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import TIMEOUT, Tap, Tmux, settle  # noqa: E402

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


def monitor_whox():
    """irssi against MONITOR and WHOX: it asks for MONITOR with /quote
    and shows 731 and 730; on JOIN it sends its own WHOX query (005 has
    WHOX) and takes the 354 replies (its raw log says so)."""
    rawlog = os.path.join(srv.tmp, "irssi-raw.log")
    term = Tmux("irssi --home=%s" % home, env={"TERM": "screen"})
    failed = t.failed
    pal = None
    try:
        term.wait_screen("irssi-motd-marker")
        term.keys("/rawlog open " + rawlog)
        term.keys("/quote MONITOR + ghostpal")
        term.wait_screen("ghostpal")
        pal = srv.client("ghostpal", user="ghostu")
        term.wait_screen("ghostpal!ghostu@127.0.0.1")
        t.ok(True, "irssi shows 731 and then 730 ghostpal!ghostu@127.0.0.1")
        pal.join("#irwho")
        term.keys("/join #irwho")
        pal.expect("JOIN", "#irwho")
        # irssi's own queries on JOIN (MODE, its WHOX, bans) are done.
        term.wait_screen("Join to #irwho was synced")
        term.keys("/quote WHO #irwho %tnf,77")
        term.keys("/window 1")      # replies it does not handle go there
        term.wait_screen("77 ghostpal H@")
        t.ok(True, "irssi shows the 354 rows of a /quote WHO %tnf,77")
        term.keys("/rawlog close")
        deadline = time.monotonic() + TIMEOUT
        log = ""
        while "354 irssinick 743" not in log and \
                time.monotonic() < deadline:
            time.sleep(0.1)
            with open(rawlog, errors="replace") as f:
                log = f.read()
        t.ok("<< WHO #irwho %" in log and "354 irssinick 743 #irwho" in log,
             "irssi sends its own WHOX query on JOIN and gets 354 rows",
             log[-1500:])
        term.keys("/quit irssi done")
        m = pal.expect("QUIT")
        t.ok(m.nick == "irssinick", "irssi quits", m.raw)
    finally:
        if t.failed != failed or sys.exc_info()[0]:
            t.diag("irssi screen:\n" + term.screen())
        term.close()
        if pal is not None:
            pal.close()


t.case("irssi session", session)
t.case("irssi with MONITOR and WHOX", monitor_whox)
t.done()
