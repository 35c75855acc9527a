# SPDX-License-Identifier: GPL-3.0-or-later
# The history store across daemon lifetimes: a clean SIGTERM loses
# nothing, kill -9 loses at most what arrived in the last history_sync_ms
# (checked well past that bound), topics and modes come back, retention
# prunes by line count and by age, a corrupt database or a read-only state
# directory stop the start with one line and status 1, history = off opens
# nothing, and a full disk at run time stops history but not chat.
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import (Tap, TIMEOUT, builddir, free_port,  # noqa: E402
                       run_daemon)

CAPS = ("message-tags", "server-time", "batch", "draft/chathistory")
t = Tap()


def history(srv, room, nick="reader", n=1000):
    """The PRIVMSG texts of a room's history, as a fresh member sees it."""
    c = srv.client(nick, caps=CAPS)
    c.join(room)
    got = c.ask("CHATHISTORY LATEST %s * %d" % (room, n))
    c.send("QUIT")
    c.wait_closed()
    return [m.last for m in got if m.command == "PRIVMSG"]


def say(srv, room, texts, nick="writer"):
    c = srv.client(nick)
    c.join(room)
    for x in texts:
        c.send("PRIVMSG %s :%s" % (room, x))
    c.sync()
    return c


def restart_survival():
    srv = t.server(sets={"flood_limit": 0})
    w = say(srv, "#keep", ["kept %d" % i for i in range(50)])
    w.send("TOPIC #keep :the kept topic")
    w.expect("TOPIC")
    w.send("MODE #keep +m-t")
    w.expect("MODE")
    t.eq(srv.stop(), 0, "SIGTERM: exit status 0")
    srv.start()
    t.eq(history(srv, "#keep"), ["kept %d" % i for i in range(50)],
         "after SIGTERM and a restart every line is there")
    c = srv.client("back")
    got = c.ask("JOIN #keep")
    topic = [m.last for m in got if m.command == "332"]
    t.eq(topic, ["the kept topic"], "the topic survives the restart")
    modes = c.ask("MODE #keep")
    t.ok(any(m.command == "324" and "m" in m.params[2] and
             "t" not in m.params[2] for m in modes),
         "the modes survive the restart (%s)" %
         [m.raw for m in modes if m.command == "324"])
    srv.cleanup()


def kill_survival():
    srv = t.server(sets={"flood_limit": 0, "history_sync_ms": 50})
    say(srv, "#crash", ["before crash %d" % i for i in range(30)])
    # Forty times the bound: the group commit has long run.
    time.sleep(2)
    srv.stop(signal.SIGKILL)
    srv.start()
    t.eq(history(srv, "#crash"), ["before crash %d" % i for i in range(30)],
         "kill -9 after history_sync_ms loses nothing")
    srv.cleanup()


def retention_lines():
    srv = t.server(sets={"flood_limit": 0, "history_max_lines": 5})
    say(srv, "#trim", ["t%d" % i for i in range(40)])
    # Joins and quits are counted apart: they push no message out.
    deadline = time.monotonic() + TIMEOUT
    got = None
    while time.monotonic() < deadline:
        got = history(srv, "#trim")
        if len(got) <= 5:
            break
        time.sleep(0.3)
    t.eq(got, ["t%d" % i for i in range(35, 40)],
         "history_max_lines=5 keeps the newest five lines")
    srv.cleanup()


def retention_age():
    srv = t.server(sets={"flood_limit": 0, "history_max_age": "1s"})
    say(srv, "#old", ["old %d" % i for i in range(10)])
    deadline = time.monotonic() + TIMEOUT
    got = None
    while time.monotonic() < deadline:
        got = history(srv, "#old")
        if not got:
            break
        time.sleep(0.3)
    t.eq(got, [], "history_max_age=1s: old lines are pruned")
    say(srv, "#old", ["fresh"], nick="writer2")
    t.eq(history(srv, "#old", nick="reader2"), ["fresh"],
         "new lines are kept")
    srv.cleanup()


def start_fails(state, what):
    status, err = run_daemon(["--listen", "127.0.0.1:%d" % free_port(),
                              "--no-discovery",
                              "--state-dir", state])
    lines = [x for x in err.splitlines() if x.strip()]
    t.eq(status, 1, what + ": exit status 1")
    t.ok(len(lines) == 1 and "history.db" in lines[0] or
         len(lines) == 1 and state in lines[0],
         what + ": one clear line (%r)" % lines)


