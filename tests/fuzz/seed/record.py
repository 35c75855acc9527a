#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Record a real IRC session (three clients, every common command) against an
# IRC server on 127.0.0.1 and write the seed corpora from its raw bytes:
#   corpus/irc_msg/    one received or sent line per file
#   corpus/irc_frame/  whole server->client streams with chunking headers
#   corpus/client/     whole server->client streams (client_fuzzer)
#   corpus/dispatch/   the whole three-client session, each line prefixed
#                      with its client's digit (dispatch_fuzzer's format)
# Usage: record.py FUZZDIR [SERVER]   SERVER is "ngircd" (started here, on a
# free port with a throwaway config) or HOST:PORT of a running server.
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

NGIRCD_CONF = """[Global]
Name = seed.server
Info = seed recorder
Listen = 127.0.0.1
Ports = {port}
MotdPhrase = "seed motd"
PidFile = {dir}/pid
[Limits]
MaxConnectionsIP = 0
MaxJoins = 0
PingTimeout = 30
[Options]
PAM = no
Ident = no
DNS = no
"""

# (client, line) in order; the server's replies are collected in between.
SCRIPT = [
    (0, "CAP LS 302"), (0, "NICK alice"), (0, "USER alice 0 * :Alice A"),
    (0, "CAP END"), (1, "NICK bob"), (1, "USER bob 0 * :Bob B"),
    (2, "NICK carol"), (2, "USER carol 0 * :Carol"),
    (0, "JOIN #lobby,#dev"), (1, "JOIN #lobby"), (2, "JOIN #dev"),
    (0, "PRIVMSG #lobby :hello everyone"),
    (1, "PRIVMSG #lobby :\x01ACTION waves\x01"),
    (1, "PRIVMSG alice :\x01VERSION\x01"),
    (0, "NOTICE bob :\x01VERSION tui-chat 0.1\x01"),
    (0, "TOPIC #lobby :Welcome \x02bold\x02 \x0304,12colour\x03 \u4f60\u597d"),
    (1, "TOPIC #lobby"), (2, "NAMES #lobby"), (2, "LIST"),
    (0, "MODE #lobby +tnk key"), (0, "MODE #lobby +o bob"),
    (0, "MODE #lobby +b *!*@evil.example"), (0, "MODE #lobby"),
    (1, "WHO #lobby"), (1, "WHOIS alice"), (0, "ISON bob carol dave"),
    (0, "USERHOST bob"), (2, "AWAY :lunch"), (0, "PRIVMSG carol :you there?"),
    (2, "AWAY"), (1, "NICK robert"), (0, "INVITE carol #lobby"),
    (0, "KICK #lobby robert :bye \U0001f600"), (1, "JOIN #lobby key"),
    (2, "JOIN #nosuch,#lobby wrong"), (1, "PART #lobby :gone"),
    (0, "PING :tok123"), (0, "LUSERS"), (0, "MOTD"), (0, "VERSION"),
    (0, "PRIVMSG #dev :" + "x" * 400), (0, "FOO bar"), (1, "JOIN"),
    (0, "JOIN 0"), (2, "QUIT :so long"), (1, "QUIT"), (0, "QUIT :done"),
]

# Lines no ngircd session shows: IRCv3 tags, odd spacing, limits.
EXTRA_LINES = [
    b"@time=2026-11-23T01:02:03.456Z;msgid=abc :a!b@c PRIVMSG #r :hi",
    b"@+draft/reply=x\\s\\:y;+typing=active :n!u@h TAGMSG #room",
    b"@a=b\\ :s 001 n :w", b":src  VERB   p1  p2   :trail  ing ",
    b"PRIVMSG #r ::starts with colon", b"verb", b"   ", b"@ x", b": VERB",
    b"A 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
    b"A 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :15 16",
    b"PRIVMSG #r :" + b"\xe4\xbd\xa0" * 160, b"PRIVMSG #r :\xff\xfe\x80",
    b"12 x", b"1234 x", b"005 n CHANTYPES=# PREFIX=(ov)@+ :are supported",
]


def start_ngircd(tmp):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    conf = os.path.join(tmp, "ngircd.conf")
    with open(conf, "w") as f:
        f.write(NGIRCD_CONF.format(port=port, dir=tmp))
    proc = subprocess.Popen(["ngircd", "-n", "-f", conf],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("ngircd did not start")


def collect(socks, got, wait=0.15):
    end = time.time() + wait
    while time.time() < end:
        for i, s in enumerate(socks):
            try:
                data = s.recv(65536)
            except (BlockingIOError, ConnectionError):
                continue
            if data:
                got[i] += data
        time.sleep(0.01)


def record(host, port):
    socks = [socket.create_connection((host, port), 5) for _ in range(3)]
    for s in socks:
        s.setblocking(False)
    sent = [b"", b"", b""]
    got = [b"", b"", b""]
    session = b""
    for who, line in SCRIPT:
        data = line.encode() + b"\r\n"
        session += b"%d" % who + data
        try:
            socks[who].sendall(data)
            sent[who] += data
        except OSError:
            pass  # the server closed this client (QUIT, a refused PASS)
        collect(socks, got)
    collect(socks, got, 0.5)
    for s in socks:
        s.close()
    return sent, got, session


def put(d, data):
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    fuzzdir = sys.argv[1]
    server = sys.argv[2] if len(sys.argv) > 2 else "ngircd"
    tmp = tempfile.mkdtemp()
    proc = None
    try:
        if server == "ngircd":
            proc, port = start_ngircd(tmp)
            host = "127.0.0.1"
        else:
            host, port = server.rsplit(":", 1)
        sent, got, session = record(host, int(port))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(5)
        shutil.rmtree(tmp)
    corpus = os.path.join(fuzzdir, "corpus")
    for stream in sent + got + [b"\r\n".join(EXTRA_LINES)]:
        for line in stream.split(b"\r\n"):
            if line:
                put(os.path.join(corpus, "irc_msg"), line)
    for i, stream in enumerate(got):
        put(os.path.join(corpus, "client"), stream)
        # Header: limit byte (0 = real limit), then chunk sizes.
        put(os.path.join(corpus, "irc_frame"), bytes([0, 0]) + stream)
        put(os.path.join(corpus, "irc_frame"),
            bytes([0, 3, 0, 7, 200]) + stream)
        put(os.path.join(corpus, "irc_frame"),
            bytes([40 + i, 1, 13]) + stream[:2000])
    put(os.path.join(corpus, "dispatch"), session)
    # Each client alone, then the session cut off mid-line and hung up.
    for who, stream in enumerate(sent):
        put(os.path.join(corpus, "dispatch"),
            b"".join(b"%d" % who + l + b"\n" for l in stream.split(b"\n")
                     if l))
    put(os.path.join(corpus, "dispatch"),
        session[:len(session) // 2] + b"\n!0\n!1\n" +
        session[len(session) // 2:])
    print("recorded %d bytes sent, %d received" %
          (sum(map(len, sent)), sum(map(len, got))))


if __name__ == "__main__":
    main()
