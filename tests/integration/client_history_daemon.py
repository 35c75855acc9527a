# SPDX-License-Identifier: GPL-3.0-or-later
# tui-chat against the real tui-chatd with history on: a message, a daemon
# restart, and a rejoin shows the message again (as a history event with
# its original time); a client that comes back gets only what it missed
# since the last line it saw, then the marker.
import json
import os
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, TIMEOUT  # noqa: E402
from fakeserver import headless  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="tui-chat-history-daemon.")
OLD = "hello from before the restart"
MISSED = "said while alice was away"


class Headless:
    """A headless tui-chat on srv whose events are read as they come."""

    def __init__(self, srv, state, nick):
        self.proc = headless(srv, os.path.join(tmp, state), nick=nick)
        self.events = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.events.append(json.loads(line))

    def say(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def wait(self, pred, what):
        """Wait (bounded) for an event pred accepts; returns it."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            with self.lock:
                for e in self.events:
                    if pred(e):
                        return e
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError("never saw %s; events: %r" %
                             (what, self.events[-10:]))

    def finish(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=TIMEOUT)
        self.reader.join(timeout=TIMEOUT)
        return self.proc.returncode

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def msg(text, history=None):
    return lambda e: (e.get("type") == "msg" and e.get("text") == text and
                      (history is None or bool(e.get("history")) == history))


def run():
    srv = t.server()
    a = Headless(srv, "alice", "alice")
    try:
        a.say("/join #h")
        a.say(OLD)
        said = a.wait(msg(OLD), "alice's own message")
        t.eq(a.finish(), 0, "alice says something and leaves")
    finally:
        a.kill()

    srv.stop()
    srv.start()
    t.ok(srv.alive(), "the daemon restarts on the same state directory")

    b = Headless(srv, "bob", "bob")
    try:
        b.say("/join #h")
        old = b.wait(msg(OLD, True), "the message as history")
        t.ok(old.get("from") == "alice" and old.get("ts") == said.get("ts")
             and old.get("room") == "#h",
             "after the restart, a rejoin shows it again: history, alice, "
             "its original ts", "%r / %r" % (old, said))
        b.say(MISSED)
        b.wait(msg(MISSED, False), "bob's own message")
        t.eq(b.finish(), 0, "bob says something and leaves")
    finally:
        b.kill()

    a = Headless(srv, "alice", "alice")
    try:
        a.say("/join #h")
        a.wait(msg(MISSED, True), "what alice missed")
        a.wait(lambda e: e.get("type") == "info" and e.get("history"),
               "the marker")
        again = [e for e in a.events if e.get("text") == OLD]
        t.eq(again, [], "alice gets what she missed, not what she saw")
        t.eq(a.finish(), 0, "and exits 0")
    finally:
        a.kill()


t.case("history across a daemon restart", run)
shutil.rmtree(tmp, ignore_errors=True)
t.done()
