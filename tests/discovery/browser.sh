# SPDX-License-Identifier: GPL-3.0-or-later
# The browser (`tui-chat --discover`) against awkward peers on the
# simulated LAN: a responder that answers only queries from port 5353 and
# never sends additional records (follow-up queries needed), hostile
# instance names and TXT values, an IPv6-only link-local host; and a host
# where port 5353 is taken exclusively, so only the one-shot query from an
# ephemeral port can work. Needs root and python3-zeroconf.

. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/discovery/netns.sh"

TAB=$(printf '\t')
ESC=$(printf '\033')
BEL=$(printf '\007')

netns_require "$TUI_CHATD" "$TUI_CHAT"
if ! /usr/bin/python3 -c 'import zeroconf' 2>/dev/null; then
	echo "1..0 # SKIP python3-zeroconf is not installed"
	exit 0
fi
plan 6
if ! netns_lan || ! netns_wait_ll 1 || ! netns_wait_ll 2 ||
    ! netns_wait_ll 3; then
	fail "simulated LAN set up"
	exit 1
fi
LL3=$(ip -n "$NS_H3" -6 addr show dev v3 scope link |
    sed -n 's/.*inet6 \(fe80[^/]*\).*/\1/p' | head -n 1)

ip netns exec "$NS_H3" /usr/bin/python3 \
    "$top_srcdir/tests/discovery/fake_responder.py" v3 10.77.0.3 "$LL3" 30 \
    >"$TEST_TMP/fake.log" 2>&1 &
FAKE=$!
at_exit "kill $FAKE 2>/dev/null"
i=0
while ! grep -q ready "$TEST_TMP/fake.log" && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done

ok 'discover_until "$TEST_TMP/d1" "${TAB}10.77.0.3:7000${TAB}users=?${TAB}rooms=2" 5' \
    "PTR-only answers: follow-up queries resolve SRV, TXT and the address"
ok '! grep -q "[$ESC$BEL]" "$TEST_TMP/d1" && grep -q "Evil" "$TEST_TMP/d1"' \
    "escape sequences and bells in a peer's name never reach the output"
ok '[ -s "$TEST_TMP/d1" ] &&
    awk -F "$TAB" "NF != 4 { bad = 1 } END { exit bad }" "$TEST_TMP/d1"' \
    "a tab inside a peer's name does not add a field"
ok 'discover_until "$TEST_TMP/d2" \
    "Six${TAB}[$LL3%v2]:7001${TAB}users=4${TAB}rooms=5" 5' \
    "an IPv6-only host: [link-local%interface]:port"
diag "$(cat -v "$TEST_TMP/d1")"
kill "$FAKE" 2>/dev/null

# Port 5353 held without address reuse: only the ephemeral port works.
ip netns exec "$NS_H1" "$TUI_CHATD" --listen 0.0.0.0:6667 --name "Direct" \
    2>"$TEST_TMP/chatd.log" &
DPID=$!
at_exit "stop_daemon $DPID"
ip netns exec "$NS_H2" /usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 5353))
s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
s6.bind(("::", 5353))
print("held", flush=True)
time.sleep(float(sys.argv[1]))' 20 >"$TEST_TMP/block.log" 2>&1 &
BLOCK=$!
at_exit "kill $BLOCK 2>/dev/null"
i=0
while ! grep -q held "$TEST_TMP/block.log" && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
ok 'grep -q held "$TEST_TMP/block.log"' "port 5353 is held exclusively (IPv4 and IPv6)"
ok 'discover_until "$TEST_TMP/d3" "Direct${TAB}10.77.0.1:6667${TAB}" 5' \
    "with 5353 taken, the one-shot query from an ephemeral port finds it"
kill "$BLOCK" 2>/dev/null
stop_daemon "$DPID"

done_testing
