#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Smoke test of tui-chatd: the command-line contract, then three raw
# clients through registration, two rooms, messages, a nick change and a
# quit, checking the exact lines each one received; SIGTERM last.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"

plan 28

# -- command line
"$TUI_CHATD" --help >"$TEST_TMP/help" 2>&1; st=$?
ok '[ $st -eq 0 ] && grep -q -- "--listen" "$TEST_TMP/help"' "--help: usage, exit 0"
"$TUI_CHATD" --bogus >/dev/null 2>"$TEST_TMP/err"; st=$?
ok '[ $st -eq 2 ] && [ "$(wc -l <"$TEST_TMP/err")" -eq 1 ]' \
    "unknown option: one line on stderr, exit 2"
"$TUI_CHATD" --listen nonsense --no-discovery 2>"$TEST_TMP/err"; st=$?
ok '[ $st -eq 2 ]' "bad --listen: exit 2"
printf 'name = x\n# comment\nno_such_key = 1\n' >"$TEST_TMP/bad.conf"
"$TUI_CHATD" --config "$TEST_TMP/bad.conf" --no-discovery \
    --listen 127.0.0.1:1 2>"$TEST_TMP/err"; st=$?
ok '[ $st -eq 2 ] && grep -qx "tui-chatd: $TEST_TMP/bad.conf:3: unknown key: no_such_key" "$TEST_TMP/err"' \
    "unknown config key: FILE:LINE on stderr, exit 2"
"$TUI_CHATD" --set flood_limit=lots --no-discovery 2>"$TEST_TMP/err"; st=$?
ok '[ $st -eq 2 ]' "--set with a bad value: exit 2"

# -- a daemon with a MOTD
start_daemon --set "motd=hello lan" || { fail "daemon starts"; exit 1; }
pass "daemon starts"
"$TUI_CHATD" --listen "127.0.0.1:$DAEMON_PORT" --no-discovery \
    2>"$TEST_TMP/err"; st=$?
ok '[ $st -eq 1 ] && grep -q "Address already in use" "$TEST_TMP/err"' \
    "a port in use: one line, exit 1"

"$PYTHON3" - "$DAEMON_PORT" "$TEST_TMP" <<'PY'
import socket, sys, time

port, out = int(sys.argv[1]), sys.argv[2]

class C:
    def __init__(self, nick):
        self.nick = nick
        self.s = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        self.lines = []
        self.seq = 0
    def send(self, line):
        self.s.sendall(line.encode() + b"\r\n")
    def until(self, pred):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                line = line.rstrip(b"\r").decode()
                self.lines.append(line)
                if pred(line):
                    return
            data = self.s.recv(65536)
            if not data:
                return
            self.buf += data
    def sync(self):
        # Everything the daemon queued before our PING arrives before PONG.
        self.seq += 1
        tok = "sync%d" % self.seq
        self.send("PING " + tok)
        self.until(lambda l: l.endswith(" PONG test.server " + tok))
        self.lines.pop()
    def register(self):
        self.send("NICK " + self.nick)
        self.send("USER %s 0 * :Real %s" % (self.nick, self.nick))
        self.until(lambda l: " 376 " in l or " 422 " in l)
        self.sync()
        self.lines = []
    def save(self):
        with open("%s/%s.txt" % (out, self.nick), "w") as f:
            f.write("\n".join(self.lines) + "\n")

a, b, c = C("alice"), C("bob"), C("carol")
welcome = []
a.send("NICK alice")
a.send("USER alice 0 * :Real alice")
a.until(lambda l: " 376 " in l)
with open(out + "/welcome.txt", "w") as f:
    f.write("\n".join(a.lines) + "\n")
a.sync(); a.lines = []
b.register(); c.register()

a.send("JOIN #one,#two"); a.sync()
b.send("JOIN #one"); b.sync()
c.send("JOIN #two"); c.sync()
a.sync()
a.send("PRIVMSG #one :hello one")
a.send("PRIVMSG #two :hello two")
a.send("PRIVMSG bob :psst, bob")
a.sync()
b.send("NICK bobby"); b.sync()
b.send("FOO bar"); b.send("PRIVMSG"); b.sync()
c.send("QUIT :bye now"); c.until(lambda l: l.startswith("ERROR"))
a.sync(); b.sync()
for x in (a, b, c):
    x.save()
