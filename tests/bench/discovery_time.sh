# SPDX-License-Identifier: GPL-3.0-or-later
# Discovery timing on the simulated LAN of tests/discovery/netns.sh (root
# only). For RUNS rounds: tui-chatd starts in host 1 while avahi-browse runs
# in host 2; prints the time from start until avahi-browse resolved it,
# until a back-to-back `tui-chat --discover` in host 2 listed it, and from
# SIGTERM until avahi-browse removed it. Figures only, nothing asserted.
# Usage: make bench-discovery [RUNS=N]

. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/discovery/netns.sh"

RUNS=${RUNS:-3}
PORT=6667

reason=$(netns_skip_reason)
if [ -n "$reason" ]; then
	echo "discovery_time: skipped: $reason"
	exit 0
fi
netns_lan && netns_wait_ll 1 && netns_wait_ll 2 || {
	echo "discovery_time: cannot build the LAN" >&2
	exit 1
}
avahi_start 2 || {
	echo "discovery_time: cannot start avahi-daemon" >&2
	exit 1
}

# now: seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }

# since T0 T1: T1 - T0 in milliseconds.
since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }

# wait_for FILE PATTERN: poll every 10 ms, at most 10 s; 0 when seen.
wait_for() {
	_i=0
	while [ $_i -lt 1000 ]; do
		grep -qF -- "$2" "$1" && return 0
		sleep 0.01
		_i=$((_i + 1))
	done
	return 1
}

printf '%-4s %14s %16s %14s\n' run "avahi found ms" "tui-chat found ms" \
    "removed ms"
r=1
while [ $r -le "$RUNS" ]; do
	live="$TEST_TMP/live$r"
	DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TEST_TMP/avahi2/bus.sock" \
	    ip netns exec "$NS_H2" stdbuf -oL avahi-browse -rp _irc._tcp \
	    >"$live" 2>&1 &
	browse=$!
	at_exit "kill $browse 2>/dev/null"
	sleep 0.5
	t0=$(now)
	ip netns exec "$NS_H1" "$TUI_CHATD" --listen "0.0.0.0:$PORT" \
	    --name "Bench $r" 2>"$TEST_TMP/chatd$r.log" &
	pid=$!
	at_exit "stop_daemon $pid"
	# avahi-browse is watched in the background while our client runs,
	# back to back, until it lists the server.
	(wait_for "$live" "=;v2;IPv4;Bench\\032$r;" &&
	    now >"$TEST_TMP/found$r") &
	watcher=$!
	ours="-"
	i=0
	while [ $i -lt 10 ]; do
		if ip netns exec "$NS_H2" "$TUI_CHAT" --discover 2>/dev/null |
		    grep -q "^Bench $r	"; then
			ours=$(since "$t0" "$(now)")
			break
		fi
		i=$((i + 1))
	done
	wait "$watcher"
	found="-"
	[ -s "$TEST_TMP/found$r" ] &&
	    found=$(since "$t0" "$(cat "$TEST_TMP/found$r")")
	t2=$(now)
	kill -TERM "$pid"
	gone="-"
	wait_for "$live" "-;v2;IPv4;Bench\\032$r;" && gone=$(since "$t2" "$(now)")
	wait "$pid" 2>/dev/null
	kill "$browse" 2>/dev/null
	printf '%-4s %14s %16s %14s\n' "$r" "$found" "$ours" "$gone"
	r=$((r + 1))
done
