# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026 The tui-chat authors.
"""Key press to on-screen echo, through tmux control mode.

usage: keyecho.py SOCKET TARGET COUNT INTERVAL_MS

Attaches to the tmux server on -L SOCKET as a control client, then COUNT
times: types "Q" into pane TARGET (send-keys on the same control
connection), waits until the pane's output stream (%output) carries a
"Q", and erases it with BSpace. Prints one line of key=value figures:
key_n, key_missed, key_p50_ms, key_p99_ms, key_max_ms, ok. "Q" appears
nowhere in the bench's flood (payloads are digits, a-f and x)."""

import os
import select
import subprocess
import sys
import time

WAIT_S = 2.0            # a key not echoed within this counts as missed


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


class Control:
    """A tmux control-mode client: commands in, %output lines out."""

    def __init__(self, sock, target):
        self.proc = subprocess.Popen(
            ["tmux", "-L", sock, "-C", "attach", "-t", target],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.fd = self.proc.stdout.fileno()
        self.target = target
        self.partial = b""

    def send(self, command):
        self.proc.stdin.write(command.encode() + b"\n")

    def wait_for(self, byte, deadline):
        """True once an %output line after now contains byte."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return False
            data = os.read(self.fd, 1 << 16)
            if not data:
                return False
            lines = (self.partial + data).split(b"\n")
            self.partial = lines.pop()
            for line in lines:
                if line.startswith(b"%output ") and byte in line[8:]:
                    return True

    def drain(self, seconds):
        """Read and drop output for a while (let the erase land)."""
        self.wait_for(b"\0never", time.monotonic() + seconds)

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sock, target = sys.argv[1], sys.argv[2]
    count, interval = int(sys.argv[3]), float(sys.argv[4]) / 1000
    ctl = Control(sock, target)
    ctl.drain(0.2)
    times, missed = [], 0
    for _ in range(count):
        t0 = time.monotonic()
        ctl.send("send-keys -t %s Q" % target)
        if ctl.wait_for(b"Q", t0 + WAIT_S):
            times.append((time.monotonic() - t0) * 1000)
        else:
            missed += 1
        ctl.send("send-keys -t %s BSpace" % target)
        ctl.drain(interval)
    ctl.close()
    print("key_n=%d key_missed=%d key_p50_ms=%.2f key_p99_ms=%.2f "
          "key_max_ms=%.2f ok=%d" % (
              len(times), missed, percentile(times, 0.50),
              percentile(times, 0.99), max(times) if times else 0,
              1 if times and missed == 0 else 0))


if __name__ == "__main__":
    main()