def bad_starts():
    tmp = tempfile.mkdtemp(prefix="tui-chat-hist.")
    corrupt = os.path.join(tmp, "corrupt")
    os.mkdir(corrupt)
    with open(os.path.join(corrupt, "history.db"), "wb") as f:
        f.write(b"this is not a database, " * 400)
    start_fails(corrupt, "corrupt database")
    blocker = os.path.join(tmp, "file")
    open(blocker, "w").close()
    start_fails(os.path.join(blocker, "state"), "unusable state directory")
    if os.geteuid() == 0:
        t.ok(True, "# SKIP read-only state directory (root writes anyway)")
        t.ok(True, "# SKIP read-only state directory (root writes anyway)")
    else:
        ro = os.path.join(tmp, "ro")
        os.mkdir(ro)
        os.chmod(ro, 0o500)
        start_fails(ro, "read-only state directory")
        os.chmod(ro, 0o700)
    new = os.path.join(tmp, "a", "b")
    srv = t.server(sets={"state_dir": new})
    say(srv, "#x", ["x"])
    st = os.stat(new)
    t.ok(os.path.exists(os.path.join(new, "history.db")) and
         (st.st_mode & 0o777) == 0o700,
         "a missing state directory is created 0700")
    srv.cleanup()


def history_off():
    tmp = tempfile.mkdtemp(prefix="tui-chat-off.")
    srv = t.server(sets={"history": "off", "state_dir": tmp})
    c = srv.client()
    c.send("CAP LS 302")
    ls = c.expect("CAP", None, "LS").last.split()
    t.ok("draft/chathistory" not in ls, "history=off: no draft/chathistory")
    r = srv.client("offr")
    say(srv, "#off", ["nothing kept"])
    t.eq([m.command for m in r.ask("CHATHISTORY LATEST #off * 10")],
         ["421"], "history=off: CHATHISTORY is an unknown command")
    t.eq([f for f in os.listdir(tmp) if f.startswith("history")], [],
         "history=off: no history database is opened")
    srv.cleanup()


def oper_hash(pw):
    """An opers_file hash made by tui-chatd --hash-password."""
    p = subprocess.run([os.path.join(builddir(), "tui-chatd"),
                        "--hash-password"], input=(pw + "\n").encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    return p.stdout.decode().strip()


def disk_full():
    opers = os.path.join(tempfile.mkdtemp(prefix="tui-chat-opers."), "opers")
    with open(opers, "w") as f:
        f.write("root %s\n" % oper_hash("history oper pass 9"))
    os.environ["TUI_CHATD_HISTORY_MAX_PAGES"] = "12"
    srv = t.server(sets={"flood_limit": 0, "history_sync_ms": 20,
                         "opers_file": opers})
    del os.environ["TUI_CHATD_HISTORY_MAX_PAGES"]
    op = srv.client("histop")
    op.send("OPER root :history oper pass 9")
    op.expect("381")
    a = srv.client("fa")
    b = srv.client("fb")
    a.join("#full")
    b.join("#full")
    deadline = time.monotonic() + TIMEOUT
    i = 0
    while "history stopped" not in srv.logtext():
        if time.monotonic() > deadline:
            break
        a.send("PRIVMSG #full :%s %d" % ("x" * 400, i))
        i += 1
        if i % 50 == 0:
            a.sync()
    t.ok("history stopped" in srv.logtext(),
         "a full disk is logged (after %d lines)" % i)
    a.send("PRIVMSG #full :still chatting")
    b.wait_for(lambda m: m.last == "still chatting")
    t.ok(srv.alive(), "chat goes on after history stopped")
    m = op.wait_for(lambda m: m.command == "NOTICE" and
                    "History is off" in m.last)
    t.ok("history.db" in m.last, "the operators get a NOTICE saying why (%s)"
         % m.last)
    srv.cleanup()


def database_error():
    """The database breaks under a running daemon: FAIL MESSAGE_ERROR."""
    tmp = tempfile.mkdtemp(prefix="tui-chat-broken.")
    srv = t.server(sets={"flood_limit": 0, "state_dir": tmp})
    c = srv.client("broken", caps=CAPS)
    c.join("#b")
    c.send("PRIVMSG #b :soon unreadable")
    got = c.ask("CHATHISTORY LATEST #b * 10")
    t.ok(any(m.last == "soon unreadable" for m in got),
         "the line is there before the damage")
    db = sqlite3.connect(os.path.join(tmp, "history.db"), timeout=10)
    db.execute("DROP TABLE msg")
    db.commit()
    db.close()
    fails = [m.params[1:] for m in c.ask("CHATHISTORY LATEST #b * 10")
             if m.command == "FAIL"]
    t.eq(fails, [["MESSAGE_ERROR", "LATEST", "#b",
                  "Messages could not be retrieved"]],
         "a failing database: FAIL CHATHISTORY MESSAGE_ERROR")
    c.send("PRIVMSG #b :chat goes on")
    c.sync()
    t.ok(srv.alive(), "the daemon keeps running")
    srv.cleanup()


t.case("restart survival", restart_survival)
t.case("kill -9 survival", kill_survival)
t.case("retention by lines", retention_lines)
t.case("retention by age", retention_age)
if os.environ.get("TUI_CHAT_TEST_REDIS") != "1":
    # The SQLite file's own failures; history_redis_store.py runs the
    # cases above with the history in Redis.
    t.case("bad starts", bad_starts)
    t.case("history off", history_off)
    t.case("disk full", disk_full)
    t.case("database error", database_error)
t.done()
