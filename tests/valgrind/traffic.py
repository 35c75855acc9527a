# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026 The tui-chat authors.
# Integration traffic for a daemon already running on 127.0.0.1:PORT (the
# valgrind run): registration with CAP, rooms, messages, modes, kicks, nick
# changes, hostile input (long lines, NUL, invalid UTF-8, 16+ parameters),
# a client that never reads, connections dropped mid-line, and QUITs. Every
# code path that allocates or frees gets walked. Prints TAP.
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import ircclient as irc  # noqa: E402


def rooms_and_messages(port, tap):
    a = irc.Client(port)
    a.register("alice", caps=("server-time", "echo-message", "multi-prefix",
                              "message-tags", "away-notify"))
    b = irc.Client(port)
    b.register("bob")
    c = irc.Client(port)
    c.register("carol")
    for r in ("#one", "#two", "#three"):
        a.join(r)
    b.join("#one")
    b.join("#two")
    c.join("#one")
    for i in range(50):
        a.send("PRIVMSG #one :message %d \u00e9\u4f60" % i)
    a.send("@+typing=active TAGMSG #one")
    b.send("PRIVMSG alice :private")
    c.send("NOTICE #one :a notice")
    a.send("TOPIC #one :a topic")
    a.send("MODE #one +ntk secret")
    a.send("MODE #one +o bob")
    a.send("MODE #one +b *!*@banned.example")
    a.send("MODE #one +l 10")
    a.send("MODE #one +v carol")
    a.send("MODE #two +i")
    a.send("INVITE carol #two")
    b.send("NICK bobby")
    c.send("AWAY :out")
    for line in ("NAMES #one", "LIST", "WHO #one", "WHOIS bobby", "ISON x y",
                 "USERHOST bobby", "LUSERS", "MOTD", "VERSION", "PING :x"):
        a.send(line)
    a.send("KICK #one carol :bye")
    c.send("JOIN #two")
    c.send("JOIN #one wrongkey")
    b.send("PART #two :leaving")
    a.send("JOIN 0")
    a.sync()
    b.sync()
    c.sync()
    got = [m.last for m in b.log if m.command == "PRIVMSG"]
    tap.ok(sum(1 for t in got if t.startswith("message ")) == 50,
           "50 room messages delivered")
    a.send("QUIT :done")
    b.send("QUIT")
    c.close()       # without QUIT
    a.wait_closed()


def hostile(port, tap):
    h = irc.Client(port)
    h.register("hostile")
    h.join("#h")
    h.send_raw(b"PRIVMSG #h :" + b"x" * 20000 + b"\r\n")
    h.send_raw(b"PRIVMSG #h :nul\x00byte\r\nPRIVMSG #h :\xff\xfe\xc0\r\n")
    h.send_raw(b"A " + b" ".join(b"p%d" % i for i in range(20)) + b"\r\n")
    h.send_raw(b"NICK " + b"n" * 100 + b"\r\nJOIN #" + b"r" * 100 + b"\r\n")
    for i in range(300):
        h.send_raw(b"JOIN #many%d\r\n" % i)
    h.send_raw(b"JOIN 0\r\n")
    h.sync()
    tap.ok(h.is_open(), "daemon survives hostile lines")
    h.close()
    # Dropped in the middle of a line and during registration.
    for data in (b"NICK half\r\nUSER h 0 * :h\r\nPRIVMSG #h :hal",
                 b"NICK", b"CAP LS 302\r\nNICK capper\r\n"):
        s = socket.create_connection(("127.0.0.1", port), 10)
        s.sendall(data)
        s.close()


def slow_reader(port, tap):
    # Never reads while the room is busy: dropped at the sendq limit.
    lazy = irc.Client(port, rcvbuf=4096)
    lazy.register("lazy")
    lazy.join("#busy")
    talk = irc.Client(port)
    talk.register("talker")
    talk.join("#busy")
    for i in range(3000):
        talk.send("PRIVMSG #busy :" + "y" * 400)
    talk.sync()
    tap.ok(talk.is_open(), "talker unaffected by a client that never reads")
    talk.send("QUIT")
    lazy.close()


def main():
    port = int(sys.argv[1])
    tap = irc.Tap()
    tap.case("rooms and messages", rooms_and_messages, port, tap)
    tap.case("hostile input", hostile, port, tap)
    tap.case("a client that never reads", slow_reader, port, tap)
    time.sleep(0.5)
    tap.done()


if __name__ == "__main__":
    main()
