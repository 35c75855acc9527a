# SPDX-License-Identifier: GPL-3.0-or-later
# The responder's rules, checked packet by packet from host 2 of the
# simulated LAN (run by tests/discovery/responder.sh inside that
# namespace): legacy unicast, QU, known-answer suppression, answering only
# what was asked, per-source rate limit, on-link sources only, malformed
# packets, TXT updates, goodbye. Prints TAP.
# Usage: packet_rules.py DAEMON_ADDR IFNAME OFFLINK_ADDR INSTANCE PORT PID
import os
import random
import select
import signal
import socket
import struct
import sys
import time

from zeroconf import DNSIncoming

GROUP = "224.0.0.251"
IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)   # Linux <netinet/in.h>
SVC = "_irc._tcp.local"
T_A, T_PTR, T_TXT, T_AAAA, T_SRV, T_ANY = 1, 12, 16, 28, 33, 255

ADDR, IFNAME, OFFLINK, INSTANCE, PORT, PID = sys.argv[1:7]
PORT = int(PORT)
PID = int(PID)
INST = INSTANCE + "." + SVC
IFINDEX = socket.if_nametoindex(IFNAME)

n_tests = 0
failed = 0


def ok(cond, desc, detail=None):
    global n_tests, failed
    n_tests += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n_tests, desc))
    if not cond:
        failed += 1
        if detail is not None:
            for line in str(detail).splitlines():
                print("# " + line)
    sys.stdout.flush()


def qname(name):
    out = b""
    for label in name.split("."):
        if label:
            raw = label.encode()
            out += bytes([len(raw)]) + raw
    return out + b"\0"


def query(qid, questions, known=()):
    """questions: (name, type, unicast); known: PTR targets as answers."""
    pkt = struct.pack("!HHHHHH", qid, 0, len(questions), len(known), 0, 0)
    for name, qtype, unicast in questions:
        pkt += qname(name) + struct.pack("!HH", qtype,
                                         1 | (0x8000 if unicast else 0))
    for target in known:
        rdata = qname(target)
        pkt += qname(SVC) + struct.pack("!HHIH", T_PTR, 1, 4500,
                                        len(rdata)) + rdata
    return pkt


def mcast_socket(bind_port, src=""):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((src, bind_port))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
    ifaddr = socket.inet_aton(src) if src else socket.inet_aton("0.0.0.0")
    mreqn = struct.pack("4s4si", socket.inet_aton(GROUP), ifaddr, IFINDEX)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, mreqn)
    if bind_port == 5353:
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)
        s.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
    return s


def replies(s, seconds, want=None):
    """Responses from the daemon for up to seconds: (DNSIncoming, dst).
    With want, stop at the first reply for which want(msg) holds."""
    out = []
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return out
        r, _, _ = select.select([s], [], [], left)
        if not r:
            return out
        data, anc, _, src = s.recvmsg(9000, 256)
        if src[0] != ADDR:
            continue
        dst = None
        for level, kind, val in anc:
            if level == socket.IPPROTO_IP and kind == IP_PKTINFO:
                dst = socket.inet_ntoa(val[8:12])
        msg = DNSIncoming(data)
        if not msg.valid or not msg.is_response():
            continue
        out.append((msg, dst))
        if want is not None and want(msg):
            return out


def records(msg, rtype=None):
    rrs = msg.answers   # a method in newer zeroconf, a list in 0.47
    rrs = rrs() if callable(rrs) else rrs
    return [r for r in rrs if rtype is None or r.type == rtype]


def legacy(questions, seconds=1.5, src=""):
    s = mcast_socket(0, src)
    qid = random.randint(1, 65535)
    s.sendto(query(qid, questions), (GROUP, 5353))
    got = replies(s, seconds, want=lambda m: True)
    s.close()
    return qid, (got[0][0] if got else None)


def has_ptr(msg):
    return any(r.alias.lower() == (INST + ".").lower()
               for r in records(msg, T_PTR))


