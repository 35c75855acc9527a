# SPDX-License-Identifier: GPL-3.0-or-later
# The responder's packet-level rules on the simulated LAN: tui-chatd runs
# in host 1, tests/discovery/packet_rules.py queries it from host 2 (legacy
# unicast, QU, known answers, rate limits, off-link sources, malformed
# packets, TXT updates, goodbye). Needs root and python3-zeroconf.

. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/discovery/netns.sh"

PORT=6667

netns_require "$TUI_CHATD"
if ! /usr/bin/python3 -c 'import zeroconf' 2>/dev/null; then
	echo "1..0 # SKIP python3-zeroconf is not installed"
	exit 0
fi
if ! netns_lan || ! netns_wait_ll 1 || ! netns_wait_ll 2; then
	echo "1..1"
	fail "simulated LAN set up"
	exit 1
fi
# A second subnet on host 2's link: sources in it are not on host 1's link
# (not in its interface's subnet), yet a reply could reach them through
# this route, so only the responder's own check keeps it quiet.
ip -n "$NS_H2" addr add 192.168.99.2/24 dev v2 || exit 1
ip -n "$NS_H1" route add 192.168.99.0/24 dev v1 || exit 1

ip netns exec "$NS_H1" "$TUI_CHATD" --listen "0.0.0.0:$PORT" \
    --name "Rule Check" 2>"$TEST_TMP/chatd.log" &
DPID=$!
at_exit "stop_daemon $DPID"
i=0
while ! grep -q "announcing" "$TEST_TMP/chatd.log" && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 1.2	# past the second announcement: the records are "recent"

ip netns exec "$NS_H2" /usr/bin/python3 \
    "$top_srcdir/tests/discovery/packet_rules.py" 10.77.0.1 v2 192.168.99.2 \
    "Rule Check" "$PORT" "$DPID"
status=$?
wait "$DPID" 2>/dev/null
# A sanitizer report from the daemon (leaks show only at exit) fails the
# run: the TAP driver turns a non-zero exit into an ERROR.
if grep -qE "Sanitizer|runtime error" "$TEST_TMP/chatd.log"; then
	sed 's/^/# /' "$TEST_TMP/chatd.log"
	status=1
fi
exit $status
