# SPDX-License-Identifier: GPL-3.0-or-later
# The start-up picker and /discover on the real screen, on a simulated LAN
# (network namespaces, see netns.sh): tui-chatd "Alpha Chat" in host 1 and
# "Beta Chat" in host 3; in host 2, `tui-chat` without a server runs in a
# private tmux server (80x24) living in that namespace. The picker lists
# both servers with their addresses; the arrow keys and Enter pick Alpha,
# and the client registers there (a headless watcher in host 1 sees it
# join and talk). A second client types /connect at the picker instead;
# /discover typed on the screen lists the servers again. Needs root.

. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/discovery/netns.sh"

PORT=6667
: "${TMUX_BIN:=tmux}"
TMUX_SOCK="tui-chat-picker-$$"

netns_require "$TUI_CHATD" "$TUI_CHAT"
if ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

plan 12

# daemon_start HOST NAME: tui-chatd (discovery on) in host HOST.
daemon_start() {
	ip netns exec "${NS_PREFIX}h$1" "$TUI_CHATD" \
	    --listen "0.0.0.0:$PORT" --name "$2" \
	    --state-dir "$TEST_TMP/state-h$1" \
	    2>>"$TEST_TMP/chatd$1.log" &
	at_exit "stop_daemon $!"
}

# ns_wait_port HOST: wait (bounded) until tui-chatd listens in host HOST.
ns_wait_port() {
	_i=0
	while [ $_i -lt 100 ]; do
		ip netns exec "${NS_PREFIX}h$1" "$PYTHON3" -c 'import socket, sys
s = socket.socket()
try:
    s.connect(("10.77.0." + sys.argv[1], int(sys.argv[2])))
except OSError:
    sys.exit(1)' "$1" "$PORT" 2>/dev/null && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	diag "nothing listens in host $1: $(cat "$TEST_TMP/chatd$1.log")"
	return 1
}

# watcher_start: a headless tui-chat in host 1 on Alpha, in #pick; its
# JSON events go to $TEST_TMP/watcher.out. Its input stays open (fd 3).
watcher_start() {
	mkfifo "$TEST_TMP/watcher.in" || return 1
	ip netns exec "$NS_H1" "$TUI_CHAT" --headless --nick watcher \
	    --join '#pick' "127.0.0.1:$PORT" <"$TEST_TMP/watcher.in" \
	    >"$TEST_TMP/watcher.out" 2>"$TEST_TMP/watcher.err" &
	at_exit "kill $! 2>/dev/null"
	exec 3>"$TEST_TMP/watcher.in"
	at_exit "exec 3>&-"
}

# wait_file FILE TEXT [SECONDS]: wait (bounded) until FILE has TEXT.
wait_file() {
	_i=0
	_limit=$(( ${3:-20} * 10 ))
	while [ $_i -lt $_limit ]; do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	diag "$1 does not have: $2"
	diag "$(cat "$1" 2>/dev/null)"
	return 1
}

# term_start WINDOW NICK: tui-chat --nick NICK without a server, in host 2,
# as window WINDOW of the private tmux server (created with the first).
term_start() {
	mkdir -p "$TEST_TMP/home-$1"
	cat >"$TEST_TMP/$1.run" <<EOF
export LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME='$TEST_TMP/home-$1'
export XDG_CONFIG_HOME='$TEST_TMP/home-$1/.config'
export XDG_STATE_HOME='$TEST_TMP/home-$1/.state'
'$TUI_CHAT' --nick '$2' 2>'$TEST_TMP/$1.err'
echo \$? >'$TEST_TMP/$1.status'
sleep 60
EOF
	if [ "$1" = one ]; then
		# The tmux server forks from here: it lives in host 2.
		ip netns exec "$NS_H2" "$TMUX_BIN" -L "$TMUX_SOCK" -f /dev/null \
		    new-session -d -s t -n one -x 80 -y 24 \
		    "sh '$TEST_TMP/one.run'" || return 1
		_sock=$("$TMUX_BIN" -L "$TMUX_SOCK" display-message -p \
		    '#{socket_path}')
		# kill-server leaves the socket file of a server in a netns.
		at_exit "\"$TMUX_BIN\" -L $TMUX_SOCK kill-server 2>/dev/null;
		    rm -f '$_sock'"
	else
		"$TMUX_BIN" -L "$TMUX_SOCK" new-window -d -t t -n "$1" \
		    "sh '$TEST_TMP/$1.run'" || return 1
	fi
}

# screen WINDOW: the visible screen of WINDOW.
screen() {
	"$TMUX_BIN" -L "$TMUX_SOCK" capture-pane -p -t "t:$1" 2>/dev/null
}

# keys WINDOW KEYS...: tmux send-keys to WINDOW.
keys() {
	_w=$1
	shift
	"$TMUX_BIN" -L "$TMUX_SOCK" send-keys -t "t:$_w" "$@"
}

