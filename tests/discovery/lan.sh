# SPDX-License-Identifier: GPL-3.0-or-later
# LAN discovery on a simulated LAN (three network namespaces on a bridge):
# tui-chatd in host 1 is found from host 2 by `tui-chat --discover`, by
# avahi-browse (avahi-daemon on a private D-Bus) and by python3-zeroconf;
# its goodbye removes it; two daemons with one name end up with two; our
# client finds a service published by avahi-publish; and all of it still
# works with avahi-daemon running beside tui-chatd. Needs root.

. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/discovery/netns.sh"

PORT=6667
TAB=$(printf '\t')

netns_require "$TUI_CHATD" "$TUI_CHAT"
have_avahi=1
for cmd in avahi-daemon avahi-browse avahi-publish dbus-daemon unshare; do
	command -v "$cmd" >/dev/null 2>&1 || have_avahi=0
done
have_zeroconf=1
/usr/bin/python3 -c 'import zeroconf' 2>/dev/null || have_zeroconf=0

plan 17

# skip DESCRIPTION REASON: a TAP skip.
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# daemon_start HOST NAME [ARGS...]: tui-chatd in host HOST; sets DPID.
daemon_start() {
	_host=$1
	_name=$2
	shift 2
	ip netns exec "${NS_PREFIX}h$_host" "$TUI_CHATD" \
	    --listen "0.0.0.0:$PORT" --name "$_name" "$@" \
	    2>>"$TEST_TMP/chatd$_host.log" &
	DPID=$!
	at_exit "stop_daemon $DPID"
}

# discover HOST: one `tui-chat --discover` run in host HOST.
discover() {
	ip netns exec "${NS_PREFIX}h$1" "$TUI_CHAT" --discover \
	    2>>"$TEST_TMP/discover.log"
}

# discover_until HOST FILE PATTERN: run discovery (at most 8 times) until
# its output, kept in FILE, has a line matching the fixed PATTERN.
discover_until() {
	_i=0
	while [ $_i -lt 8 ]; do
		discover "$1" >"$2"
		grep -qF -- "$3" "$2" && return 0
		_i=$((_i + 1))
	done
	diag "tui-chat --discover printed:"
	diag "$(cat "$2")"
	return 1
}

# avahi_browse_until HOST FILE PATTERN: avahi-browse -rpt until PATTERN.
avahi_browse_until() {
	_i=0
	while [ $_i -lt 8 ]; do
		avahi_run "$1" timeout 10 avahi-browse -rpt _irc._tcp >"$2" \
		    2>&1
		grep -qF -- "$3" "$2" && return 0
		sleep 0.5
		_i=$((_i + 1))
	done
	diag "avahi-browse printed:"
	diag "$(cat "$2")"
	return 1
}

