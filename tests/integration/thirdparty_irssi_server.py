# SPDX-License-Identifier: GPL-3.0-or-later
# irssi, in a private tmux server against the real tui-chatd, asks what
# users ask from its command line: /time, /info, /admin, /stats u and
# /links. Asserted from both sides: what irssi shows (tmux capture-pane)
# and, through STATS m from a raw client, that the daemon got each query.
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, Tmux  # noqa: E402

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
           nick = "irssiq"; settings_autosave = "no"; };
  "fe-common/core" = { theme = "default"; };
  "irc/core" = { cmd_queue_speed = "1msec"; cmds_max_at_once = "100";
                 lag_check_time = "0"; };
};
"""

t = Tap()
srv = t.server(sets={"motd": "irssi-motd-marker", "flood_limit": 0,
                     "admin_name": "Ann Admin-Marker",
                     "admin_email": "ann@lan.example",
                     "admin_location": "Closet 42"})
home = os.path.join(srv.tmp, "irssi")
os.mkdir(home)
with open(os.path.join(home, "config"), "w") as f:
    f.write(CONFIG % srv.port)


def session():
    term = Tmux("irssi --home=%s" % home, env={"TERM": "screen"})
    failed = t.failed
    try:
        queries(term)
    finally:
        if t.failed != failed or sys.exc_info()[0]:
            t.diag("irssi screen:\n" + term.screen())
        term.close()


def counted(raw):
    """The daemon's STATS m counts, by command."""
    return {m.params[1]: int(m.params[2]) for m in raw.ask("STATS m")
            if m.command == "212"}


def queries(term):
    term.wait_screen("irssi-motd-marker")
    term.keys("/time")
    scr = term.wait_screen(" -- ")
    t.ok("test.server" in scr, "/time: irssi shows 391 with the server",
         scr)
    term.keys("/admin")
    term.wait_screen("Ann Admin-Marker")
    scr = term.wait_screen("ann@lan.example")
    t.ok("Closet 42" in scr, "/admin: irssi shows 257, 258 and 259")
    term.keys("/info")
    term.wait_screen("GPL-3.0-or-later")
    term.wait_screen("End of INFO list")
    t.ok(True, "/info: irssi shows the 371 lines (licence) and 374")
    term.keys("/stats u")
    term.wait_screen("Server Up")
    term.wait_screen("End of /STATS report")
    t.ok(True, "/stats u: irssi shows 242 and 219")
    term.keys("/links")
    scr = term.wait_screen("End of /LINKS list")
    t.ok("test.server test.server 0 " in scr,
         "/links: irssi shows 364 with the hop count, then 365", scr)
    raw = srv.client("rawq")
    got = counted(raw)
    for verb in ("TIME", "ADMIN", "INFO", "STATS", "LINKS"):
        t.ok(got.get(verb, 0) >= 1, "the daemon got irssi's %s" % verb, got)
    raw.close()
    term.keys("/quit bye")


t.case("irssi server queries", session)
t.done()
