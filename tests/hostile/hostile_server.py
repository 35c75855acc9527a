# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026 The tui-chat authors.
# A fake IRC server that attacks the client: escape sequences and control
# characters in every field, a 10 MB NAMES reply, lines without CRLF, a
# 1 MB line, a close in the middle of a line, a flood while the user types.
# It listens on a free 127.0.0.1 port, serves every connection with one
# scenario and records what the client sent. Used by the hostile tests as a
# module; run alone (python3 hostile_server.py SCENARIO) to try a client by
# hand. Every wait is bounded.
import socket
import sys
import threading
import time

# Peer bytes that must never reach a terminal: each is a control sequence a
# terminal would act on (title, clipboard, reset, device reports, cursor
# movement, C1 controls raw and UTF-8 encoded). Each carries a tag so the
# tests can find its visible, sanitised form.
ESCAPES = [
    b"\x1b]0;PWNTITLE\x07",             # OSC 0: window title
    b"\x1b]2;PWNTITLE2\x1b\\",          # OSC 2 ended by ST
    b"\x1b]52;c;cHduZWQ=\x07",          # OSC 52: write the clipboard
    b"\x1b]8;;http://pwn.example/\x07", # OSC 8: hyperlink
    b"\x1bP+q544e\x1b\\",               # DCS: terminfo query
    b"\x1b[6n",                         # DSR: terminal answers on input
    b"\x1b[21t",                        # report window title (answerback)
    b"\x1b[2J\x1b[H",                   # clear, home
    b"\x1b[?1049l",                     # leave the alternate screen
    b"\x1b[31;1;5mPWNRED",              # colours
    b"\x1bc",                           # RIS: full reset
    b"\x1b(0",                          # line-drawing charset
    b"\x9b2J\x9d0;PWNC1\x9c",           # raw C1 bytes (invalid UTF-8)
    "\u009b2J\u009d0;PWNU1\u009c".encode(),  # C1 as UTF-8
    b"\x08\x08\x08\x08",                # backspaces
    b"\x07\x0b\x0c\x0e\x0f\x7f",        # BEL, VT, FF, SO, SI, DEL
    "\u202ePWNBIDI\u202c\u2066\u200b".encode(),  # bidi override, ZWSP
    b"\xff\xfe\xc0\xaf",                # invalid UTF-8
]

# The sequences that must not appear in the raw terminal output. The plain
# cursor moves (ESC [ 2 J, ESC [ H ...) are left out: curses sends those
# itself, so their presence proves nothing.
FORBIDDEN = [e for e in ESCAPES
             if e.startswith((b"\x1b]", b"\x1bP", b"\x9b"))] + [
    b"\x1b[6n", b"\x1b[21t", b"\x1b[31;1;5m", b"\x1bc",
    "\u009b".encode(), "\u009d".encode(), "\u202e".encode(),
    b"\x1b]0;PWNFLOOD",
]

# Text that contains no space, usable in a nick, a room name or a middle
# parameter: every escape joined.
SPACELESS = b"".join(e.replace(b" ", b"_") for e in ESCAPES)

# The escapes that are valid UTF-8 (for places that must be UTF-8).
UTF8_ESCAPES = b"".join(e.replace(b" ", b"_") for e in ESCAPES
                        if not e.startswith((b"\x9b", b"\xff")))

NICK = b"ev\x1b[1mil\x07"           # a hostile nick (no space, no '!')
ROOM = b"#r"                        # the room the client joins


def tag_escape(value):
    """A tag value in IRCv3 escaping, so the tags stay well-formed."""
    return (value.replace(b"\\", b"\\\\").replace(b";", b"\\:")
            .replace(b" ", b"\\s"))


def hostile(tag):
    """A field value: a readable tag, then every escape."""
    return b"<" + tag + b">" + SPACELESS + b"</" + tag + b">"


