# SPDX-License-Identifier: GPL-3.0-or-later
# A deliberately awkward mDNS responder for browser tests, run inside a
# namespace by tests/discovery/browser.sh for at most SECONDS:
# - it answers only queries sent from port 5353, as if a firewall dropped
#   its replies to ephemeral ports, and always by multicast;
# - it answers exactly what was asked, never with additional records, so
#   the browser must follow up for SRV, TXT and then the addresses;
# - one instance name carries terminal escapes, a tab and a bell, and its
#   TXT has a count that is not a number;
# - a second instance's host has only a link-local IPv6 address.
# Usage: fake_responder.py IFNAME IPV4 IPV6_LINKLOCAL SECONDS
import select
import socket
import struct
import sys
import time

from zeroconf import DNSIncoming

IFNAME, IPV4, IPV6, SECONDS = sys.argv[1:5]
IFINDEX = socket.if_nametoindex(IFNAME)
SVC = b"_irc._tcp.local"
EVIL = b"\x1b]0;pwned\x07Evil\tName\x1b[31m"
T_A, T_PTR, T_TXT, T_AAAA, T_SRV = 1, 12, 16, 28, 33


def wire(name):
    """name: a list of labels (bytes)."""
    return b"".join(bytes([len(lb)]) + lb for lb in name) + b"\0"


def txt(*items):
    return b"".join(bytes([len(i)]) + i for i in items)


SVC_L = SVC.split(b".")
INSTANCES = {
    "evil": (EVIL, [b"fakehost", b"local"], 7000,
             txt(b"v=1", b"users=abc", b"rooms=2")),
    "six": (b"Six", [b"sixhost", b"local"], 7001,
            txt(b"v=1", b"users=4", b"rooms=5")),
}
HOSTS = {
    b"fakehost.local": (T_A, socket.inet_pton(socket.AF_INET, IPV4)),
    b"sixhost.local": (T_AAAA, socket.inet_pton(socket.AF_INET6, IPV6)),
}


def record(name, rtype, ttl, rdata, flush):
    cls = 1 | (0x8000 if flush else 0)
    return wire(name) + struct.pack("!HHIH", rtype, cls, ttl,
                                    len(rdata)) + rdata


def answers_for(qname, qtype):
    """The records answering one question, by raw name comparison."""
    out = []
    if qname == SVC.lower() and qtype == T_PTR:
        for label, _, _, _ in INSTANCES.values():
            out.append(record(SVC_L, T_PTR, 4500, wire([label] + SVC_L),
                              False))
    for label, target, port, text in INSTANCES.values():
        if qname != (label + b"." + SVC).lower():
            continue
        if qtype == T_SRV:
            out.append(record([label] + SVC_L, T_SRV, 120,
                              struct.pack("!HHH", 0, 0, port) +
                              wire(target), True))
        if qtype == T_TXT:
            out.append(record([label] + SVC_L, T_TXT, 4500, text, True))
    for host, (rtype, addr) in HOSTS.items():
        if qname == host and qtype == rtype:
            out.append(record(host.split(b"."), rtype, 120, addr, True))
    return out


def question_names(data):
    """(lowercased raw name, type) of each question; escapes survive."""
    msg = DNSIncoming(data)
    if not msg.valid or msg.is_response():
        return []
    out = []
    # zeroconf decodes names as text; map back to bytes for comparison.
    for q in msg.questions:
        name = q.name.rstrip(".").encode("utf-8", "surrogateescape")
        out.append((name.lower(), q.type))
    return out


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", 5353))
    mreqn = struct.pack("4s4si", socket.inet_aton("224.0.0.251"),
                        socket.inet_aton("0.0.0.0"), IFINDEX)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, mreqn)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    deadline = time.monotonic() + float(SECONDS)
    print("ready", flush=True)
    while time.monotonic() < deadline:
        r, _, _ = select.select([s], [], [], 0.2)
        if not r:
            continue
        data, src = s.recvfrom(9000)
        if src[1] != 5353:
            continue        # the "firewall": no unicast to other ports
        rrs = []
        for qname, qtype in question_names(data):
            rrs += answers_for(qname, qtype)
        if rrs:
            pkt = struct.pack("!HHHHHH", 0, 0x8400, 0, len(rrs), 0, 0)
            s.sendto(pkt + b"".join(rrs), ("224.0.0.251", 5353))
    return 0


if __name__ == "__main__":
    sys.exit(main())
