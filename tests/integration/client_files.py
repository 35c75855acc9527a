# SPDX-License-Identifier: GPL-3.0-or-later
# /put, /files and /get in headless tui-chat against the real file host:
# the JSON events (file, progress, done, error), a download resumed with
# Range from a .part file, a keyed room listed through the member's
# token, a name that tries to escape the download directory, and a
# server without FILEHOST.
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import SLOW, Tap, builddir, free_port  # noqa: E402

t = Tap()
TMP = tempfile.mkdtemp(prefix="tui-chat-cfiles.")
hport = free_port()
srv = t.server("--listen-http", "127.0.0.1:%d" % hport, "--state-dir",
               os.path.join(TMP, "state"), sets={"flood_limit": 0})
DL = os.path.join(TMP, "dl")


def headless(nick, lines, port=None):
    """Run tui-chat --headless on lines; its JSON events."""
    env = dict(os.environ, HOME=os.path.join(TMP, "home"))
    r = subprocess.run([os.path.join(builddir(), "tui-chat"), "--headless",
                        "--nick", nick, "127.0.0.1:%d" % (port or srv.port)],
                       input="\n".join(lines) + "\n", capture_output=True,
                       text=True, timeout=60 * SLOW, env=env)
    if r.returncode != 0:
        raise AssertionError("tui-chat exited %d: %s" % (r.returncode,
                                                         r.stderr[-2000:]))
    evs = []
    for line in r.stdout.splitlines():
        evs.append(json.loads(line))
    return evs


def of(evs, kind):
    return [e for e in evs if e["type"] == kind]


data = os.urandom(700 * 1024)
src = os.path.join(TMP, "data.bin")
with open(src, "wb") as f:
    f.write(data)


def case_put_files_get():
    evs = headless("ann", ["/join #share", "/put " + src, "/files",
                           "/get data.bin " + DL])
    done = of(evs, "done")
    t.ok(len(done) == 2 and done[0]["name"] == "data.bin" and
         done[0]["url"].startswith("http://127.0.0.1:%d/f/" % hport) and
         done[0]["bytes"] == len(data), "/put: a done event with the URL",
         done)
    files = of(evs, "file")
    t.ok(len(files) == 1 and files[0]["name"] == "data.bin" and
         files[0]["size"] == len(data) and files[0]["from"] == "ann" and
         files[0]["room"] == "#share", "/files: one file event", files)
    t.ok(len(of(evs, "progress")) >= 1 and
         of(evs, "progress")[-1]["bytes"] == len(data),
         "progress events up to the whole size")
    path = os.path.join(DL, "data.bin")
    t.ok(done[1]["path"] == path and open(path, "rb").read() == data,
         "/get: saved whole, done names the path")
    notices = [e for e in of(evs, "notice") if e.get("room") == "#share"]
    t.ok(any(done[0]["url"] in e["text"] for e in notices),
         "the room is told the link", of(evs, "notice"))
    case_put_files_get.url = done[0]["url"]


def case_resume():
    os.makedirs(DL, exist_ok=True)
    part = os.path.join(DL, "data.bin.part")
    half = bytearray(data[:300 * 1024])
    half[1000] ^= 0xff          # a mark only a resumed download keeps
    with open(part, "wb") as f:
        f.write(half)
    evs = headless("ben", ["/get %s %s" % (case_put_files_get.url, DL)])
    done = of(evs, "done")
    path = done[0]["path"] if done else ""
    got = open(path, "rb").read() if path else b""
    t.ok(len(got) == len(data) and got[1000] != data[1000] and
         got[:1000] == data[:1000] and got[1001:] == data[1001:],
         "a .part is resumed with Range, not fetched again")
    t.ok(not os.path.exists(part), "the .part is gone once complete")


def case_keyed():
    c = srv.client("keeper")
    c.send("JOIN #locked")
    c.expect("366")
    c.send("MODE #locked +k k3y")
    c.expect("MODE")
    c.send("INVITE cara #locked")
    evs = headless("cara", ["/join #locked k3y", "/put " + src, "/files"])
    t.ok(len(of(evs, "file")) == 1, "a member lists a keyed room's files",
         evs[-5:])
    evs = headless("dan", ["/files #locked", "/join #x",
                           "/get data.bin " + DL])
    errs = [e for e in of(evs, "error") if "name" in e]
    t.ok(len(errs) == 2 and of(evs, "file") == [],
         "an outsider gets errors, not files", errs)
    c.close()


def case_bad_names():
    evs = headless("eve", ["/get http://127.0.0.1:%d/f/%s/..%%2F..%%2Fx "
                           % (hport, "0" * 32) + DL])
    err = of(evs, "error")
    t.ok(len(err) == 1 and not os.path.exists(os.path.join(TMP, "x")),
         "a URL name cannot leave the directory", err)
    evs = headless("fay", ["/put /nonexistent/file"])
    t.ok(len([e for e in of(evs, "error") if "name" in e]) == 1,
         "/put of a missing file: an error event")


def case_no_filehost():
    plain = t.server(sets={"flood_limit": 0})
    evs = headless("gus", ["/join #r", "/put " + src, "/files"],
                   port=plain.port)
    errs = [e for e in of(evs, "error") if "name" in e]
    t.ok(len(errs) == 2 and "no file host" in errs[0]["text"],
         "a server without FILEHOST: error events", errs)


t.case("put, files, get", case_put_files_get)
t.case("resume", case_resume)
t.case("keyed room", case_keyed)
t.case("names", case_bad_names)
t.case("no FILEHOST", case_no_filehost)
t.eq(srv.stop(), 0, "the daemon exits with 0 (and no leak under ASan)")
shutil.rmtree(TMP, ignore_errors=True)
t.done()
