# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026 The tui-chat authors.
"""History figures of one tui-chatd on a prepared state directory: the
start-up time (exec until the port accepts) and the round trip of
CHATHISTORY LATEST ROOM * 100, from the command until the batch's end,
for N queries one after the other. Prints one "key=value ..." line.

usage: histq.py PORT STATEDIR ROOM QUERIES CMD...   (CMD starts tui-chatd)
"""

import socket
import subprocess
import sys
import time


def connect(port, deadline):
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.002)


def read_until(s, buf, marker):
    while marker not in buf:
        d = s.recv(1 << 20)
        if not d:
            raise RuntimeError("closed")
        buf += d
    i = buf.index(marker) + len(marker)
    return buf[:i], buf[i:]


def main():
    port, state, room, n = (int(sys.argv[1]), sys.argv[2], sys.argv[3],
                            int(sys.argv[4]))
    cmd = sys.argv[5:] + ["--listen", "127.0.0.1:%d" % port,
                          "--no-discovery", "--state-dir", state,
                          "--set", "flood_limit=0",
                          "--set", "history_max_lines=0"]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        s = connect(port, t0 + 120)
        startup = time.monotonic() - t0
        s.sendall(b"CAP LS 302\r\nCAP REQ :batch draft/chathistory "
                  b"server-time message-tags\r\nCAP END\r\n"
                  b"NICK hq\r\nUSER hq 0 * :hq\r\nJOIN " + room.encode() +
                  b"\r\nPING :joined\r\n")
        _, buf = read_until(s, b"", b"joined\r\n")
        lat, lines = [], 0
        q = ("CHATHISTORY LATEST %s * 100\r\n" % room).encode()
        for _ in range(n):
            t = time.monotonic()
            s.sendall(q)
            got, buf = read_until(s, buf, b"BATCH -")
            got2, buf = read_until(s, buf, b"\r\n")
            lat.append(time.monotonic() - t)
            lines += got.count(b"PRIVMSG")
        lat.sort()
        print("startup_ms=%.1f hq_p50_ms=%.2f hq_p99_ms=%.2f hq_lines=%d "
              "queries=%d ok=%d" % (
                  startup * 1000, lat[len(lat) // 2] * 1000,
                  lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000,
                  lines // max(1, n), n, 1 if lines == 100 * n else 0))
    finally:
        p.terminate()
        p.wait(60)


main()
