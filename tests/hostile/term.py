# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026 The tui-chat authors.
# tui-chat on a terminal against a hostile server. It runs in a private tmux
# server (fixed 80x24) under script(1), which records every byte the client
# writes to its terminal. Whatever the server sends, none of the peer's
# control sequences is in those bytes, the pane title is untouched, the
# client answers keys during a flood without disturbing the typed line,
# and /quit ends it (no crash, no hang).
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import hostile_server as hs  # noqa: E402

TIMEOUT = 30 * harness.SLOW
HALF = "half typed \u00e9\u4f60 line"


def descendants(pid):
    """Every process below pid (from /proc), children first."""
    try:
        root = int(pid)
    except ValueError:
        return []
    parent = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    parent[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out = kids + out
        todo.extend(kids)
    return out + [root]


def alive(pid):
    """Whether pid still runs (a zombie does not count)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Term:
    """tui-chat in a private tmux server, its terminal output recorded."""

    def __init__(self, scenario, tmp):
        self.tmp = tmp
        self.server = hs.Server(scenario, lifetime=TIMEOUT * 4)
        self.sock = "hostile-%d-%s" % (os.getpid(), scenario)
        self.raw = os.path.join(tmp, scenario + ".raw")
        self.status = os.path.join(tmp, scenario + ".status")
        conf = os.path.join(tmp, "tmux.conf")
        with open(conf, "w") as f:
            f.write("set -g remain-on-exit on\nset -g status off\n"
                    "set -g default-terminal screen\n")
        home = os.path.join(tmp, "home")
        os.makedirs(home, exist_ok=True)
        env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", HOME=home,
                   XDG_CONFIG_HOME=home, XDG_DATA_HOME=home,
                   XDG_STATE_HOME=home)
        env.pop("TMUX", None)
        # HOSTILE_TERM_CMD (a command with {port}) tries another client
        # by hand, e.g. "irssi -n tester -c 127.0.0.1 -p {port}".
        cmd = os.environ.get("HOSTILE_TERM_CMD", "%s --nick tester --join "
                             "'#r' 127.0.0.1:{port}" % harness.tui_chat())
        cmd = cmd.format(port=self.server.port)
        self.tmux("-f", conf, "new-session", "-d", "-x", "80", "-y", "24",
                  # tmux does not always learn the status of a dead pane:
                  # the shell writes it (script -e: 128 + signal if killed).
                  "script -q -f -e -O %s -c \"%s\"; echo $? >%s" % (
                      self.raw, cmd, self.status),
                  env=env)

    def tmux(self, *args, env=None):
        r = subprocess.run([os.environ.get("TMUX_BIN") or "tmux",
                            "-L", self.sock] + list(args),
                           capture_output=True, timeout=10, env=env)
        return r.stdout.decode("utf-8", "replace")

    def screen(self):
        return self.tmux("capture-pane", "-p")

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "0", *keys)

    def literal(self, text):
        self.tmux("send-keys", "-t", "0", "-l", text)

    def fmt(self, f):
        return self.tmux("display-message", "-p", "-t", "0", f).strip()

    def wait_screen(self, needle, timeout):
        end = time.time() + timeout
        while time.time() < end:
            if needle in self.screen():
                return True
            if self.fmt("#{pane_dead}") == "1":
                return False
            time.sleep(0.1)
        return False

    def quit(self):
        """Type /quit; the exit status, or None if it did not end."""
        if self.fmt("#{pane_dead}") != "1":
            self.literal("/quit")
            self.keys("Enter")
        end = time.time() + TIMEOUT
        while time.time() < end:
            if self.fmt("#{pane_dead}") == "1":
                return self.dead_status()
            time.sleep(0.1)
        return None

    def dead_status(self):
        """The exit status of tui-chat in a dead pane (-1 if unknown)."""
        for _ in range(30):
            try:
                with open(self.status) as f:
                    return int(f.read().strip())
            except (OSError, ValueError):
                time.sleep(0.1)
        return -1

    def close(self):
        # script(1) survives the hangup of its pane and keeps tui-chat
        # alive: end everything under the pane ourselves, bounded.
        procs = descendants(self.fmt("#{pane_pid}"))
        socket_path = self.fmt("#{socket_path}")
        self.tmux("kill-server")
        if socket_path:
            try:
                os.unlink(socket_path)   # tmux may leave it behind
            except OSError:
                pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in procs:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
            end = time.time() + 5
            while time.time() < end and any(alive(p) for p in procs):
                time.sleep(0.1)
        self.server.stop()

    def output(self):
        """What the client wrote to its terminal, script's lines removed."""
        try:
            with open(self.raw, "rb") as f:
                data = f.read()
        except OSError:
            return b""
        data = data.split(b"\n", 1)[1] if b"\n" in data else b""
        cut = data.rfind(b"\nScript done")
        return data[:cut] if cut >= 0 else data


def check_raw(tap, name, t):
    raw = t.output()
    tap.ok(len(raw) > 0, "%s: the terminal output was recorded" % name)
    found = [seq for seq in hs.FORBIDDEN if seq in raw]
    osc = re.findall(rb"\x1b\][^\x07\x1b]*PWN", raw)
    # The attack was drawn (as pictures): the checks above looked at it.
    tap.ok(b"PWN" in raw, "%s: the hostile text reached the screen" % name)
    tap.ok(not found and not osc,
           "%s: no peer escape sequence reaches the terminal" % name,
           "found: %r %r" % (found[:5], osc[:5]))
    try:
        raw.decode("utf-8")
        bad = None
    except UnicodeDecodeError as e:
        bad = "%s near %r" % (e, raw[max(0, e.start - 20):e.start + 20])
    tap.ok(bad is None,
           "%s: the terminal gets valid UTF-8 (no raw C1 bytes)" % name, bad)
    title = t.fmt("#{pane_title}")
    tap.ok("PWN" not in title, "%s: the pane title is untouched" % name,
           "title: %r" % title)


def sync(t, token):
    """Type a message to a nick and wait until the server has it: the
    client has read its keys, so it has run since the attack was sent."""
    t.literal("/msg friend " + token)
    t.keys("Enter")
    for c in t.server.clients:
        if c.wait_line(lambda l: token.encode() in l, TIMEOUT):
            return True
    return False


def run(tap, scenario, tmp, body):
    t = Term(scenario, tmp)
    try:
        registered = any(c.registered.wait(TIMEOUT)
                         for c in wait_clients(t.server))
        tap.ok(registered, "%s: tui-chat connects and registers" % scenario)
        body(tap, t)
        rc = t.quit()
        tap.ok(rc is not None, "%s: /quit ends tui-chat (no hang)" % scenario)
        tap.ok(rc in (0, None) or scenario == "midline" and 0 < rc < 128,
               "%s: tui-chat exits without crashing" % scenario,
               "status %s; screen:\n%s" % (rc, t.screen()))
        check_raw(tap, scenario, t)
        tap.ok(not t.server.errors, "%s: the fake server ran" % scenario,
               t.server.errors)
    finally:
        t.close()


def wait_clients(server):
    end = time.time() + TIMEOUT
    while not server.clients and time.time() < end:
        time.sleep(0.05)
    return list(server.clients)


def body_escapes(tap, t):
    for c in t.server.clients:
        c.joined.wait(TIMEOUT)
    time.sleep(1.0)     # the attack is a few KB, sent at once after JOIN
    tap.ok(sync(t, "sync-escapes"),
           "escapes: the client reads keys after the attack")


def body_flood(tap, t):
    for c in t.server.clients:
        c.joined.wait(TIMEOUT)
    started = t.wait_screen("flood 1", TIMEOUT)
    t.literal(HALF)
    time.sleep(1.0)
    during = HALF in t.screen().splitlines()[-1]
    done = t.wait_screen("flood-done", TIMEOUT * 2)
    after = t.screen().splitlines()
    intact = during and HALF in after[-1]
    tap.ok(started and done, "flood: the screen keeps up with the flood")
    tap.ok(intact, "flood: the half-typed line stays intact on the input line",
           "last line during: %r after: %r" % (during, after[-1:]))
    t.keys("Enter")
    got = None
    for c in t.server.clients:
        got = got or c.wait_line(lambda l: HALF.encode() in l, TIMEOUT)
    tap.ok(got == b"PRIVMSG #r :" + HALF.encode(),
           "flood: then Enter sends it unchanged", "server got %r" % got)


def body_bignames(tap, t):
    tap.ok(t.wait_screen("bignames-done", TIMEOUT * 3),
           "bignames: the message after 10 MB of NAMES is shown")


def body_nocrlf(tap, t):
    shown = t.wait_screen("nocrlf-done", TIMEOUT)
    screen = t.screen()
    tap.ok(shown and "lf-only one" in screen and "lf-only two" in screen and
           "A" * 200 not in screen,
           "nocrlf: bare-LF lines shown, the 1 MB line not", screen)


def body_midline(tap, t):
    tap.ok(t.wait_screen("midline-before", TIMEOUT),
           "midline: the message before the close is shown")
    time.sleep(1.0)
    screen = t.screen()
    tap.ok(t.fmt("#{pane_dead}") != "1" and "half-a-li" not in screen,
           "midline: the client survives the close, the half line unseen",
           "dead: %s; screen:\n%s" % (t.fmt("#{pane_dead}"), screen))


def main():
    tap = harness.Tap()
    if harness.tui_chat() is None and "HOSTILE_TERM_CMD" not in os.environ:
        tap.plan(1)
        tap.ok(False, "tui-chat is built")
        tap.done()
    if shutil.which(os.environ.get("TMUX_BIN") or "tmux") is None or \
            shutil.which("script") is None:
        tap.skip_all("tmux or script(1) missing")
    plan = {"escapes": (body_escapes, 1), "flood": (body_flood, 3),
            "bignames": (body_bignames, 1), "nocrlf": (body_nocrlf, 1),
            "midline": (body_midline, 2)}
    tap.plan(sum(9 + n for _, n in plan.values()))
    tmp = tempfile.mkdtemp(prefix="tui-chat-hostile.")
    try:
        for scenario, (body, _) in plan.items():
            run(tap, scenario, tmp, body)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    tap.done()


if __name__ == "__main__":
    main()
