#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Write what tests/hostile/hostile_server.py sends a client in each short
# scenario (escape sequences in every field, no CRLF, ...) as seeds for the
# client fuzzer. Usage: hostile_seeds.py FUZZDIR
import hashlib
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "hostile"))
import hostile_server as hs  # noqa: E402


def capture(scenario):
    srv = hs.Server(scenario, lifetime=20)
    s = socket.create_connection(("127.0.0.1", srv.port), 5)
    s.sendall(b"CAP LS 302\r\nNICK me\r\nUSER me 0 * :me\r\nJOIN #r\r\n")
    s.settimeout(3)
    buf = b""
    try:
        while len(buf) < 256 * 1024:
            data = s.recv(65536)
            if not data:
                break
            buf += data
    except socket.timeout:
        pass
    s.close()
    srv.stop()
    return buf


def main():
    d = os.path.join(sys.argv[1], "corpus", "client")
    os.makedirs(d, exist_ok=True)
    for scenario in ("escapes", "nocrlf", "midline"):
        data = capture(scenario)[:8192]
        name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
