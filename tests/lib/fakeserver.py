# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted IRC server for client tests: it listens on a free loopback
port, accepts tui-chat's connections and says exactly what the test tells
it to, bytes included (a bare CR, a NUL), or nothing at all (a dead link).

Every wait is bounded (ircclient.TIMEOUT unless told): a line or a
connection that does not come raises ircclient.Timeout.
"""

import json
import os
import select
import socket
import subprocess
import time

from ircclient import Closed, Timeout, TIMEOUT, builddir


class FakeServer:
    """A listening socket on 127.0.0.1; accept() gives FakeConns."""

    def __init__(self, port=0):
        """port: a port used before (a client remembers servers by
        address); 0 picks a free one."""
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.conns = []

    def accept(self, timeout=None):
        r, _, _ = select.select([self.sock], [], [], timeout or TIMEOUT)
        if not r:
            raise Timeout("no connection to the fake server")
        s, _ = self.sock.accept()
        c = FakeConn(s)
        self.conns.append(c)
        return c

    def close(self):
        for c in self.conns:
            c.close()
        self.sock.close()


class FakeConn:
    """One accepted client: read its lines, write raw bytes."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.lines = []		# every line read, in order

    def send(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.sock.sendall(data)

    def line(self, timeout=None):
        """The next line from the client, without its CRLF."""
        deadline = time.monotonic() + (timeout or TIMEOUT)
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout("no line from the client; had %r" %
                              self.lines[-5:])
            r, _, _ = select.select([self.sock], [], [], left)
            if not r:
                continue
            data = self.sock.recv(65536)
            if not data:
                raise Closed("the client closed; had %r" % self.lines[-5:])
            self.buf += data
        raw, self.buf = self.buf.split(b"\n", 1)
        text = raw.rstrip(b"\r").decode("utf-8", "replace")
        self.lines.append(text)
        return text

    def wait_for(self, prefix, timeout=None):
        """Read until a line starting with prefix; return it."""
        deadline = time.monotonic() + (timeout or TIMEOUT)
        while True:
            text = self.line(max(0.01, deadline - time.monotonic()))
            if text.startswith(prefix):
                return text

    def register(self, server="fake.server", caps="", isupport=""):
        """Answer CAP LS with caps (none by default; what the client then
        requests is acknowledged and kept in self.acked), read NICK and
        USER, send 001, a 005 with the isupport tokens if any, and an end
        of MOTD; returns the client's nick."""
        self.acked = []
        self.wait_for("CAP LS")
        self.send(":%s CAP * LS :%s\r\n" % (server, caps))
        nick = self.wait_for("NICK ").split(" ", 1)[1]
        self.wait_for("USER ")
        if caps:
            req = self.wait_for("CAP REQ ").split(" ", 2)[2].lstrip(":")
            self.acked = req.split()
            self.send(":%s CAP * ACK :%s\r\n" % (server, req))
        self.wait_for("CAP END")
        self.send(":%s 001 %s :Welcome to the fake server\r\n" %
                  (server, nick))
        if isupport:
            self.send(":%s 005 %s %s :are supported by this server\r\n" %
                      (server, nick, isupport))
        self.send(":%s 376 %s :End of MOTD\r\n" % (server, nick))
        return nick

    def sync(self, token="sync"):
        """PING the client and wait for its PONG: it has handled every
        line sent before."""
        self.send("PING :%s\r\n" % token)
        self.wait_for("PONG")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def xdg_env(tmp, config=""):
    """The environment for a tui-chat whose XDG homes are under tmp, with
    config as its config file."""
    env = dict(os.environ)
    for var, sub in (("XDG_CONFIG_HOME", "config"),
                     ("XDG_STATE_HOME", "state"),
                     ("XDG_DATA_HOME", "data"), ("HOME", "home")):
        env[var] = os.path.join(tmp, sub)
        os.makedirs(env[var], exist_ok=True)
    os.makedirs(os.path.join(env["XDG_CONFIG_HOME"], "tui-chat"),
                exist_ok=True)
    with open(os.path.join(env["XDG_CONFIG_HOME"], "tui-chat", "config"),
              "w") as f:
        f.write(config)
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    return env


def headless(srv, tmp, nick="tester", config=""):
    """A headless tui-chat connecting to srv, its XDG homes under tmp."""
    return subprocess.Popen(
        [os.path.join(builddir(), "tui-chat"), "--headless", "--nick", nick,
         "127.0.0.1:%d" % srv.port],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=xdg_env(tmp, config))


def finish_headless(conn, client):
    """End the client's input: it sends QUIT, the server says goodbye, and
    the client exits. Returns its JSON events (few: the pipe cannot fill
    before the client is waited for)."""
    client.stdin.close()
    conn.wait_for("QUIT")
    conn.send("ERROR :Closing link\r\n")
    conn.close()
    client.wait(timeout=TIMEOUT)
    return [json.loads(line) for line in
            client.stdout.read().decode().splitlines()]
