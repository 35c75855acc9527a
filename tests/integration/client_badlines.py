# SPDX-License-Identifier: GPL-3.0-or-later
# Server lines headless tui-chat cannot read (too many parameters, over
# the length limit, a source with no name, a missing command) are each
# reported as an error event with the reason, not dropped in silence; an
# empty line is ignored; the lines around them are read as usual.
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap  # noqa: E402
from fakeserver import FakeServer, finish_headless, headless  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="tui-chat-badlines.")
srv = FakeServer()
client = headless(srv, tmp)
PREFIX = "ignored a line from the server: "


def run():
    c = srv.accept()
    c.register()
    c.send(":tester!u@h JOIN #r\r\n"
           ":a!b@c PRIVMSG #r :before\r\n"
           ":a!b@c PRIVMSG #r " + " ".join("p%d" % i for i in range(16)) +
           "\r\n"
           ":a!b@c PRIVMSG #r :" + "x" * 600 + "\r\n"
           ": PRIVMSG #r :no source\r\n"
           "@a=b\r\n"
           "\r\n"
           ":a!b@c PRIVMSG #r :after\r\n"
           "PING :sync\r\n")
    c.wait_for("PONG")
    events = finish_headless(c, client)
    texts = [e.get("text") for e in events
             if e.get("type") == "msg" and e.get("from") == "a"]
    errors = [e.get("text", "") for e in events if e.get("type") == "error"]
    t.eq(texts, ["before", "after"], "the readable lines around arrive")
    t.eq(errors, [PREFIX + "too many parameters", PREFIX + "line too long",
                  PREFIX + "malformed source", PREFIX + "no command"],
         "each unreadable line is one error event with its reason, and "
         "the empty line none")
    t.eq(client.returncode, 0, "the client exits 0 at end of input")


t.case("unreadable server lines", run)
if client.poll() is None:
    client.kill()
    client.wait()
srv.close()
shutil.rmtree(tmp, ignore_errors=True)
t.done()
