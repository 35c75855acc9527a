# SPDX-License-Identifier: GPL-3.0-or-later
# The HTTP file host of the real tui-chatd, driven with curl: FILEHOST in
# 005, EXTJWT tokens, upload, list, download, Range and resume, limits
# and quotas (413), traversal names, concurrent uploads, an upload killed
# half-way, a keyed room's files kept from outsiders, a full disk (507,
# on a tmpfs when root) and retention.  Nothing of a refused or broken
# upload may stay in state_dir/files.
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from ircclient import SLOW, Tap, builddir, free_port  # noqa: E402

t = Tap()
TMP = tempfile.mkdtemp(prefix="tui-chat-files.")


def host(sets, state=None, **kw):
    """A daemon with its file host on a free port and its own state dir."""
    hport = free_port()
    state = state or tempfile.mkdtemp(dir=TMP)
    srv = t.server("--listen-http", "127.0.0.1:%d" % hport,
                   "--state-dir", state, sets=dict(sets, flood_limit=0),
                   **kw)
    srv.http = "http://127.0.0.1:%d" % hport
    srv.files = os.path.join(state, "files")
    return srv


def curl(*args, data=None):
    """curl -sS with args: (HTTP status, body bytes, headers dict)."""
    hdr = os.path.join(TMP, "headers")
    cmd = ["curl", "-sS", "--max-time", str(30 * SLOW), "-D", hdr,
           "-o", os.path.join(TMP, "body"), "-w", "%{http_code}"]
    r = subprocess.run(cmd + list(args), input=data, capture_output=True)
    with open(os.path.join(TMP, "body"), "rb") as f:
        body = f.read()
    headers = {}
    if os.path.exists(hdr):
        with open(hdr, "rb") as f:
            for line in f.read().decode("latin-1").split("\r\n"):
                if ":" in line:
                    k, v = line.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
        os.unlink(hdr)
    os.unlink(os.path.join(TMP, "body"))
    return int(r.stdout or b"0"), body, headers


def token(c, target="*"):
    """A token from EXTJWT, pieces joined."""
    c.send("EXTJWT " + target)
    tok = ""
    while True:
        m = c.expect("EXTJWT")
        if len(m.params) >= 4 and m.params[2] == "*":
            tok += m.params[3]
            continue
        return tok + m.params[2]


def upload(srv, tok, data, name="f.bin", query="", extra=()):
    path = os.path.join(TMP, "up")
    with open(path, "wb") as f:
        f.write(data)
    args = ["-X", "POST", "--data-binary", "@" + path,
            "-H", "Content-Disposition: attachment; filename=\"%s\"" % name]
    if tok:
        args += ["-H", "Authorization: Bearer " + tok]
    return curl(*(args + list(extra) + [srv.http + "/upload" + query]))


def stored(srv):
    """Names in state_dir/files (IDs, .meta and any leftovers)."""
    return sorted(os.listdir(srv.files))


def wait_until(pred, what, timeout=10 * SLOW):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def skip(desc, why):
    t.n += 1
    print("ok %d - %s # SKIP %s" % (t.n, desc, why))
    sys.stdout.flush()


main = host({"upload_max": "1M", "upload_quota_user": "1500K",
             "upload_quota_total": "2000K"})
alice = main.client("alice")
bob = main.client("bob")
carol = main.client("carol")


def case_isupport():
    c = main.client()
    burst = c.register("dave")
    c.send("VERSION")
    c.expect("351")
    isup = " ".join(m.raw for m in c.log if m.command == "005")
    url = main.http + "/upload"
    t.ok("soju.im/FILEHOST=" + url in isup, "005 has soju.im/FILEHOST",
         isup)
    t.ok("draft/FILEHOST=" + url in isup, "005 has draft/FILEHOST")
    t.ok("EXTJWT=1" in isup, "005 has EXTJWT")
    c.close()
    return burst is not None


