# SPDX-License-Identifier: GPL-3.0-or-later
# Headless tui-chat against a fake server that plays history back as the
# IRCv3 chathistory spec says: on join the client asks for the latest
# lines (or those since the last one it saw, on the second run), history
# lines are "msg" events with "history": true and their original ts,
# a line already shown is not shown twice, and a server without the cap
# is never asked. The hostile cases: a huge batch, an unterminated one,
# too many open batches, bogus msgids, batches for rooms we are not in.
import json
import os
import shutil
import sys
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap, TIMEOUT  # noqa: E402
from fakeserver import FakeServer, headless  # noqa: E402

CAPS = "batch server-time message-tags draft/chathistory echo-message"
OLD1 = "2026-01-02T03:04:05.678Z"
OLD2 = "2026-01-02T03:05:00.000Z"

t = Tap()
tmp = tempfile.mkdtemp(prefix="tui-chat-history.")
PORT = [0]	# the runs that remember a room talk to one address


class Client:
    """A headless tui-chat whose JSON is read as it comes (a big batch
    would fill the pipe), with the fake server's end of it."""

    def __init__(self, srv, state, caps=CAPS, isupport=""):
        self.proc = headless(srv, state)
        self.events = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.conn = srv.accept()
        self.nick = self.conn.register(caps=caps, isupport=isupport)

    def _read(self):
        for line in self.proc.stdout:
            self.events.append(json.loads(line))

    def say(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def join(self, room):
        """/join room; the server confirms; returns the client's next
        line (its history request, if any, comes right after the JOIN)."""
        self.say("/join " + room)
        self.conn.wait_for("JOIN " + room)
        self.conn.send(":%s!u@h JOIN %s\r\n" % (self.nick, room))

    def finish(self):
        """End of input: QUIT, goodbye, exit; returns the events."""
        self.proc.stdin.close()
        self.conn.wait_for("QUIT")
        self.conn.send("ERROR :Closing link\r\n")
        self.conn.close()
        self.proc.wait(timeout=TIMEOUT)
        self.reader.join(timeout=TIMEOUT)
        self.err = self.proc.stderr.read()
        return self.events

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def msgs(events, room="#r"):
    return [e for e in events if e.get("type") == "msg" and
            e.get("room") == room]


def requests(conn):
    return [line for line in conn.lines if line.startswith("CHATHISTORY")]


def first_run():
    srv = FakeServer()
    PORT[0] = srv.port
    c = Client(srv, os.path.join(tmp, "a"),
               isupport="CHATHISTORY=100 MSGREFTYPES=msgid,timestamp")
    try:
        t.ok(set(["batch", "message-tags", "draft/chathistory",
                  "server-time"]) <= set(c.conn.acked),
             "the client asks for batch, message-tags, draft/chathistory "
             "and server-time", "it asked for %r" % c.conn.acked)
        c.join("#r")
        req = c.conn.wait_for("CHATHISTORY")
        t.eq(req, "CHATHISTORY LATEST #r * 50",
             "the first time, it asks for the latest 50 lines")
        # A line that came live already (m2) is in the batch again.
        c.conn.send("@time=2026-01-02T03:05:00.000Z;msgid=m2 "
                    ":bob!b@h PRIVMSG #r :second old\r\n"
                    ":fake.server BATCH +h1 chathistory #r\r\n"
                    "@batch=h1;time=%s;msgid=m1 :alice!a@h PRIVMSG #r "
                    ":first old\r\n"
                    "@batch=h1;time=%s;msgid=m2 :bob!b@h PRIVMSG #r "
                    ":second old\r\n"
                    "@batch=h1;time=%s;msgid=m0 :eve!e@h PRIVMSG #r "
                    ":\x01VERSION\x01\r\n"
                    "@batch=h1;time=%s;msgid=m1b :alice!a@h NOTICE #r "
                    ":\x1b[31mred\r\n"
                    ":fake.server BATCH -h1\r\n"
                    "@time=2026-11-01T00:00:00.000Z;msgid=m3 "
                    ":carol!c@h PRIVMSG #r :live now\r\n"
                    % (OLD1, OLD2, OLD1, OLD2))
        c.conn.sync()
        events = c.finish()
    finally:
        c.kill()
        srv.close()
    ms = msgs(events)
    old = [e for e in ms if e.get("history")]
    t.ok(any(e["text"] == "first old" and e["ts"] == OLD1 and
             e.get("msgid") == "m1" and e["from"] == "alice" for e in old),
         "a history line is a msg event with history, its own ts and msgid",
         "history events: %r" % old)
    t.eq([e["text"] for e in ms].count("second old"), 1,
         "a line already shown live is not shown again")
    live = [e for e in ms if e["text"] == "live now"]
    t.ok(len(live) == 1 and "history" not in live[0],
         "a live line after the batch is not history", "%r" % live)
    notices = [e for e in events if e.get("type") == "notice" and
               e.get("history")]
    t.ok(len(notices) == 1 and "\x1b" not in notices[0]["text"],
         "history text is sanitised like any other", "%r" % notices)
    t.ok(not any(line.startswith("NOTICE eve") for line in c.conn.lines),
         "a CTCP in history gets no reply")
    marks = [e for e in events if e.get("type") == "info" and
             e.get("history")]
    t.ok(len(marks) == 1 and "new since you left" in marks[0]["text"],
         "the end of the playback is marked", "%r" % marks)
    t.eq(c.err, b"", "nothing on stderr")
    path = os.path.join(tmp, "a", "state", "tui-chat", "lastseen")
    t.ok(os.path.exists(path) and " #r " in open(path).read() and
         "m3" in open(path).read(),
         "the last line seen is kept in the state file",
         open(path).read() if os.path.exists(path) else "no " + path)


def second_run(isupport, want):
    srv = FakeServer(PORT[0])
    c = Client(srv, os.path.join(tmp, "a"), isupport=isupport)
    try:
        c.join("#r")
        req = c.conn.wait_for("CHATHISTORY")
        c.conn.send(":fake.server BATCH +x chathistory #r\r\n"
                    ":fake.server BATCH -x\r\n")
        c.conn.sync()
        events = c.finish()
    finally:
        c.kill()
        srv.close()
    t.eq(req, want, "the next run asks for what came since (%s)" %
         (isupport or "no MSGREFTYPES"))
    t.ok(not any(e.get("history") for e in events),
         "an empty playback adds nothing, not even the marker")


def no_cap():
    srv = FakeServer()
    c = Client(srv, os.path.join(tmp, "b"), caps="")
    try:
        c.join("#r")
        c.conn.send("@time=%s;msgid=z1 :bob!b@h PRIVMSG #r :hello\r\n"
                    % OLD1)
        c.conn.sync()
        events = c.finish()
    finally:
        c.kill()
        srv.close()
    t.eq(requests(c.conn), [], "a server without chathistory is not asked")
    t.ok(any(e.get("text") == "hello" and "history" not in e
             for e in msgs(events)), "its messages are shown as before")
    t.ok(not os.path.exists(os.path.join(tmp, "b", "state", "tui-chat",
                                         "lastseen")),
         "and no last-seen file is written for it")


def hostile():
    srv = FakeServer()
    c = Client(srv, os.path.join(tmp, "c"),
               isupport="CHATHISTORY=abc MSGREFTYPES=msgid,,bogus")
    try:
        c.join("#r")
        c.conn.wait_for("CHATHISTORY")
        big = ["@batch=big;time=%s;msgid=b%d :x!x@h PRIVMSG #r :flood %d\r\n"
               % (OLD1, i, i) for i in range(2000)]
        c.conn.send(":s BATCH +big chathistory #r\r\n"
                    "@batch=big :x!x@h PRIVMSG #other :smuggled\r\n"
                    "@batch=big :x!x@h PRIVMSG #r\r\n"
                    "@batch=big PRIVMSG #r :no source\r\n" +
                    "".join(big) +
                    ":s BATCH -big\r\n"
                    ":s BATCH +elsewhere chathistory #nothere\r\n"
                    "@batch=elsewhere :x!x@h PRIVMSG #nothere :not ours\r\n"
                    ":s BATCH -elsewhere\r\n"
                    ":s BATCH +ns netsplit a.b c.d\r\n"
                    "@batch=ns :y!y@h QUIT :a.b c.d\r\n"
                    ":s BATCH -ns\r\n"
                    ":s BATCH -never-opened\r\n"
                    ":s BATCH\r\n"
                    ":s BATCH +\r\n")
        # Too many batches opened and never closed.
        c.conn.send("".join(":s BATCH +o%d chathistory #r\r\n" % i
                            for i in range(100)))
        c.conn.send("@batch=o99 :x!x@h PRIVMSG #r :in a refused batch\r\n"
                    "@batch=nope :x!x@h PRIVMSG #r :unknown batch ref\r\n"
                    "@batch=o1;msgid=with\\sspace :x!x@h PRIVMSG #r "
                    ":bogus id\r\n"
                    "@batch=o2;msgid=%s :x!x@h PRIVMSG #r :long id\r\n"
                    "@time=2026-11-01T00:00:00.000Z;msgid=%s "
                    ":x!x@h PRIVMSG #r :live with a huge msgid\r\n"
                    % ("L" * 5000, "Z" * 3000))
        c.conn.sync()
        events = c.finish()
    finally:
        c.kill()
        srv.close()
    flood = [e for e in msgs(events) if e["text"].startswith("flood")]
    t.ok(0 < len(flood) <= 500 and all(e.get("history") for e in flood),
         "a huge batch is cut at 500 lines", "%d lines" % len(flood))
    texts = dict((e["text"], e) for e in msgs(events))
    t.ok("in a refused batch" in texts and
         "history" not in texts["in a refused batch"],
         "a batch past the table's limit is read as no batch")
    t.ok("unknown batch ref" in texts, "an unknown batch ref is read as none")
    t.ok("bogus id" in texts and "msgid" not in texts["bogus id"] and
         "long id" in texts and "msgid" not in texts["long id"],
         "msgids that cannot be sent back are dropped",
         "%r %r" % (texts.get("bogus id"), texts.get("long id")))
    t.ok(not any(e.get("room") in ("#nothere", "#other") for e in events),
         "history for a room we are not in, or not asked for, is dropped")
    t.ok(not any(e.get("text") == "no source" for e in events),
         "a history line without a source is dropped")
    t.ok(any(e.get("type") == "quit" and e.get("from") == "y"
             for e in events), "lines of an unknown batch type are shown")
    t.ok(any(e["text"] == "live with a huge msgid" for e in msgs(events)),
         "the client reads on after all of it")
    t.eq(c.proc.returncode, 0, "and exits 0")
    t.eq(c.err, b"", "with nothing on stderr (no sanitizer report)")


t.case("first run: latest lines, dedup, marker", first_run)
t.case("second run, msgid", second_run,
       "CHATHISTORY=100 MSGREFTYPES=msgid,timestamp",
       "CHATHISTORY LATEST #r msgid=m3 50")
t.case("third run, timestamp", second_run, "CHATHISTORY=20",
       "CHATHISTORY LATEST #r timestamp=2026-11-01T00:00:00.000Z 20")
t.case("a server without chathistory", no_cap)
t.case("a hostile server", hostile)
shutil.rmtree(tmp, ignore_errors=True)
t.done()