# wait_line FILE PATTERN TENTHS: wait until FILE has PATTERN.
wait_line() {
	_i=0
	while [ $_i -lt "$3" ]; do
		grep -qF -- "$2" "$1" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

if ! netns_lan || ! netns_wait_ll 1 || ! netns_wait_ll 2 ||
    ! netns_wait_ll 3; then
	fail "simulated LAN set up"
	exit 1
fi
if [ $have_avahi = 1 ] && ! avahi_start 2; then
	diag "$(cat "$TEST_TMP/avahi2/avahi.log" "$TEST_TMP/avahi2/dbus.log")"
	have_avahi=0
fi

# 1. The daemon in host 1, found from host 2 by our client.
daemon_start 1 "Lan Chat"
ok 'discover_until 2 "$TEST_TMP/d1" "Lan Chat${TAB}10.77.0.1:$PORT${TAB}"' \
    "tui-chat --discover in host 2 finds host 1's daemon, address and port"
ok 'grep -qF "Lan Chat${TAB}10.77.0.1:$PORT${TAB}users=0${TAB}rooms=0" \
    "$TEST_TMP/d1"' "the TXT record gives users=0 rooms=0"

# 2. avahi-browse and python3-zeroconf see it too.
if [ $have_avahi = 1 ]; then
	ok 'avahi_browse_until 2 "$TEST_TMP/a1" \
	    "=;v2;IPv4;Lan\\032Chat;_irc._tcp;local;"' \
	    "avahi-browse -rpt _irc._tcp in host 2 finds it"
	ok 'grep "^=;v2;IPv4;Lan" "$TEST_TMP/a1" |
	    grep -F ";10.77.0.1;$PORT;" | grep -qF "\"v=1\""' \
	    "avahi-browse resolves its address, port and TXT"
	grep '^=' "$TEST_TMP/a1" | sed 's/^/# avahi-browse: /'
else
	skip "avahi-browse finds it" "avahi-daemon/avahi-utils/dbus missing"
	skip "avahi-browse resolves it" "avahi-daemon/avahi-utils/dbus missing"
fi
if [ $have_zeroconf = 1 ]; then
	ok 'zeroconf_until 2 "$TEST_TMP/z1" "Lan Chat${TAB}10.77.0.1:$PORT"' \
	    "python3-zeroconf in host 2 finds it"
else
	skip "python3-zeroconf finds it" "python3-zeroconf is not installed"
fi

# 3. SIGTERM: the goodbye removes it from avahi's cache.
if [ $have_avahi = 1 ]; then
	# Inside host 2, so that avahi-browse names its interface v2.
	DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TEST_TMP/avahi2/bus.sock" \
	    ip netns exec "$NS_H2" stdbuf -oL avahi-browse -rp _irc._tcp \
	    >"$TEST_TMP/live" 2>&1 &
	BROWSE=$!
	at_exit "kill $BROWSE 2>/dev/null"
	wait_line "$TEST_TMP/live" "=;v2;IPv4;Lan\\032Chat" 50
	stop_daemon "$DPID"
	ok 'wait_line "$TEST_TMP/live" "-;v2;IPv4;Lan\\032Chat;_irc._tcp" 30' \
	    "after SIGTERM, avahi-browse drops it (goodbye, bounded 3 s)"
	diag "$(cat "$TEST_TMP/live")"
	kill "$BROWSE" 2>/dev/null
else
	stop_daemon "$DPID"
	skip "the goodbye removes it" "avahi-daemon/avahi-utils/dbus missing"
fi
ok 'grep -q "goodbye" "$TEST_TMP/chatd1.log"' "the daemon logged its goodbye"

# 4. Two daemons with the same name on hosts 1 and 3.
daemon_start 1 "Twin"
TWIN1=$DPID
daemon_start 3 "Twin"
TWIN3=$DPID
ok 'discover_until 2 "$TEST_TMP/d2" "Twin (2)${TAB}"' \
    "two daemons named Twin: one becomes \"Twin (2)\""
ok '[ "$(grep -c "^Twin" "$TEST_TMP/d2")" -eq 2 ] &&
    grep -qF "Twin${TAB}10.77.0." "$TEST_TMP/d2" &&
    [ "$(cut -f2 "$TEST_TMP/d2" | grep -c "^10.77.0.[13]:")" -eq 2 ]' \
    "both are listed, with distinct names and both addresses"
diag "$(cat "$TEST_TMP/d2")"
stop_daemon "$TWIN1"
stop_daemon "$TWIN3"

# 5. A service published by avahi-publish in host 3.
if [ $have_avahi = 1 ] && avahi_start 3; then
	DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TEST_TMP/avahi3/bus.sock" \
	    avahi-publish -s "Avahi Chat" _irc._tcp 6668 v=1 users=5 \
	    rooms=1 >"$TEST_TMP/publish.log" 2>&1 &
	PUB=$!
	at_exit "kill $PUB 2>/dev/null"
	ok 'discover_until 2 "$TEST_TMP/d3" \
	    "Avahi Chat${TAB}10.77.0.3:6668${TAB}users=5${TAB}rooms=1"' \
	    "tui-chat --discover finds a service from avahi-publish"
	kill "$PUB" 2>/dev/null
else
	skip "our client finds avahi-publish's service" "no avahi-daemon"
fi

# 6. avahi-daemon in the daemon's own host: everything still works.
if [ $have_avahi = 1 ] && avahi_start 1; then
	daemon_start 1 "Shared Host"
	ok 'discover_until 2 "$TEST_TMP/d4" \
	    "Shared Host${TAB}10.77.0.1:$PORT${TAB}"' \
	    "with avahi-daemon beside it: tui-chat --discover finds it"
	ok 'discover_until 1 "$TEST_TMP/d5" \
	    "Shared Host${TAB}10.77.0.1:$PORT${TAB}"' \
	    "... and so does a client on the same host as both"
	ok 'avahi_browse_until 2 "$TEST_TMP/a4" \
	    "=;v2;IPv4;Shared\\032Host;_irc._tcp;local;"' \
	    "... and avahi-browse in host 2"
	ok 'avahi_browse_until 1 "$TEST_TMP/a5" \
	    "=;v1;IPv4;Shared\\032Host;_irc._tcp;local;"' \
	    "... and the avahi-daemon next to it"
	if [ $have_zeroconf = 1 ]; then
		ok 'zeroconf_until 2 "$TEST_TMP/z4" \
		    "Shared Host${TAB}10.77.0.1:$PORT"' \
		    "... and python3-zeroconf"
	else
		skip "... and python3-zeroconf" "python3-zeroconf missing"
	fi
	stop_daemon "$DPID"
else
	for t in 1 2 3 4 5; do
		skip "coexistence with avahi-daemon ($t)" "no avahi-daemon"
	done
fi

# 7. --no-discovery: nothing is announced.
daemon_start 3 "Hidden" --no-discovery
sleep 1.5	# an announcing daemon would have announced by now
discover 2 >"$TEST_TMP/d6"
ok '! grep -q "^Hidden" "$TEST_TMP/d6"' \
    "--no-discovery: the daemon is not announced"
stop_daemon "$DPID"

# 8. An address that appears after the start is announced (netlink).
ip -n "$NS_H3" -4 addr flush dev v3
daemon_start 3 "Late"
sleep 1.5
ip -n "$NS_H3" addr add 10.77.0.3/24 dev v3
ip -n "$NS_H3" route replace 224.0.0.0/4 dev v3
ok 'discover_until 2 "$TEST_TMP/d7" "Late${TAB}10.77.0.3:$PORT${TAB}"' \
    "an IPv4 address added after the daemon started is announced"
stop_daemon "$DPID"

done_testing