def case_roundtrip():
    st, body, h = upload(main, None, b"x")
    t.eq(st, 401, "no token, anonymous off: 401")
    st, body, h = upload(main, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.x",
                         b"x")
    t.eq(st, 401, "a forged token: 401")
    st, body, h = upload(main, None, b"x", extra=("-u", "alice:password1"))
    t.ok(st == 401 and "Bearer" in h.get("www-authenticate", ""),
         "HTTP Basic without sasl_plaintext: 401, Bearer asked for")
    data = os.urandom(300 * 1024)
    st, body, h = upload(main, token(alice), data, "report.pdf")
    t.eq(st, 201, "upload with a token: 201")
    loc = h.get("location", "")
    t.ok(loc.startswith(main.http + "/f/") and loc.endswith("/report.pdf"),
         "Location is the file's URL", loc)
    st, got, h = curl(loc)
    t.ok(st == 200 and got == data, "download gives the same bytes")
    t.eq(h.get("x-content-type-options"), "nosniff", "nosniff")
    t.eq(h.get("content-type"), "application/pdf", "Content-Type by name")
    t.ok(h.get("content-disposition", "").startswith(
         "attachment; filename=\"report.pdf\""), "Content-Disposition",
         h.get("content-disposition"))
    r = subprocess.run(["curl", "-sS", "-I", loc], capture_output=True)
    t.ok(b"200 OK" in r.stdout and ("Content-Length: %d" % len(data)).encode()
         in r.stdout and len(r.stdout) < 2000, "HEAD: the length, no body")
    st, body, h = upload(main, token(alice), b"<script>alert(1)</script>",
                         "x.html")
    st, got, h = curl(h["location"])
    t.eq(h.get("content-type"), "application/octet-stream",
         "HTML is never served as HTML")
    st, body, h = curl("-X", "OPTIONS", main.http + "/upload")
    t.ok(st == 204 and "POST" in h.get("allow", ""), "OPTIONS /upload")
    main.loc = loc
    main.data = data


def case_range():
    loc, data = main.loc, main.data
    st, got, h = curl("-r", "100-199", loc)
    t.ok(st == 206 and got == data[100:200] and
         h.get("content-range") == "bytes 100-199/%d" % len(data),
         "Range 100-199: 206 and those bytes")
    st, got, h = curl("-r", "-10", loc)
    t.ok(st == 206 and got == data[-10:], "Range -10: the last 10 bytes")
    st, got, h = curl("-r", "%d-" % len(data), loc)
    t.ok(st == 416 and h.get("content-range") == "bytes */%d" % len(data),
         "Range past the end: 416")
    part = os.path.join(TMP, "partial")
    with open(part, "wb") as f:
        f.write(data[:12345])
    r = subprocess.run(["curl", "-sS", "-C", "-", "-o", part, "-w",
                        "%{http_code}", loc], capture_output=True)
    with open(part, "rb") as f:
        t.ok(r.stdout == b"206" and f.read() == data,
             "curl -C - resumes a download", r.stdout + r.stderr)


def case_names():
    tok = token(alice)
    for raw, want in (("../../../etc/passwd", "passwd"),
                      ("..\\\\..\\\\win.ini", "win.ini"),
                      ("..", "file"), ("a%2F..%2Fb", "a2F..2Fb")):
        st, body, h = upload(main, tok, b"n", raw)
        t.ok(st == 201 and h["location"].endswith("/" + want),
             "name %r is stored as %r" % (raw, want), h.get("location"))
    for f in stored(main):
        t.ok(len(f.split(".")[0]) == 32, "only IDs in files/: %s" % f)
    port = int(main.http.split(":")[2])
    for junk in (b"GARBAGE\r\n\r\n", b"GET /f/x HTTP/9\r\n\r\n",
                 b"GET /upload HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                 b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 100 + b"\r\n"):
        s = socket.create_connection(("127.0.0.1", port))
        s.settimeout(10 * SLOW)
        s.sendall(junk)
        reply = s.recv(4096)
        s.close()
        t.ok(reply.startswith(b"HTTP/1.1 400") or reply == b"",
             "a malformed request is refused: %r" % junk[:30])
    t.ok(main.alive(), "the daemon is still there")
    for path in ("/f/../../etc/passwd", "/f/%2e%2e/%2e%2e/x",
                 "/f/" + "0" * 32 + "/x", "/rooms/../files"):
        st, body, h = curl("--path-as-is", main.http + path)
        t.ok(st in (400, 404), "GET %s: refused (%d)" % (path, st))


def case_limits():
    before = stored(main)
    st, body, h = upload(main, token(bob), b"z" * (1024 * 1024 + 1))
    t.eq(st, 413, "over upload_max: 413")
    st, body, h = upload(main, token(bob), b"z" * (1024 * 1024))
    t.eq(st, 201, "at upload_max: 201")
    st, body, h = upload(main, token(bob), b"z" * (600 * 1024))
    t.eq(st, 413, "over the user's quota: 413")
    st, body, h = upload(main, token(carol), b"z" * (900 * 1024))
    t.eq(st, 413, "over the total quota: 413")
    after = stored(main)
    t.eq(len(after), len(before) + 2, "refused uploads leave nothing")


def case_killed():
    before = stored(main)
    s = socket.create_connection(("127.0.0.1", int(main.http.split(":")[2])))
    s.sendall(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
               "Authorization: Bearer %s\r\n\r\n" % (400 * 1024,
                                                     token(carol))).encode())
    s.sendall(b"k" * (200 * 1024))
    wait_until(lambda: len(stored(main)) > len(before), "the temporary file")
    s.close()
    wait_until(lambda: stored(main) == before, "the temporary file to go")
    t.ok(True, "an upload killed half-way leaves nothing")
    st, body, h = upload(main, token(carol), b"c" * 1000)
    t.eq(st, 201, "its reservation is released")


