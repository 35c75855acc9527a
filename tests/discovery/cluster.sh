# SPDX-License-Identifier: GPL-3.0-or-later
# A cluster on the simulated LAN: tui-chatd --cluster in hosts 1 and 3
# (each with the same Redis URL, so the same default cluster_name) and a
# lone tui-chatd in host 3 beside it. The TXT carries cluster=NAME;
# `tui-chat --discover` in host 2 still prints exactly the four contract
# fields per server; tui-chat's picker shows the two nodes as one cluster
# with its name, and the lone server by itself. Needs root.

. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/discovery/netns.sh"

PORT=6667
RPORT=6390
TAB=$(printf '\t')
: "${TMUX_BIN:=tmux}"
TMUX_SOCK="tui-chat-clusterdisc-$$"

netns_require "$TUI_CHATD" "$TUI_CHAT"
for cmd in "$TMUX_BIN" redis-server; do
	if ! command -v "$cmd" >/dev/null 2>&1; then
		echo "1..0 # SKIP $cmd is not installed"
		exit 0
	fi
done
plan 6
if ! netns_lan || ! netns_wait_ll 1 || ! netns_wait_ll 2 ||
    ! netns_wait_ll 3; then
	fail "simulated LAN set up"
	exit 1
fi

# node HOST NAME PORT [ARGS...]: a redis-server and tui-chatd --cluster
# in host HOST.
node() {
	_h=$1
	_name=$2
	_port=$3
	shift 3
	ip netns exec "${NS_PREFIX}h$_h" redis-server --port "$RPORT" \
	    --bind 127.0.0.1 --save '' --appendonly no \
	    --dir "$TEST_TMP" >/dev/null 2>&1 &
	at_exit "kill $! 2>/dev/null"
	node_daemon "$_h" "$_name" "$_port" --cluster \
	    "redis://127.0.0.1:$RPORT" "$@"
}

# node_daemon HOST NAME PORT [ARGS...]: tui-chatd in host HOST.
node_daemon() {
	_h=$1
	_name=$2
	_port=$3
	shift 3
	ip netns exec "${NS_PREFIX}h$_h" "$TUI_CHATD" \
	    --listen "0.0.0.0:$_port" --name "$_name" \
	    --state-dir "$TEST_TMP/state-$_name" "$@" \
	    2>>"$TEST_TMP/chatd-$_name.log" &
	at_exit "stop_daemon $!"
}

node 1 "Node One" "$PORT"
node 3 "Node Three" "$PORT"
node_daemon 3 "Lone Chat" 6668

ok 'discover_until "$TEST_TMP/d1" "Node One${TAB}10.77.0.1:$PORT" &&
    discover_until "$TEST_TMP/d1" "Node Three${TAB}10.77.0.3:$PORT" &&
    discover_until "$TEST_TMP/d1" "Lone Chat${TAB}10.77.0.3:6668"' \
    "--discover lists both nodes and the lone server"
ok 'awk -F"$TAB" "NF != 4 { bad = 1 } END { exit bad }" "$TEST_TMP/d1"' \
    "--discover: exactly four tab-separated fields on every line"
ok 'zeroconf_until 2 "$TEST_TMP/z1" "cluster=127.0.0.1:$RPORT"' \
    "TXT cluster= carries the default cluster name, HOST:PORT of the URL"

HOMEDIR="$TEST_TMP/home"
mkdir -p "$HOMEDIR"
cat >"$TEST_TMP/client.run" <<EOT
export LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME='$HOMEDIR'
export XDG_CONFIG_HOME='$HOMEDIR/.config' XDG_DATA_HOME='$HOMEDIR/.data'
export XDG_STATE_HOME='$HOMEDIR/.state'
'$TUI_CHAT' --nick pickclu 2>'$TEST_TMP/client.err'
sleep 60
EOT
ip netns exec "$NS_H2" "$TMUX_BIN" -L "$TMUX_SOCK" -f /dev/null \
    new-session -d -s t -x 100 -y 24 "sh '$TEST_TMP/client.run'"
SOCK=$("$TMUX_BIN" -L "$TMUX_SOCK" display-message -p '#{socket_path}')
at_exit "\"$TMUX_BIN\" -L $TMUX_SOCK kill-server 2>/dev/null; rm -f '$SOCK'"
ok 'screen_wait "cluster 127.0.0.1:$RPORT" && screen_wait "2 nodes"' \
    "the picker shows the two nodes as one cluster, with its name"
ok 'screen_wait "  Node One" && screen_wait "  Node Three" &&
    screen_wait "Lone Chat"' \
    "its nodes are listed under it, the lone server by itself"
ok '[ "$("$TMUX_BIN" -L "$TMUX_SOCK" capture-pane -p -t t |
    grep -c "10\.77\.0\.")" -eq 3 ]' \
    "three server rows under one cluster row, nothing counted twice"
