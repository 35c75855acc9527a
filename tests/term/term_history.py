# SPDX-License-Identifier: GPL-3.0-or-later
# History on the screen, in tmux, against a fake server that speaks
# chathistory: played-back lines are dimmed and carry their original date
# and time, a "new since you left" marker separates them from live lines,
# and PageUp at the top asks for the page before the oldest line, which
# appears above without moving what is on the screen.
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, Tmux, TIMEOUT, builddir  # noqa: E402
from fakeserver import FakeServer, xdg_env  # noqa: E402

CAPS = "batch server-time message-tags draft/chathistory"
TUI_CHAT = os.path.join(builddir(), "tui-chat")

t = Tap()
tmp = tempfile.mkdtemp(prefix="tui-chat-term-history.")
# The nick list off: the rows compared below are the scrollback's alone.
env = xdg_env(tmp, "nicklist = off\n")
env["TZ"] = "UTC"


def batch(ref, first, last, word):
    """A chathistory batch for #r: lines first..last, a minute apart on
    2 January 2026, msgids h<N>."""
    out = [":fake.server BATCH +%s chathistory #r\r\n" % ref]
    for i in range(first, last + 1):
        out.append("@batch=%s;time=2026-01-02T%02d:%02d:00.000Z;msgid=h%d "
                   ":alice!a@h PRIVMSG #r :%s line %d\r\n"
                   % (ref, 10 + i // 60, i % 60, i, word, i))
    out.append(":fake.server BATCH -%s\r\n" % ref)
    return "".join(out)


def rows(term, styled=False):
    """The scrollback rows (all but the status and input lines)."""
    if styled:
        text = term.tmux("capture-pane", "-p", "-e", "-t", "t") \
            .stdout.decode("utf-8", "replace")
    else:
        text = term.screen()
    return text.split("\n")[:22]


def wait_for(fn, what):
    deadline = time.monotonic() + TIMEOUT
    while not fn():
        if time.monotonic() > deadline:
            raise AssertionError("never: " + what)
        time.sleep(0.1)


def redrawn():
    """Type a key and wait for it on the input line, then take it back:
    the screen has been drawn since the lines before were handled."""
    TERM[0].keys("z", enter=False)
    wait_for(lambda: "] z" in TERM[0].screen().split("\n")[23],
             "the input line echoes:\n" + TERM[0].screen())
    TERM[0].tmux("send-keys", "-t", "t", "BSpace")


TERM = [None]


def run():
    srv = FakeServer()
    PORT[0] = srv.port
    term = Tmux("exec '%s' --nick tester --join '#r' 127.0.0.1:%d "
                "2>'%s/term.err'" % (TUI_CHAT, srv.port, tmp), width=80,
                height=24, env={k: env[k] for k in (
                    "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME",
                    "HOME", "LANG", "LC_ALL", "TZ")})
    TERM[0] = term
    c = srv.accept()
    c.register(caps=CAPS, isupport="CHATHISTORY=50 MSGREFTYPES=msgid")
    c.wait_for("JOIN #r")
    c.send(":tester!u@h JOIN #r\r\n")
    t.eq(c.wait_for("CHATHISTORY"), "CHATHISTORY LATEST #r * 50",
         "on join the client asks for the latest lines")
    c.send(batch("a", 50, 99, "old"))
    c.send("@time=2026-11-01T12:00:00.000Z;msgid=L1 "
           ":bob!b@h PRIVMSG #r :live after\r\n")
    scr = term.wait_screen("live after")
    lines = scr.split("\n")
    mark = [i for i, r in enumerate(lines) if "new since you left" in r]
    old = [i for i, r in enumerate(lines) if "old line 99" in r]
    live = [i for i, r in enumerate(lines) if "live after" in r]
    t.ok(mark and old and live and old[0] < mark[0] < live[0],
         "history, then the marker, then the live line", scr)
    t.ok(any(r.startswith("2026-01-02 11:39 <alice> old line 99")
             for r in lines),
         "a history line shows its original date and time", scr)
    styled = rows(term, styled=True)
    hist = [r for r in styled if "old line 99" in r]
    now = [r for r in styled if "live after" in r]
    t.ok(hist and "\x1b[2m" in hist[0] and now and "\x1b[2m" not in now[0],
         "history lines are dimmed, live ones are not",
         "%r\n%r" % (hist, now))

    term.tmux("send-keys", "-t", "t", "PageUp")
    term.wait_screen("-- more below:")
    c.sync("one")
    redrawn()
    t.ok(not any(x.startswith("CHATHISTORY BEFORE") for x in c.lines),
         "a PageUp inside the scrollback asks for nothing")
    term.tmux("send-keys", "-t", "t", "PageUp")
    t.eq(c.wait_for("CHATHISTORY"), "CHATHISTORY BEFORE #r msgid=h50 50",
         "PageUp reaching the top asks for the page before the oldest line")
    wait_for(lambda: "old line 50" in term.screen(), "the top in view")
    before = rows(term)
    c.send(batch("b", 0, 49, "older"))
    c.sync("two")
    redrawn()
    after = rows(term)
    t.ok(all(b == a for b, a in zip(before, after) if b.strip()) and
         any(not b.strip() and "older line 49" in a
             for b, a in zip(before, after)),
         "the older lines fill the space above without moving the view",
         "before:\n%s\nafter:\n%s" % ("\n".join(before), "\n".join(after)))
    term.tmux("send-keys", "-t", "t", "PageUp")
    scr = term.wait_screen("older line 39")
    t.ok("older line 20" in scr and "old line" not in scr,
         "the next PageUp shows them, above the rest", scr)
    term.tmux("send-keys", "-t", "t", "PageUp")
    t.eq(c.wait_for("CHATHISTORY"), "CHATHISTORY BEFORE #r msgid=h0 50",
         "and the top again asks for the page before those")
    c.send(":fake.server BATCH +c chathistory #r\r\n"
           ":fake.server BATCH -c\r\n")
    c.sync("three")
    term.tmux("send-keys", "-t", "t", "PageUp")
    c.sync("four")
    t.eq(len([x for x in c.lines if x.startswith("CHATHISTORY")]), 3,
         "once the server has nothing older, it is not asked again")
    term.keys("/quit")
    c.wait_for("QUIT")
    c.send("ERROR :bye\r\n")
    c.close()
    term.close()
    srv.close()
    with open(os.path.join(tmp, "term.err"), "rb") as f:
        err = f.read()
    t.eq(err, b"", "nothing on stderr")


def again():
    """The next run: nothing new since the last line seen, so the client
    asks for the latest lines as context above, without a marker."""
    srv = FakeServer(PORT[0])
    term = Tmux("exec '%s' --nick tester --join '#r' 127.0.0.1:%d "
                "2>'%s/term.err'" % (TUI_CHAT, srv.port, tmp), width=80,
                height=24, env={k: env[k] for k in (
                    "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME",
                    "HOME", "LANG", "LC_ALL", "TZ")})
    TERM[0] = term
    c = srv.accept()
    c.register(caps=CAPS, isupport="CHATHISTORY=50 MSGREFTYPES=msgid")
    c.wait_for("JOIN #r")
    c.send(":tester!u@h JOIN #r\r\n")
    t.eq(c.wait_for("CHATHISTORY"), "CHATHISTORY LATEST #r msgid=L1 50",
         "the next run asks for what came after the last line seen")
    c.send(":fake.server BATCH +n chathistory #r\r\n"
           ":fake.server BATCH -n\r\n")
    t.eq(c.wait_for("CHATHISTORY"), "CHATHISTORY LATEST #r * 50",
         "nothing new: the latest lines are asked for, as context")
    c.sync("empty")
    redrawn()
    t.ok("new since you left" not in term.screen(),
         "nothing new: no marker", term.screen())
    c.send(batch("d", 50, 99, "old"))
    scr = term.wait_screen("old line 99")
    t.ok(scr.find("old line 99") < scr.find("tester has joined #r"),
         "they appear above the join", scr)
    term.keys("/quit")
    c.wait_for("QUIT")
    c.send("ERROR :bye\r\n")
    c.close()
    term.close()
    srv.close()


PORT = [0]
t.case("history on the screen", run)
t.case("the next run", again)
shutil.rmtree(tmp, ignore_errors=True)
t.done()
