# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by tests/discovery/*.sh after tests/lib/common.sh: a simulated LAN
# of network namespaces. Hosts NS_H1..NS_H3 each have one veth (v1..v3,
# 10.77.0.N/24 and an IPv6 link-local address) whose peer sits on a bridge
# in a fourth namespace, so nothing is configured in the root namespace.
# Everything created here is removed by the at_exit cleanups.

NS_PREFIX="tcd$$"
NS_BR="${NS_PREFIX}br"
NS_H1="${NS_PREFIX}h1"
NS_H2="${NS_PREFIX}h2"
NS_H3="${NS_PREFIX}h3"

# A test killed by a broken pipe or a hang-up still removes its LAN.
trap 'exit 129' HUP
trap 'exit 141' PIPE

# netns_reap: delete namespaces left by a run of ours that was killed
# outright (SIGKILL runs no cleanup): tcdPID* whose PID is gone.
netns_reap() {
	ip netns list 2>/dev/null | sed -n 's/^\(tcd[0-9][0-9]*\)\(h[0-9]\|br\)\( .*\)\{0,1\}$/\1 \1\2/p' |
	    while read -r _prefix _ns; do
		kill -0 "${_prefix#tcd}" 2>/dev/null && continue
		ip netns del "$_ns" 2>/dev/null
	done
}

# netns_skip_reason: print why this machine cannot run the LAN, or nothing.
netns_skip_reason() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "needs root for network namespaces"
		return
	fi
	if ! command -v ip >/dev/null 2>&1; then
		echo "ip (iproute2) is not installed"
		return
	fi
	if ! ip netns add "${NS_PREFIX}probe" 2>/dev/null; then
		echo "ip netns is not available here"
		return
	fi
	ip netns del "${NS_PREFIX}probe"
}

# netns_require PROG...: unless namespaces work here and every PROG is
# built, say why as a TAP skip and end the test.
netns_require() {
	_reason=$(netns_skip_reason)
	for _prog in "$@"; do
		[ -n "$_reason" ] && break
		[ -x "$_prog" ] || _reason="$_prog is not built"
	done
	if [ -n "$_reason" ]; then
		echo "1..0 # SKIP $_reason"
		exit 0
	fi
}

# in_ns NS CMD...: run a command inside a namespace.
in_ns() {
	_ns=$1
	shift
	ip netns exec "$_ns" "$@"
}

# netns_host N: create host N, its veth and its addresses.
netns_host() {
	_h="${NS_PREFIX}h$1"
	ip netns add "$_h" || return 1
	at_exit "ip netns del $_h 2>/dev/null"
	# No duplicate address detection: link-local IPv6 is usable at once.
	in_ns "$_h" sysctl -q -w net.ipv6.conf.default.accept_dad=0 \
	    net.ipv6.conf.all.accept_dad=0 >/dev/null || return 1
	ip -n "$_h" link add "v$1" type veth peer name "p$1" netns "$NS_BR" ||
	    return 1
	ip -n "$NS_BR" link set "p$1" master br0 up || return 1
	ip -n "$_h" link set lo up || return 1
	ip -n "$_h" addr add "10.77.0.$1/24" dev "v$1" || return 1
	ip -n "$_h" link set "v$1" up || return 1
	# Where IPv4 multicast goes: there is no default route on this LAN.
	ip -n "$_h" route add 224.0.0.0/4 dev "v$1" || return 1
}

# netns_lan: the bridge namespace and three hosts.
netns_lan() {
	netns_reap
	ip netns add "$NS_BR" || return 1
	at_exit "ip netns del $NS_BR 2>/dev/null"
	ip -n "$NS_BR" link add br0 type bridge || return 1
	# No IGMP/MLD snooping: no querier runs here, flood every group.
	ip -n "$NS_BR" link set br0 type bridge mcast_snooping 0 || return 1
	ip -n "$NS_BR" link set br0 up || return 1
	netns_host 1 && netns_host 2 && netns_host 3
}