class Client:
    """One client connection: reads lines in a thread, records them."""

    def __init__(self, sock, server):
        self.sock = sock
        self.server = server
        self.nick = b"tester"
        self.lines = []
        self.closed = threading.Event()
        self.registered = threading.Event()
        self.joined = threading.Event()
        self.cond = threading.Condition()
        # The reader thread answers PINGs while a scenario sends: one lock
        # keeps their lines whole.
        self.send_lock = threading.Lock()
        self.reader = threading.Thread(target=self.read_loop, daemon=True)
        self.reader.start()

    def send(self, data):
        try:
            with self.send_lock:
                self.sock.sendall(data)
            return True
        except OSError:
            self.closed.set()
            return False

    def line(self, *parts):
        return self.send(b" ".join(parts) + b"\r\n")

    def read_loop(self):
        buf = b""
        self.sock.settimeout(0.5)
        while not self.closed.is_set():
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if not data:
                break
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                self.handle(line.rstrip(b"\r"))
        self.closed.set()

    def handle(self, line):
        with self.cond:
            self.lines.append(line)
            self.cond.notify_all()
        self.server.record(line)
        words = line.split(b" ")
        verb = words[0].upper()
        if verb == b"NICK" and len(words) > 1:
            self.nick = words[1].lstrip(b":")
        elif verb == b"CAP" and len(words) > 1 and words[1].upper() == b"LS":
            self.line(b":srv CAP * LS :")
        elif verb == b"CAP" and len(words) > 1 and words[1].upper() == b"REQ":
            self.line(b":srv CAP * NAK", b":" + line.split(b":", 1)[-1])
        elif verb == b"USER":
            self.welcome()
        elif verb == b"PING":
            self.line(b":srv PONG srv", words[-1] if len(words) > 1 else b"x")
        elif verb == b"JOIN" and len(words) > 1:
            for room in words[1].lstrip(b":").split(b","):
                self.line(b":" + self.nick + b"!u@h JOIN", room)
                self.line(b":srv 366", self.nick, room, b":End of NAMES")
            self.joined.set()
        elif verb == b"QUIT":
            self.send(b"ERROR :Closing link\r\n")
            self.close()

    def welcome(self):
        n = self.nick
        self.line(b":srv 001", n, b":Welcome " + n)
        self.line(b":srv 002", n, b":Your host is srv")
        self.line(b":srv 003", n, b":Created today")
        self.line(b":srv 004", n, b"srv hostile-1 io ovntikl")
        self.line(b":srv 005", n, b"CHANTYPES=# PREFIX=(ov)@+ NICKLEN=30",
                  b":are supported")
        self.line(b":srv 422", n, b":No MOTD")
        self.registered.set()

    def wait_line(self, pred, timeout):
        """Wait (bounded) until a received line satisfies pred."""
        end = time.time() + timeout
        with self.cond:
            while True:
                for line in self.lines:
                    if pred(line):
                        return line
                left = end - time.time()
                if left <= 0 or self.closed.is_set():
                    return None
                self.cond.wait(min(left, 0.2))

    def close(self):
        self.closed.set()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class Server:
    """Listens on 127.0.0.1 (free port); runs scenario(client) per client."""

    def __init__(self, scenario, lifetime=120.0):
        self.scenario = scenario
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received = []
        self.clients = []
        self.errors = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.deadline = time.time() + lifetime
        self.thread = threading.Thread(target=self.accept_loop, daemon=True)
        self.thread.start()

    def record(self, line):
        with self.lock:
            self.received.append(line)

    def accept_loop(self):
        while not self.stopping.is_set() and time.time() < self.deadline:
            try:
                sock, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                break
            client = Client(sock, self)
            self.clients.append(client)
            threading.Thread(target=self.run, args=(client,),
                             daemon=True).start()
        self.sock.close()

    def run(self, client):
        try:
            if client.registered.wait(15):
                SCENARIOS[self.scenario](client)
        except Exception as e:  # reported by the test, not lost
            self.errors.append(repr(e))

    def stop(self):
        self.stopping.set()
        for c in self.clients:
            c.close()
        self.thread.join(5)


def wait_join(c):
    """Wait for the client's JOIN; join it ourselves if it sends none."""
    if not c.joined.wait(10):
        c.line(b":" + c.nick + b"!u@h JOIN", ROOM)
        c.joined.set()


def marker(c, text):
    """A plain message the tests look for to know the client kept up."""
    return c.line(b":friend!u@h PRIVMSG", ROOM, b":" + text)


def scenario_escapes(c):
    """Escapes and controls in every field a server can fill."""
    wait_join(c)
    n, e = c.nick, NICK + b"!u@h"
    lines = [
        b":srv 332 " + n + b" #r :" + hostile(b"topic"),
        b":srv 333 " + n + b" #r " + NICK + b" 1700000000",
        b":srv 353 " + n + b" = #r :@" + NICK + b" +" + SPACELESS + b" friend",
        b":srv 366 " + n + b" #r :End of " + hostile(b"names"),
        b":" + e + b" JOIN #r",
        b":" + e + b" PRIVMSG #r :" + hostile(b"msg"),
        b":" + e + b" PRIVMSG " + n + b" :" + hostile(b"privmsg"),
        b":" + e + b" NOTICE #r :" + hostile(b"notice"),
        b":" + e + b" PRIVMSG #r :\x01ACTION " + hostile(b"action") + b"\x01",
        b":" + e + b" PRIVMSG " + n + b" :\x01VERSION\x01",
        b":" + e + b" PRIVMSG #r :\x01" + SPACELESS + b" x\x01",
        b":" + e + b" NOTICE " + n + b" :\x01VERSION " + hostile(b"ctcp") +
        b"\x01",
        b":" + e + b" TOPIC #r :" + hostile(b"topic2"),
        b":" + e + b" MODE #r +k " + SPACELESS,
        b":" + e + b" KICK #r friend :" + hostile(b"kick"),
        b":" + e + b" INVITE " + n + b" #" + SPACELESS,
        b":" + e + b" NICK :" + SPACELESS,
        b":" + SPACELESS + b"!u@h PART #r :" + hostile(b"part"),
        b":" + e + b" JOIN #r",
        b":" + e + b" QUIT :" + hostile(b"quit"),
        b":" + n + b"!u@h JOIN #" + SPACELESS,
        b":srv!" + SPACELESS + b" PRIVMSG #" + SPACELESS +
        b" :<roommsg>\x1b]0;PWNTITLE\x07\x9b2J\x1b[6n</roommsg>",
        b":srv 372 " + n + b" :" + hostile(b"motd"),
        b":srv 401 " + n + b" " + SPACELESS + b" :" + hostile(b"err"),
        b":srv 999 " + n + b" " + SPACELESS + b" :" + hostile(b"numeric"),
        b":srv 005 " + n + b" NETWORK=" + SPACELESS + b" :are supported",
        # Tags must be UTF-8 (the parser drops the line otherwise): escapes
        # that are valid UTF-8, in a tag the client reads and in another.
        b"@time=" + tag_escape(UTF8_ESCAPES) + b";+x=" +
        tag_escape(UTF8_ESCAPES) + b" :" + e +
        b" PRIVMSG #r :" + hostile(b"tags"),
        b":" + SPACELESS + b" NOTICE " + n + b" :" + hostile(b"srvnotice"),
        b":" + e + b" AWAY :" + hostile(b"away"),
        b"PRIVMSG #r :" + hostile(b"nosource"),
        # A CR inside a line: the client may drop the line or show the CR
        # as a picture, but it must not reach the terminal as a CR.
        b":" + e + b" PRIVMSG #r :<crline>\rPWNCR</crline>",
        b":" + e + b" PRIVMSG #r :<nul>\x00PWNNUL</nul>",
    ]
    for line in lines:
        # Within the 512-byte limit (tags aside): a dropped line would
        # hide a field from the test instead of testing it.
        assert len(line.split(b" ", 1)[-1] if line.startswith(b"@")
                   else line) <= 510, line
        if not c.send(line + b"\r\n"):
            return
    marker(c, b"escapes-done")