# screen_wait WINDOW TEXT [SECONDS]: wait until WINDOW shows TEXT.
screen_wait() {
	_i=0
	_limit=$(( ${3:-20} * 10 ))
	while [ $_i -lt $_limit ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	diag "window $1 does not show: $2"
	diag "$(screen "$1")"
	return 1
}

# screen_gone WINDOW TEXT [SECONDS]: wait until WINDOW no longer shows TEXT.
screen_gone() {
	_i=0
	_limit=$(( ${3:-20} * 10 ))
	while [ $_i -lt $_limit ]; do
		screen "$1" | grep -qF -- "$2" || return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	diag "window $1 still shows: $2"
	diag "$(screen "$1")"
	return 1
}

# menu_rows WINDOW: the screen rows (1-based) of the picker's entries.
menu_rows() {
	screen "$1" | grep -n -e "^[> ] .* 10\.77\.0\.[0-9]:$PORT  users=" |
	    cut -d: -f1
}

# menu_pick WINDOW NAME: with the arrow keys, move the selection ("> ")
# down to the last entry (it stops there), then up onto NAME; Enter.
menu_pick() {
	_rows=$(menu_rows "$1")
	_last=$(echo "$_rows" | tail -n 1)
	_target=$(screen "$1" | grep -n -e "^[> ] $2 " | cut -d: -f1)
	[ -n "$_last" ] && [ -n "$_target" ] || return 1
	for _r in $_rows; do
		keys "$1" Down
	done
	_i=0
	while [ $_i -lt 50 ]; do
		screen "$1" | sed -n "${_last}p" | grep -q '^> ' && break
		sleep 0.1
		_i=$((_i + 1))
	done
	if [ $_i -ge 50 ]; then
		diag "Down did not select the last entry (row $_last):"
		diag "$(screen "$1")"
		return 1
	fi
	_n=$((_last - _target))
	while [ $_n -gt 0 ]; do
		keys "$1" Up
		_n=$((_n - 1))
	done
	screen_wait "$1" "> $2 " 5 || return 1
	keys "$1" Enter
}

if ! netns_lan || ! netns_wait_ll 1 || ! netns_wait_ll 2 ||
    ! netns_wait_ll 3; then
	fail "simulated LAN set up"
	exit 1
fi

daemon_start 1 "Alpha Chat"
daemon_start 3 "Beta Chat"
ok 'ns_wait_port 1 && ns_wait_port 3' "tui-chatd listens in hosts 1 and 3"
watcher_start
ok 'wait_file "$TEST_TMP/watcher.out" "\"type\":\"join\",\"room\":\"#pick\""' \
    "a headless watcher in host 1 is in #pick"

# 1. The start-up picker lists both servers; arrows and Enter pick Alpha.
term_start one picker
ok 'screen_wait one "Servers on the LAN" 20 &&
    screen_wait one "Alpha Chat               10.77.0.1:$PORT" 20 &&
    screen_wait one "Beta Chat                10.77.0.3:$PORT" 20' \
    "the picker lists both servers with their names and addresses"
screen one | grep -e 'Servers on the LAN' -e ' 10\.77\.0\.' |
    sed 's/^/# picker: /'
ok 'menu_pick one "Alpha Chat"' \
    "the arrow keys move the selection onto Alpha Chat, Enter picks it"
ok 'screen_gone one "Servers on the LAN" 10' "the picker closes"
keys one /join Space '#pick' Enter
ok 'wait_file "$TEST_TMP/watcher.out" \
    "\"type\":\"join\",\"room\":\"#pick\",\"from\":\"picker\""' \
    "the picked client registered on Alpha and joined #pick"
keys one -l "picked from the LAN"
keys one Enter
ok 'wait_file "$TEST_TMP/watcher.out" \
    "\"from\":\"picker\",\"text\":\"picked from the LAN\""' \
    "its message reaches the watcher"

# 2. /discover typed on the screen lists the servers found again.
keys one /discover Enter
ok 'screen_wait one "Servers on the LAN" 20 &&
    screen_wait one "Alpha Chat               10.77.0.1:$PORT" 20 &&
    screen_wait one "Beta Chat                10.77.0.3:$PORT" 20' \
    "/discover on the screen lists both servers"

# 3. At the picker, typing an address instead of picking.
term_start two typer
ok 'screen_wait two "Alpha Chat" 20' "a second client shows the picker"
keys two -l "/connect 10.77.0.1:$PORT"
keys two Enter
ok 'screen_gone two "Servers on the LAN" 10' \
    "/connect typed at the picker closes it"
keys two /join Space '#pick' Enter
keys two -l "typed the address"
keys two Enter
ok 'wait_file "$TEST_TMP/watcher.out" \
    "\"from\":\"typer\",\"text\":\"typed the address\""' \
    "the typed address connects: its message reaches the watcher"
ok '[ ! -s "$TEST_TMP/one.status" ] && [ ! -s "$TEST_TMP/two.status" ] &&
    [ ! -s "$TEST_TMP/one.err" ] && [ ! -s "$TEST_TMP/two.err" ]' \
    "both clients are still running, nothing on their stderr"
done_testing