def case_basic():
    state = tempfile.mkdtemp(dir=TMP)
    r = subprocess.run([os.path.join(builddir(), "tui-chatd"),
                        "--state-dir", state,
                        "--account", "add", "acct1"],
                       input=b"correct horse\n", capture_output=True)
    t.ok(r.returncode == 0, "an account is made", r.stderr)
    srv = host({"sasl_plaintext": "on"}, state=state)
    st, body, h = upload(srv, None, b"basic", "b.txt",
                         extra=("-u", "acct1:correct horse"))
    t.eq(st, 201, "HTTP Basic with the account's password: 201")
    st, body, h = upload(srv, None, b"basic", "b.txt",
                         extra=("-u", "acct1:wrong password"))
    t.eq(st, 401, "HTTP Basic with a wrong password: 401")
    for i in range(2):
        upload(srv, None, b"x", "b.txt", extra=("-u", "acct1:wrong again"))
    st, body, h = upload(srv, None, b"basic", "b.txt",
                         extra=("-u", "acct1:correct horse"))
    t.eq(st, 401, "after three failures even the right password waits")
    st, body, h = curl("-H", "Accept: application/json", srv.http +
                       "/rooms/%23none/files")
    t.eq(st, 200, "the host still answers")
    srv.stop()


def case_concurrent():
    srv = host({"upload_max": "10M"})
    users = [srv.client("u%d" % i) for i in range(6)]
    procs, blobs = [], []
    for i, u in enumerate(users):
        blob = os.urandom(200 * 1024 + i)
        path = os.path.join(TMP, "c%d" % i)
        with open(path, "wb") as f:
            f.write(blob)
        blobs.append(blob)
        procs.append(subprocess.Popen(
            ["curl", "-sS", "--max-time", str(30 * SLOW), "-X", "POST",
             "--data-binary", "@" + path, "-H",
             "Authorization: Bearer " + token(u), "-w", " %{http_code}",
             srv.http + "/upload?name=c%d" % i], stdout=subprocess.PIPE))
    ok = 0
    for p, blob in zip(procs, blobs):
        out = p.communicate()[0].decode().split()
        if len(out) == 2 and out[1] == "201":
            st, got, h = curl(out[0])
            ok += got == blob
    t.eq(ok, len(blobs), "concurrent uploads all stored whole")


def case_keyed_room():
    alice.send("JOIN #vault")
    alice.expect("366")
    alice.send("MODE #vault +k sesame")
    alice.expect("MODE")
    bob.send("EXTJWT #vault")
    m = bob.expect_any(["442", "403"])
    t.ok(m is not None, "EXTJWT for a room one is not in: refused")
    st, body, h = upload(main, token(alice), b"secret plans", "plans.txt",
                         "?room=%23vault")
    t.eq(st, 201, "a member uploads into the keyed room")
    n = alice.expect("NOTICE", "#vault")
    t.ok(h["location"] in n.last, "the room is told the URL", n.raw)
    st, body, h = upload(main, token(bob), b"x", "intruder.txt",
                         "?room=%23vault")
    t.eq(st, 403, "a non-member cannot upload into it")
    lst = main.http + "/rooms/%23vault/files.json"
    st, body, h = curl(lst)
    t.eq(st, 403, "its list without a token: 403")
    st, body, h = curl("-H", "Authorization: Bearer " + token(bob), lst)
    t.eq(st, 403, "its list with an outsider's token: 403")
    st, body, h = curl(lst + "?token=" + token(alice, "#vault"))
    names = [f["name"] for f in json.loads(body)["files"]] if st == 200 \
        else []
    t.ok(st == 200 and names == ["plans.txt"], "a member's token lists it",
         body)
    st, body, h = curl("-H", "Accept: text/html", main.http +
                       "/rooms/%23vault/files?token=" +
                       token(alice, "#vault"))
    t.ok(st == 200 and b"plans.txt" in body and b"<table>" in body and
         h.get("content-type", "").startswith("text/html"),
         "and as an HTML page")