# netns_wait_ll N: wait (bounded) until host N has its link-local IPv6.
netns_wait_ll() {
	_i=0
	while [ $_i -lt 50 ]; do
		ip -n "${NS_PREFIX}h$1" -6 addr show dev "v$1" scope link |
		    grep -q 'inet6' && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# avahi_start N: a private D-Bus system bus and avahi-daemon in host N.
# Sets nothing global; use avahi_env N to talk to it.
avahi_start() {
	_h="${NS_PREFIX}h$1"
	_d="$TEST_TMP/avahi$1"
	mkdir -p "$_d/run" || return 1
	cat >"$_d/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$_d/bus.sock</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
EOF
	cat >"$_d/avahi.conf" <<EOF
[server]
host-name=avahi-host$1
use-ipv4=yes
use-ipv6=yes
allow-interfaces=v$1
enable-dbus=yes
ratelimit-burst=1000
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
[reflector]
enable-reflector=no
EOF
	dbus-daemon --config-file="$_d/bus.conf" --nofork --nopidfile \
	    2>"$_d/dbus.log" &
	echo $! >"$_d/dbus.pid"
	at_exit "kill \$(cat $_d/dbus.pid) 2>/dev/null"
	_i=0
	while [ ! -S "$_d/bus.sock" ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -S "$_d/bus.sock" ] || return 1
	# avahi-daemon keeps its pid file and socket in /run/avahi-daemon:
	# give this instance its own, visible only in its mount namespace.
	mkdir -p /run/avahi-daemon || return 1
	ip netns exec "$_h" unshare --mount --propagation private sh -c '
	    mount --bind "$1/run" /run/avahi-daemon &&
	    DBUS_SYSTEM_BUS_ADDRESS="unix:path=$1/bus.sock" exec avahi-daemon \
	    --no-drop-root --no-chroot --no-rlimits -f "$1/avahi.conf"' sh \
	    "$_d" >"$_d/avahi.log" 2>&1 &
	echo $! >"$_d/avahi.pid"
	at_exit "kill \$(cat $_d/avahi.pid) 2>/dev/null; sleep 0.2"
	# Ready when it has its name on the bus.
	_i=0
	while [ $_i -lt 100 ]; do
		grep -q 'Server startup complete' "$_d/avahi.log" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# avahi_run N CMD...: run an avahi client command in host N on its bus.
avahi_run() {
	_n=$1
	shift
	DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TEST_TMP/avahi$_n/bus.sock" \
	    in_ns "${NS_PREFIX}h$_n" "$@"
}

# zeroconf_until HOST FILE PATTERN: python3-zeroconf in host HOST (1-3)
# until its output (FILE) has PATTERN.
zeroconf_until() {
	_i=0
	while [ $_i -lt 3 ]; do
		ip netns exec "${NS_PREFIX}h$1" timeout 20 /usr/bin/python3 \
		    "$top_srcdir/tests/discovery/zeroconf_browse.py" 4 \
		    >"$2" 2>&1
		grep -qF -- "$3" "$2" && return 0
		_i=$((_i + 1))
	done
	diag "zeroconf printed:"
	diag "$(cat "$2")"
	return 1
}

# discover_until FILE PATTERN [TRIES [-x]]: tui-chat --discover in host 2,
# up to TRIES runs (10), until its output (FILE) has PATTERN (with -x: as a
# whole line, so that no extra field passes).
discover_until() {
	_i=0
	while [ $_i -lt "${3:-10}" ]; do
		ip netns exec "$NS_H2" "$TUI_CHAT" --discover >"$1" \
		    2>>"$TEST_TMP/discover.log"
		# shellcheck disable=SC2086
		grep -q ${4:-} -F -- "$2" "$1" && return 0
		_i=$((_i + 1))
	done
	diag "tui-chat --discover printed:"
	diag "$(cat -v "$1")"
	return 1
}

# screen_wait TEXT: wait (bounded) until the screen of the client in tmux
# session t on socket TMUX_SOCK shows TEXT.
screen_wait() {
	_i=0
	while [ $_i -lt 200 ]; do
		"$TMUX_BIN" -L "$TMUX_SOCK" capture-pane -p -t t 2>/dev/null |
		    grep -qF -- "$1" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	diag "the screen does not show: $1"
	diag "$("$TMUX_BIN" -L "$TMUX_SOCK" capture-pane -p -t t 2>&1)"
	return 1
}
