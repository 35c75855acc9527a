# SPDX-License-Identifier: GPL-3.0-or-later
# A server line with a bare CR or a NUL inside (which irc_msg_parse refuses)
# still reaches headless tui-chat as the message, the byte turned into a
# space; the lines around it are not disturbed.
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap  # noqa: E402
from fakeserver import FakeServer, finish_headless, headless  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="tui-chat-crnul.")
srv = FakeServer()
client = headless(srv, tmp)


def run():
    c = srv.accept()
    nick = c.register()
    c.send(":tester!u@h JOIN #r\r\n"
           ":a!b@c PRIVMSG #r :x\ry\r\n"
           ":a!b@c PRIVMSG #r :p\0q\r\n"
           ":a!b@c PRIVMSG #r :\r\r\n"
           ":a!b@c PRIVMSG #r :after\r\n"
           "PING :sync\r\n")
    # Lines are handled in order: the PONG means the messages were too.
    c.wait_for("PONG")
    events = finish_headless(c, client)
    t.eq(nick, "tester", "the client registered")
    texts = [e.get("text") for e in events
             if e.get("type") == "msg" and e.get("from") == "a"]
    t.ok("x y" in texts, "a bare CR inside a line is kept, as a space",
         "messages: %r" % texts)
    t.ok("p q" in texts, "a NUL inside a line is kept, as a space",
         "messages: %r" % texts)
    t.ok(texts[-1:] == ["after"], "the next line is read as usual",
         "messages: %r" % texts)
    t.eq(client.returncode, 0, "the client exits 0 at end of input")
    t.eq(client.stderr.read(), b"", "nothing on stderr")


t.case("CR and NUL inside server lines", run)
if client.poll() is None:
    client.kill()
    client.wait()
srv.close()
shutil.rmtree(tmp, ignore_errors=True)
t.done()