PY
st=$?
ok '[ $st -eq 0 ]' "the clients ran"

has() { grep -qxF -- "$2" "$TEST_TMP/$1.txt"; }
hasnt() { ! grep -qF -- "$2" "$TEST_TMP/$1.txt"; }
W="$TEST_TMP/welcome.txt"
ok 'grep -qx ":test.server 001 alice :Welcome to the tui-chat Network, alice!alice@127.0.0.1" "$W"' "001 welcome"
ok 'grep -q "^:test.server 005 alice .*CASEMAPPING=rfc1459.*CHANTYPES=#&" "$W" && grep -q "^:test.server 005 alice .*PREFIX=(ov)@+" "$W"' "005 tokens"
ok 'grep -qx ":test.server 372 alice :- hello lan" "$W" && grep -qx ":test.server 376 alice :End of /MOTD command" "$W"' "MOTD"

ok 'has alice ":alice!alice@127.0.0.1 JOIN #one" && has alice ":alice!alice@127.0.0.1 JOIN #two"' "alice joins two rooms"
ok 'has alice ":test.server 353 alice = #one @alice"' "the creator is operator"
ok 'has bob ":test.server 353 bob = #one :@alice bob"' "bob sees the names of #one"
ok 'has alice ":bob!bob@127.0.0.1 JOIN #one" && has alice ":carol!carol@127.0.0.1 JOIN #two"' "alice sees both joins"
ok 'has bob ":alice!alice@127.0.0.1 PRIVMSG #one :hello one" && hasnt bob "hello two"' "bob gets #one only"
ok 'has carol ":alice!alice@127.0.0.1 PRIVMSG #two :hello two" && hasnt carol "hello one"' "carol gets #two only"
ok 'hasnt alice "PRIVMSG #one" && hasnt alice "PRIVMSG #two"' "the sender gets no echo"
ok 'has bob ":alice!alice@127.0.0.1 PRIVMSG bob :psst, bob" && hasnt carol psst' "a private message"
ok 'has alice ":bob!bob@127.0.0.1 NICK bobby" && has bob ":bob!bob@127.0.0.1 NICK bobby"' "a nick change is seen by the room and oneself"
ok '[ "$(grep -c "NICK bobby" "$TEST_TMP/alice.txt")" -eq 1 ] && hasnt carol "NICK bobby"' "once, and only by those sharing a room"
ok 'has bob ":test.server 421 bobby FOO :Unknown command"' "unknown command: 421"
ok 'has bob ":test.server 411 bobby :No recipient given (PRIVMSG)"' "PRIVMSG without target: 411"
ok 'has carol "ERROR :Closing Link: 127.0.0.1 (Quit: bye now)"' "QUIT: ERROR to the quitter"
ok 'has alice ":carol!carol@127.0.0.1 QUIT :Quit: bye now" && hasnt bob "QUIT"' "QUIT seen by co-members only"

# -- SIGTERM: the client gets ERROR, the daemon exits 0
"$PYTHON3" - "$DAEMON_PORT" "$DAEMON_PID" >"$TEST_TMP/term.txt" <<'PY'
import os, signal, socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"NICK last\r\nUSER last 0 * :x\r\nPING :ready\r\n")
data = b""
while b"PONG" not in data:
    data += s.recv(65536)
os.kill(int(sys.argv[2]), signal.SIGTERM)
while True:
    d = s.recv(65536)
    if not d:
        break
    data += d
print(data.decode().replace("\r", ""))
PY
wait "$DAEMON_PID"
status=$?
ok 'grep -qx "ERROR :Closing Link: 127.0.0.1 (Server shutting down)" "$TEST_TMP/term.txt"' "SIGTERM: ERROR to every client"
ok '[ $status -eq 0 ]' "SIGTERM: exit status 0"
ok 'grep -q "listening on 127.0.0.1:$DAEMON_PORT" "$DAEMON_LOG"' "the log says where it listens"

done_testing