def scenario_bignames(c):
    """A NAMES reply of 10 MB (unique nicks), then a marker message."""
    wait_join(c)
    prefix = b":srv 353 " + c.nick + b" = #r :"
    total, i = 0, 0
    while total < 10 * 1024 * 1024:
        names = []
        size = len(prefix)
        while size < 480:
            nick = b"n%07d" % i
            if i % 1000 == 0:
                nick = b"x" + SPACELESS[:20] + b"%d" % i
            names.append(nick)
            size += len(nick) + 1
            i += 1
        data = prefix + b" ".join(names) + b"\r\n"
        if not c.send(data):
            return
        total += len(data)
    c.line(b":srv 366", c.nick, ROOM, b":End of NAMES")
    c.line(b":friend!u@h PRIVMSG #r :" + hostile(b"bignames"))
    marker(c, b"bignames-done")


def scenario_nocrlf(c):
    """Bare LF endings, a CR-only ending, a 1 MB line, a final line without
    an ending: the client keeps the complete lines and drops the rest."""
    wait_join(c)
    c.send(b":friend!u@h PRIVMSG #r :lf-only one\n")
    c.send(b":friend!u@h PRIVMSG #r :cr-only\r:friend!u@h PRIVMSG #r :x\r")
    c.send(b"\n")
    c.send(b":friend!u@h PRIVMSG #r :" + b"A" * (1024 * 1024) + b"\n")
    c.send(b":friend!u@h PRIVMSG #r :lf-only two\n")
    c.send(b":friend!u@h PRIVMSG #r :" + hostile(b"lf") + b"\n")
    c.send(b"\n\r\n\n")
    marker(c, b"nocrlf-done")
    time.sleep(0.5)
    c.send(b":friend!u@h PRIVMSG #r :unterminated-tail")


def scenario_midline(c):
    """Close the connection in the middle of a line."""
    wait_join(c)
    c.line(b":friend!u@h PRIVMSG #r :" + hostile(b"midline"))
    marker(c, b"midline-before")
    time.sleep(0.3)
    c.send(b":friend!u@h PRIVMSG #r :half-a-li")
    time.sleep(0.2)
    c.close()


def scenario_flood(c, seconds=6.0):
    """Flood the room while the user types; keep answering PINGs."""
    wait_join(c)
    end = time.time() + seconds
    i = 0
    while time.time() < end and not c.closed.is_set():
        batch = b"".join(b":flooder!u@h PRIVMSG #r :flood %d \x1b[2J\x1b]0;"
                         b"PWNFLOOD\x07\r\n" % (i + k) for k in range(50))
        if not c.send(batch):
            return
        i += 50
        time.sleep(0.005)
    marker(c, b"flood-done")


SCENARIOS = {
    "escapes": scenario_escapes,
    "bignames": scenario_bignames,
    "nocrlf": scenario_nocrlf,
    "midline": scenario_midline,
    "flood": scenario_flood,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        sys.exit("usage: hostile_server.py " + "|".join(SCENARIOS))
    srv = Server(sys.argv[1], lifetime=600)
    print("listening on 127.0.0.1:%d" % srv.port, flush=True)
    try:
        srv.thread.join()
    except KeyboardInterrupt:
        srv.stop()


if __name__ == "__main__":
    main()