def test_legacy():
    qid, msg = legacy([(SVC, T_PTR, False)])
    ok(msg is not None, "legacy unicast query (port != 5353) is answered")
    if msg is None:
        for _ in range(3):
            ok(False, "legacy reply contents (no reply)")
        return
    ok(msg.id == qid and len(msg.questions) == 1 and
       msg.questions[0].name.lower() == (SVC + ".").lower(),
       "legacy reply echoes the ID and the question",
       "id %d/%d questions %s" % (msg.id, qid, msg.questions))
    rrs = records(msg)
    ok(rrs and all(r.ttl <= 10 and not r.unique for r in rrs),
       "legacy reply: every TTL <= 10 s, no cache-flush bit",
       "\n".join(repr(r) for r in rrs))
    srv = records(msg, T_SRV)
    a = records(msg, T_A)
    ok(has_ptr(msg) and msg.num_answers == 1 and srv and
       srv[0].port == PORT and records(msg, T_TXT) and a and
       socket.inet_ntoa(a[0].address) == ADDR,
       "PTR answered, SRV/TXT/A (port %d, %s) in additional records" %
       (PORT, ADDR), "\n".join(repr(r) for r in rrs))


def test_ipv6():
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, IFINDEX)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    s.bind(("::", 0))
    qid = random.randint(1, 65535)
    s.sendto(query(qid, [(SVC, T_PTR, False)]), ("ff02::fb", 5353, 0,
                                                 IFINDEX))
    msg = None
    deadline = time.monotonic() + 1.5
    while msg is None and time.monotonic() < deadline:
        r, _, _ = select.select([s], [], [], deadline - time.monotonic())
        if not r:
            break
        data, src = s.recvfrom(9000)
        m = DNSIncoming(data)
        if m.valid and m.is_response() and m.id == qid:
            msg = m
    s.close()
    aaaa = records(msg, T_AAAA) if msg is not None else []
    ok(msg is not None and has_ptr(msg) and aaaa and
       aaaa[0].address[:2] == b"\xfe\x80",
       "a legacy query over IPv6 is answered, with the link-local AAAA",
       msg and "\n".join(repr(r) for r in records(msg)))


def test_only_asked():
    _, msg = legacy([(INST, T_TXT, False)])
    rrs = records(msg) if msg is not None else []
    ok(len(rrs) == 1 and rrs[0].type == T_TXT,
       "a TXT question gets the TXT record and nothing more",
       "\n".join(repr(r) for r in rrs))
    _, msg = legacy([("nosuchservice.local", T_ANY, False)], 0.7)
    ok(msg is None, "a question for a name it does not own: no reply")


def test_qu_and_qm():
    s = mcast_socket(5353)
    s.sendto(query(0, [(INST, T_SRV, True)]), (GROUP, 5353))
    got = replies(s, 1.5, want=lambda m: bool(records(m, T_SRV)))
    ok(got and got[-1][1] not in (None, GROUP),
       "a QU question for a record multicast recently: unicast reply",
       "replies (dst): %s" % [d for _, d in got])
    time.sleep(1.1)     # past the 1 s per-record multicast limit
    s.sendto(query(0, [(SVC, T_PTR, False)]), (GROUP, 5353))
    got = replies(s, 1.5, want=has_ptr)
    ok(got and has_ptr(got[-1][0]) and got[-1][1] == GROUP,
       "a QM question: the answer is multicast",
       "replies (dst): %s" % [d for _, d in got])
    time.sleep(1.1)
    s.sendto(query(0, [(SVC, T_PTR, False)], known=[INST]), (GROUP, 5353))
    got = replies(s, 1.0, want=has_ptr)
    ok(not any(has_ptr(m) for m, _ in got),
       "known-answer suppression: a PTR the querier holds is not resent")
    s.close()


def test_rate_limit():
    time.sleep(1.1)
    s = mcast_socket(0)
    for i in range(60):
        s.sendto(query(i + 1, [(INST, T_TXT, False)]), (GROUP, 5353))
    got = replies(s, 1.0)
    s.close()
    ok(1 <= len(got) <= 25,
       "per-source rate limit: 60 queries at once, %d answered" % len(got))