def case_public_room():
    alice.send("JOIN #pub")
    alice.expect("366")
    st, body, h = upload(main, token(alice), b"<b>", "a<b>.txt",
                         "?room=%23pub")
    st, body, h = curl("-H", "Accept: application/json",
                       main.http + "/rooms/%23pub/files")
    doc = json.loads(body) if st == 200 else {}
    f = doc.get("files", [{}])[0]
    t.ok(f.get("name") == "a<b>.txt" and f.get("size") == 3 and
         f.get("uploader") == "alice" and f.get("time", "").endswith("Z"),
         "a public room's list: name, size, uploader, time", body)
    st, body, h = curl(main.http + "/rooms/%23pub/files")
    t.ok(st == 200 and b"a&lt;b&gt;.txt" in body and b"<b>" not in body,
         "the HTML list escapes names")


def mount_tmpfs(path, size):
    if os.geteuid() != 0 or not shutil.which("mount"):
        return "not root"
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s" % size,
                        "tmpfs", path], capture_output=True)
    return None if r.returncode == 0 else r.stderr.decode().strip()


def case_disk_full():
    disk = tempfile.mkdtemp(dir=TMP)
    why = mount_tmpfs(disk, "1m")
    if why:
        skip("a full disk: 507, nothing left, chat goes on", why)
        return
    try:
        srv = host({"upload_max": "10M"}, state=disk)
        u = srv.client("filler")
        st, body, h = upload(srv, token(u), b"d" * (2 * 1024 * 1024))
        t.eq(st, 507, "more than the free space: 507")
        st, body, h = upload(srv, token(u), b"e" * (600 * 1024))
        t.eq(st, 201, "what fits is stored")
        st, body, h = upload(srv, token(u), b"f" * (600 * 1024))
        t.eq(st, 507, "the disk fills during the upload: 507")
        t.eq(len(stored(srv)), 2, "nothing is left of the failed upload")
        u.send("JOIN #still")
        u.expect("366")
        t.ok(srv.alive(), "chat goes on")
        srv.stop()
    finally:
        subprocess.run(["umount", disk])


def case_retention():
    srv = host({"files_max_age": "1s"})
    u = srv.client("old")
    st, body, h = upload(srv, token(u), b"old news")
    loc = h["location"]
    wait_until(lambda: curl(loc)[0] == 404, "the file to expire")
    t.ok(stored(srv) == [], "files_max_age: expired files are deleted")


def case_big():
    if os.environ.get("SANITIZERS") or os.environ.get("TUI_CHATD_WRAPPER"):
        skip("1 GB up and down with RSS < 64 MB", "sanitizer build")
        return
    srv = host({"upload_max": "2G"})
    u = srv.client("big")
    size = 1 << 30
    port = int(srv.http.split(":")[2])
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(("POST /upload?name=big.bin HTTP/1.1\r\nHost: x\r\n"
               "Content-Length: %d\r\nAuthorization: Bearer %s\r\n\r\n" %
               (size, token(u))).encode())
    chunk = b"\0" * (1 << 20)
    peak = 0
    for i in range(size // len(chunk)):
        s.sendall(chunk)
        if i % 64 == 0:
            peak = max(peak, srv.rss_kb())
    s.settimeout(60 * SLOW)
    reply = s.recv(4096).decode("latin-1")
    s.close()
    t.ok(reply.startswith("HTTP/1.1 201"), "1 GB upload: 201", reply[:80])
    loc = [x.split(": ", 1)[1] for x in reply.split("\r\n")
           if x.lower().startswith("location:")][0]
    path = "/f/" + loc.split("/f/", 1)[1]
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
               % path).encode())
    got, n = 0, 0
    while True:
        b = s.recv(1 << 20)
        if not b:
            break
        got += len(b)
        n += 1
        if n % 256 == 0:
            peak = max(peak, srv.rss_kb())
    s.close()
    t.ok(got > size, "1 GB download: all of it")
    t.ok(peak < 64 * 1024, "daemon RSS stayed below 64 MB (peak %d kB)"
         % peak)


t.case("005 FILEHOST", case_isupport)
t.case("upload and download", case_roundtrip)
t.case("Range", case_range)
t.case("names", case_names)
t.case("limits", case_limits)
t.case("killed upload", case_killed)
t.case("HTTP Basic", case_basic)
t.case("concurrent", case_concurrent)
t.case("keyed room", case_keyed_room)
t.case("public room", case_public_room)
t.case("disk full", case_disk_full)
t.case("retention", case_retention)
t.case("1 GB", case_big)
t.eq(main.stop(), 0, "the daemon exits with 0 (and no leak under ASan)")
shutil.rmtree(TMP, ignore_errors=True)
t.done()
