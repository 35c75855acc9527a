# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026 The tui-chat authors.
# tui-chat --headless against a hostile server: whatever the server sends,
# every output line is a JSON object whose strings hold no control or bidi
# character, the client keeps up (the marker after the attack arrives),
# does not crash, does not hang, and its memory stays bounded.
import os
import resource
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import hostile_server as hs  # noqa: E402

TIMEOUT = 60 * harness.SLOW
# Fields the client must show (sanitised), not silently lose.
ESCAPE_TAGS = ["topic", "msg", "privmsg", "notice", "action", "topic2",
               "kick", "part", "quit", "roommsg", "tags"]
TYPED = "typed during the flood \u00e9\u4f60"


class Run:
    """One tui-chat --headless process against one hostile scenario."""

    def __init__(self, scenario):
        self.server = hs.Server(scenario, lifetime=TIMEOUT * 2)
        self.out = b""
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(
            [harness.tui_chat(), "--headless", "--nick", "tester",
             "--join", "#r", "127.0.0.1:%d" % self.server.port],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        self.err = b""
        self.readers = [
            threading.Thread(target=self.pump, args=(self.proc.stdout, "out"),
                             daemon=True),
            threading.Thread(target=self.pump, args=(self.proc.stderr, "err"),
                             daemon=True)]
        for t in self.readers:
            t.start()

    def pump(self, f, name):
        while True:
            data = f.read1(65536)
            if not data:
                return
            with self.lock:
                if name == "out":
                    self.out += data
                else:
                    self.err += data[:65536 - len(self.err)]

    def saw(self, needle, timeout):
        """Wait (bounded) until the output contains needle."""
        end = time.time() + timeout
        while time.time() < end:
            with self.lock:
                if needle in self.out:
                    return True
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        with self.lock:
            return needle in self.out

    def type(self, line):
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
            return True
        except OSError:
            return False

    def finish(self):
        """Close stdin (end of input: the client quits); wait, bounded.
        Returns the exit status, or None if it hung and was killed."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            rc = self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        for t in self.readers:
            t.join(5)
        self.server.stop()
        return rc


def common(tap, name, run, rc, clean_exit=True):
    """The checks every scenario shares."""
    if rc is None:
        tap.ok(False, "%s: tui-chat exits at end of input (it hung)" % name)
    elif clean_exit:
        tap.ok(rc == 0, "%s: tui-chat exits 0 at end of input" % name,
               "status %s; stderr: %s" % (rc, run.err[-2000:]))
    else:
        tap.ok(rc >= 0 and rc not in (134, 139),
               "%s: tui-chat exits without crashing" % name,
               "status %s; stderr: %s" % (rc, run.err[-2000:]))
    events, problem = harness.parse_events(run.out)
    tap.ok(problem is None,
           "%s: every line is JSON without control characters" % name,
           problem)
    tap.ok(not any(b in run.err for b in (b"\x1b", b"\x9b")) and
           b"ERROR: AddressSanitizer" not in run.err and
           b"runtime error" not in run.err,
           "%s: stderr is clean (no escapes, no sanitizer report)" % name,
           run.err[-2000:])
    tap.ok(not run.server.errors, "%s: the fake server ran" % name,
           run.server.errors)
    return events


def test_escapes(tap):
    run = Run("escapes")
    seen = run.saw(b"escapes-done", TIMEOUT)
    rc = run.finish()
    events = common(tap, "escapes", run, rc)
    tap.ok(seen, "escapes: the message after the attack arrives")
    lost = [t for t in ESCAPE_TAGS
            if not harness.has_text(events, "<%s>" % t)]
    tap.ok(not lost, "escapes: every hostile field is shown, sanitised",
           "missing: %s" % lost)
    shown = [t for t in ("names", "ctcp", "motd", "err", "numeric",
                         "srvnotice", "away", "nosource")
             if harness.has_text(events, "<%s>" % t)]
    tap.diag("also shown: %s" % shown)


def test_bignames(tap):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    run = Run("bignames")
    seen = run.saw(b"bignames-done", TIMEOUT * 2)
    rc = run.finish()
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    common(tap, "bignames", run, rc)
    tap.ok(seen, "bignames: the message after 10 MB of NAMES arrives")
    # The peak of all children so far; only a runaway can pass 1 GB.
    tap.ok(maxrss < 1024 * 1024, "bignames: memory stays bounded",
           "max RSS %d KiB (before: %d KiB)" % (maxrss, before))
    tap.diag("max RSS of a child so far: %d KiB" % maxrss)


def test_nocrlf(tap):
    run = Run("nocrlf")
    seen = run.saw(b"nocrlf-done", TIMEOUT)
    rc = run.finish()
    events = common(tap, "nocrlf", run, rc)
    tap.ok(seen and harness.has_text(events, "lf-only one") and
           harness.has_text(events, "lf-only two"),
           "nocrlf: lines ending in a bare LF are read")
    tap.ok(not harness.has_text(events, "A" * 4096),
           "nocrlf: the 1 MB line is dropped, not shown")


def test_midline(tap):
    run = Run("midline")
    seen = run.saw(b"midline-before", TIMEOUT)
    # The close comes 0.5 s after the marker; let the client see it.
    gone = run.saw(b'"disconnected"', 5 * harness.SLOW)
    rc = run.finish()
    events = common(tap, "midline", run, rc, clean_exit=False)
    tap.ok(seen, "midline: messages before the close arrive")
    tap.ok(not harness.has_text(events, "half-a-li"),
           "midline: the half line is not shown as a message")
    tap.diag("client reported the close: %s" % gone)


def test_flood(tap):
    run = Run("flood")
    started = run.saw(b"flood 1000", TIMEOUT)
    typed = run.type(TYPED)
    seen = run.saw(b"flood-done", TIMEOUT * 2)
    got = None
    for c in run.server.clients:
        got = got or c.wait_line(lambda l: TYPED.encode() in l, TIMEOUT)
    rc = run.finish()
    common(tap, "flood", run, rc)
    tap.ok(started and seen, "flood: the client keeps up with the flood")
    tap.ok(typed and got is not None and
           got.startswith(b"PRIVMSG #r :") and got.endswith(TYPED.encode()),
           "flood: a line typed during the flood is sent intact",
           "server got: %r" % got)


def main():
    tap = harness.Tap()
    if harness.tui_chat() is None:
        tap.plan(1)
        tap.ok(False, "tui-chat is built")
        tap.done()
    tap.plan(5 * 4 + 2 + 2 + 2 + 2 + 2)
    for test in (test_escapes, test_bignames, test_nocrlf, test_midline,
                 test_flood):
        test(tap)
    tap.done()


if __name__ == "__main__":
    main()
