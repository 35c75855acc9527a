# SPDX-License-Identifier: GPL-3.0-or-later
# A nick refused while registering (433) is retried with a "_" added, or,
# once it is long, with a digit in place of its last character: a whole
# character, so that a nick of multi-byte characters stays UTF-8 (the
# client fuzzer found it sending half a character and a digit).
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap  # noqa: E402
from fakeserver import FakeServer, finish_headless, headless  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="tui-chat-nickretry.")
srv = FakeServer()
client = headless(srv, tmp)
LONG = "\u00e9" * 9		# 18 bytes, past the 16 that get a "_"


def run():
    c = srv.accept()
    c.wait_for("CAP LS")
    c.send(":fake.server CAP * LS :\r\n")
    t.eq(c.wait_for("NICK "), "NICK tester", "the client asks for its nick")
    c.send(":fake.server 433 * tester :Nickname is already in use\r\n")
    t.eq(c.wait_for("NICK "), "NICK tester_", "a short nick gets a _")
    # The server renames the client before it is registered.
    c.send(":tester_!u@h NICK %s\r\n" % LONG)
    c.send(":fake.server 433 * %s :Nickname is already in use\r\n" % LONG)
    retry = c.wait_for("NICK ")
    t.ok(re.fullmatch("NICK \u00e9{8}[0-9]", retry) is not None,
         "a long nick's last character becomes a digit, the others stay "
         "whole (got %r)" % retry)
    nick = retry.split(" ", 1)[1]
    c.send(":fake.server 001 %s :Welcome\r\n" % nick)
    c.sync()
    events = finish_headless(c, client)
    reg = [e for e in events if e.get("type") == "registered"]
    t.eq([e.get("from") for e in reg], [nick],
         "the client registers with the nick it retried")
    t.eq(client.returncode, 0, "the client exits 0 at end of input")


t.case("nick retries keep whole characters", run)
if client.poll() is None:
    client.kill()
    client.wait()
srv.close()
shutil.rmtree(tmp, ignore_errors=True)
t.done()