def test_offlink():
    time.sleep(1.1)
    _, msg = legacy([(SVC, T_PTR, False)], 1.0, src=OFFLINK)
    ok(msg is None, "a query from an off-link source (%s) is ignored" %
       OFFLINK)
    _, msg = legacy([(SVC, T_PTR, False)], 1.0)
    ok(msg is not None and has_ptr(msg), "... while an on-link one is not")


def hostile_packets():
    good = query(7, [(SVC, T_PTR, False)], known=[INST])
    pkts = [good[:i] for i in range(len(good))]
    pkts.append(struct.pack("!HHHHHH", 0, 0, 1, 0, 0, 0) + b"\xc0\x0c" +
                b"\0\x0c\0\x01")
    pkts.append(struct.pack("!HHHHHH", 0, 0, 1, 0, 0, 0) +
                b"\x01a\xc0\x10\x01b\xc0\x0c\0\x0c\0\x01")
    pkts.append(struct.pack("!HHHHHH", 0, 0, 65535, 65535, 65535, 65535))
    pkts.append(struct.pack("!HHHHHH", 0, 0x8400, 0, 1, 0, 0) +
                qname(INST) + struct.pack("!HHIH", T_SRV, 1, 120, 60000))
    pkts.append(struct.pack("!HHHHHH", 0, 0, 1, 0, 0, 0) +
                b"\x3f" + b"x" * 63 + b"\x40" + b"y" * 64 + b"\0\0\x0c\0\x01")
    rnd = random.Random(5353)
    for _ in range(300):
        p = bytearray(good)
        for _ in range(rnd.randint(1, 8)):
            p[rnd.randrange(len(p))] = rnd.randrange(256)
        pkts.append(bytes(p))
        pkts.append(bytes(rnd.randrange(256)
                          for _ in range(rnd.randint(0, 80))))
    return pkts


def test_hostile():
    s = mcast_socket(0)
    for i, p in enumerate(hostile_packets()):
        s.sendto(p, (GROUP, 5353))
        if i % 50 == 0:
            time.sleep(0.02)
    s.close()
    time.sleep(1.1)
    alive = True
    try:
        os.kill(PID, 0)
    except OSError:
        alive = False
    _, msg = legacy([(SVC, T_PTR, False)])
    ok(alive and msg is not None,
       "after 900 malformed and mangled packets the daemon still answers")


def txt_counts():
    _, msg = legacy([(INST, T_TXT, False)], 1.0)
    if msg is None or not records(msg, T_TXT):
        return None
    props = records(msg, T_TXT)[0].text
    return props


def test_txt_update():
    irc = socket.create_connection((ADDR, PORT), timeout=5)
    irc.sendall(b"NICK mdnstest\r\nUSER m 0 * :m\r\nJOIN #mdns\r\n")
    seen = None
    deadline = time.monotonic() + 12
    while time.monotonic() < deadline:
        seen = txt_counts()
        if seen is not None and b"\x07users=1" in seen and \
                b"\x07rooms=1" in seen:
            break
        time.sleep(0.5)
    ok(seen is not None and b"\x07users=1" in seen and b"\x07rooms=1" in seen,
       "TXT follows the counts: users=1 rooms=1 after one client joined",
       repr(seen))
    irc.close()


def test_goodbye():
    s = mcast_socket(5353)
    os.kill(PID, signal.SIGTERM)
    got = replies(s, 3.0, want=lambda m: any(
        r.ttl == 0 for r in records(m, T_PTR)))
    s.close()
    ok(any(any(r.ttl == 0 and r.alias.lower() == (INST + ".").lower()
               for r in records(m, T_PTR)) for m, _ in got),
       "SIGTERM: a goodbye (PTR with TTL 0) is multicast")


def main():
    print("1..16")
    test_legacy()
    test_ipv6()
    test_only_asked()
    test_qu_and_qm()
    test_rate_limit()
    test_offlink()
    test_hostile()
    test_txt_update()
    test_goodbye()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
