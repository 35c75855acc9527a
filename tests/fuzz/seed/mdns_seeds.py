#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Write seed packets for the mdns_wire fuzzer as python3-zeroconf (the
# implementation the client and tests interoperate with) builds them:
# queries, full DNS-SD answers with compression, goodbyes, NSEC.
# Usage: mdns_seeds.py FUZZDIR
import hashlib
import os
import socket
import sys

from zeroconf import (DNSAddress, DNSNsec, DNSOutgoing, DNSPointer,
                      DNSQuestion, DNSService, DNSText)
from zeroconf import const

SVC = "_irc._tcp.local."
INST = "Lab server._irc._tcp.local."
HOST = "lab-host.local."


def txt(pairs):
    out = b""
    for p in pairs:
        out += bytes([len(p)]) + p
    return out


def packets():
    q = DNSOutgoing(const._FLAGS_QR_QUERY)
    q.add_question(DNSQuestion(SVC, const._TYPE_PTR, const._CLASS_IN))
    yield q
    q = DNSOutgoing(const._FLAGS_QR_QUERY)
    for t in (const._TYPE_SRV, const._TYPE_TXT, const._TYPE_ANY):
        q.add_question(DNSQuestion(INST, t, const._CLASS_IN |
                                   const._CLASS_UNIQUE))
    q.add_answer_at_time(DNSPointer(SVC, const._TYPE_PTR, const._CLASS_IN,
                                    4500, INST), 0)
    yield q
    for ttl in (4500, 0):
        r = DNSOutgoing(const._FLAGS_QR_RESPONSE | const._FLAGS_AA)
        r.add_answer_at_time(DNSPointer(SVC, const._TYPE_PTR,
                                        const._CLASS_IN, ttl, INST), 0)
        r.add_answer_at_time(DNSService(
            INST, const._TYPE_SRV, const._CLASS_IN | const._CLASS_UNIQUE,
            ttl, 0, 0, 6667, HOST), 0)
        r.add_answer_at_time(DNSText(
            INST, const._TYPE_TXT, const._CLASS_IN | const._CLASS_UNIQUE,
            ttl, txt([b"v=1", b"users=3", b"rooms=2", b"tls=0", b"flag"])),
            0)
        r.add_additional_answer(DNSAddress(
            HOST, const._TYPE_A, const._CLASS_IN | const._CLASS_UNIQUE, ttl,
            socket.inet_aton("192.168.1.20")))
        r.add_additional_answer(DNSAddress(
            HOST, const._TYPE_AAAA, const._CLASS_IN | const._CLASS_UNIQUE,
            ttl, socket.inet_pton(socket.AF_INET6, "fe80::1")))
        r.add_additional_answer(DNSNsec(
            HOST, const._TYPE_NSEC, const._CLASS_IN | const._CLASS_UNIQUE,
            ttl, HOST, [const._TYPE_A, const._TYPE_AAAA]))
        yield r


def main():
    d = os.path.join(sys.argv[1], "corpus", "mdns_wire")
    os.makedirs(d, exist_ok=True)
    for out in packets():
        for data in out.packets():
            name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
