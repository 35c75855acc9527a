# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted IRC server for the terminal tests: accepts one client on
127.0.0.1:PORT, welcomes it (001), then sends whatever bytes the test
appends to FEED (raw, escape sequences included) and writes what the
client sends to LOG. Ends when the client leaves or after LIMIT seconds."""

import os
import select
import socket
import sys
import time

port, feed, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
limit = time.monotonic() + float(sys.argv[4] if len(sys.argv) > 4 else 120)
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(1)
open(feed, "ab").close()


def serve(c, out):
    """Talk to one client; False if it left before registering (a probe
    such as wait_port's)."""
    buf, nick, sent, welcomed = b"", b"tester", 0, False
    while time.monotonic() < limit:
        r, _, _ = select.select([c], [], [], 0.05)
        if r:
            data = c.recv(65536)
            if not data:
                return welcomed
            out.write(data)
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                line = line.rstrip(b"\r")
                if line.startswith(b"NICK "):
                    nick = line[5:].strip()
                elif line.startswith(b"USER ") and not welcomed:
                    c.sendall(b":srv 001 " + nick + b" :Welcome\r\n"
                              b":srv 422 " + nick + b" :No MOTD\r\n")
                    welcomed = True
                elif line.startswith(b"PING "):
                    c.sendall(b":srv PONG srv " + line[5:] + b"\r\n")
                elif line.startswith(b"QUIT"):
                    c.sendall(b"ERROR :bye\r\n")
                    return True
        if welcomed:
            with open(feed, "rb") as f:
                f.seek(sent)
                more = f.read()
            if more:
                c.sendall(more)
                sent += len(more)
    return True


with open(log, "ab", buffering=0) as out:
    while time.monotonic() < limit:
        r, _, _ = select.select([srv], [], [], 1)
        if not r:
            continue
        c, _ = srv.accept()
        done = serve(c, out)
        c.close()
        if done:
            break
