# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026 The tui-chat authors.
"""A deliberately broken IRC relay, so smoke.sh can show that loadgen's
check catches what it claims to: it registers clients, lets them join
rooms and relays room messages, but for one receiver it drops, doubles or
swaps one message in every 50.

usage: faulty_server.py PORT drop|dup|swap|none"""

import asyncio
import sys


class Relay:
    def __init__(self, fault):
        self.fault = fault
        self.rooms = {}         # room -> [writer]
        self.count = 0
        self.held = None        # swap: a line waiting to go out late

    def deliver(self, victim, line):
        """Send line to victim, with the fault on every 50th message."""
        self.count += 1
        if self.fault == "none" or self.count % 50:
            victim.write(line)
        elif self.fault == "dup":
            victim.write(line + line)
        elif self.fault == "swap":
            self.held = (victim, line)
            return
        if self.held is not None and self.held[0] is victim:
            victim.write(self.held[1])
            self.held = None

    def relay(self, writer, nick, room, text):
        line = (":%s!lg@127.0.0.1 PRIVMSG %s :%s\r\n" %
                (nick, room, text)).encode()
        members = [w for w in self.rooms.get(room, []) if w is not writer]
        for i, w in enumerate(members):
            if i == 0:
                self.deliver(w, line)
            else:
                w.write(line)

    async def client(self, reader, writer):
        nick = "*"
        try:
            while True:
                raw = await reader.readline()
                if not raw:
                    break
                words = raw.decode().rstrip("\r\n").split(" ", 2)
                cmd = words[0].upper()
                if cmd == "NICK":
                    nick = words[1]
                elif cmd == "USER":
                    writer.write(b":faulty 001 %s :hi\r\n" % nick.encode())
                elif cmd == "JOIN":
                    self.rooms.setdefault(words[1], []).append(writer)
                    writer.write(b":faulty 366 %s %s :end\r\n" %
                                 (nick.encode(), words[1].encode()))
                elif cmd == "PRIVMSG":
                    self.relay(writer, nick, words[1], words[2][1:])
                await writer.drain()
        except ConnectionError:
            pass
        for members in self.rooms.values():
            if writer in members:
                members.remove(writer)
        writer.close()


async def main():
    relay = Relay(sys.argv[2])
    server = await asyncio.start_server(relay.client, "127.0.0.1",
                                        int(sys.argv[1]))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
