# SPDX-License-Identifier: GPL-3.0-or-later
# mIRC formatting codes survive only in texts: a room or nick name keeps one
# spelling whether the server sends it as a middle or as the last parameter
# (JOIN :#room, 353 names), so one room never becomes two windows.
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import Tap  # noqa: E402
from fakeserver import FakeServer, finish_headless, headless  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix="tui-chat-names.")
srv = FakeServer()
client = headless(srv, tmp)


def run():
    c = srv.accept()
    c.register()
    c.send(":tester!u@h JOIN :#\x02x\r\n"
           ":srv 353 tester = #\x02x :tester \x02bob\r\n"
           ":srv 366 tester #\x02x :End of /NAMES list\r\n"
           ":bob!u@h PRIVMSG #\x02x :\x02bold\x02 text\r\n"
           ":bob!u@h NICK :\x1fbobby\r\n"
           "PING :sync\r\n")
    c.wait_for("PONG")
    events = finish_headless(c, client)
    rooms = {e["room"] for e in events if "room" in e}
    t.eq(sorted(rooms), ["#\u2402x"],
         "JOIN :#room (last parameter) and PRIVMSG #room (middle) name "
         "the same room")
    names = [e.get("text") for e in events if e.get("type") == "names"]
    t.eq(names, ["tester \u2402bob"],
         "a formatting code in the 353 names list is shown, not kept")
    msgs = [e.get("text") for e in events if e.get("type") == "msg"]
    t.eq(msgs, ["\x02bold\x02 text"], "a message text keeps its formatting")
    nicks = [e.get("text") for e in events if e.get("type") == "nick"]
    t.ok(all(n is None or "\x1f" not in n for n in nicks) and
         any("\u241fbobby" in json.dumps(e, ensure_ascii=False)
             for e in events if e.get("type") == "nick"),
         "NICK :new keeps no formatting code",
         "nick events: %r" % [e for e in events if e.get("type") == "nick"])
    t.eq(client.returncode, 0, "the client exits 0 at end of input")


t.case("names are never formatted", run)
if client.poll() is None:
    client.kill()
    client.wait()
srv.close()
shutil.rmtree(tmp, ignore_errors=True)
t.done()
