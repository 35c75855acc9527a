# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced after tests/lib/common.sh by the client's tests: headless
# clients fed through fifos, a private ngIRCd, and tui-chat in a private
# tmux server. Every wait is bounded.

: "${TMUX_BIN:=tmux}"
TUI_LANG=C.UTF-8
_fd_next=3

# server_daemon: start tui-chatd; sets SERVER_PORT.
server_daemon() {
	start_daemon "$@" || return 1
	SERVER_PORT=$DAEMON_PORT
}

# server_ngircd: start a private ngIRCd on a free loopback port; sets
# SERVER_PORT. Returns 77 when ngircd is not installed.
server_ngircd() {
	_ngircd=$(command -v ngircd || echo /usr/sbin/ngircd)
	[ -x "$_ngircd" ] || return 77
	SERVER_PORT=$(free_port)
	cat >"$TEST_TMP/ngircd.conf" <<NGEOF
[Global]
Name = irc.test
Info = tui-chat test server
Listen = 127.0.0.1
Ports = $SERVER_PORT
MotdPhrase = test
PidFile = $TEST_TMP/ngircd.pid
[Limits]
MaxConnectionsIP = 0
[Options]
PAM = no
Ident = no
DNS = no
NGEOF
	"$_ngircd" -n -f "$TEST_TMP/ngircd.conf" >"$TEST_TMP/ngircd.log" 2>&1 &
	_ngpid=$!
	at_exit "stop_daemon $_ngpid"
	wait_port "$SERVER_PORT" 10 || { diag "$(cat "$TEST_TMP/ngircd.log")"; return 1; }
}

# client_start NAME NICK [ARGS...]: a headless tui-chat reading NAME's
# fifo; its JSON goes to $TEST_TMP/NAME.out.
client_start() {
	_name=$1 _nick=$2
	shift 2
	mkfifo "$TEST_TMP/$_name.in"
	"$TUI_CHAT" --headless --nick "$_nick" "$@" "127.0.0.1:$SERVER_PORT" \
	    <"$TEST_TMP/$_name.in" >"$TEST_TMP/$_name.out" \
	    2>"$TEST_TMP/$_name.err" &
	eval "_pid_$_name=$!"
	eval "_fd_$_name=$_fd_next"
	eval "exec $_fd_next>\"$TEST_TMP/$_name.in\""
	_fd_next=$((_fd_next + 1))
	at_exit "kill $! 2>/dev/null"
}

# client_say NAME LINE: type LINE into NAME's input.
client_say() {
	eval "printf '%s\n' \"\$2\" >&\$_fd_$1"
}

# client_wait NAME TEXT [SECONDS]: wait until NAME's output has TEXT
# (ngIRCd delays commands by a second each: the default is generous).
client_wait() {
	_i=0
	_limit=$(( ${3:-30} * 20 ))
	while [ $_i -lt $_limit ]; do
		grep -qF -- "$2" "$TEST_TMP/$1.out" 2>/dev/null && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	diag "$1 did not see: $2"
	return 1
}

# client_wait_count NAME TEXT N [SECONDS]: wait for N lines with TEXT.
client_wait_count() {
	_i=0
	_limit=$(( ${4:-30} * 20 ))
	while [ $_i -lt $_limit ]; do
		[ "$(grep -cF -- "$2" "$TEST_TMP/$1.out")" -ge "$3" ] && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	diag "$1 did not see $3 times: $2"
	return 1
}

# client_has NAME TEXT: whether NAME's output has TEXT now.
client_has() {
	grep -qF -- "$2" "$TEST_TMP/$1.out"
}

# client_end NAME: end NAME's input; wait (bounded) for it to exit and
# set CLIENT_STATUS.
client_end() {
	eval "_f=\$_fd_$1 _p=\$_pid_$1"
	eval "exec $_f>&-"
	_i=0
	while kill -0 "$_p" 2>/dev/null && [ $_i -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	kill -KILL "$_p" 2>/dev/null
	wait "$_p"
	CLIENT_STATUS=$?
}

# json_lines_ok FILE: every line is a JSON object with type and ts.
json_lines_ok() {
	"$PYTHON3" -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    assert isinstance(o, dict) and "type" in o and "ts" in o, line
    assert o["ts"].endswith("Z"), line' "$1"
}

# term_start ARGS...: tui-chat ARGS (no single quotes in them) in a
# private tmux server, TERM_W x TERM_H (80x24).
term_start() {
	# A socket of its own each time: a restarted client's tmux server
	# must not race the old one's shutdown ("server exited unexpectedly").
	TERM_RUNS=$((${TERM_RUNS:-0} + 1))
	TERM_SOCK="tui-chat-test-$$-$TERM_RUNS"
	mkdir -p "$TEST_TMP/home"
	{
		echo "export LANG=$TUI_LANG LC_ALL=$TUI_LANG HOME='$TEST_TMP/home'"
		echo "export XDG_CONFIG_HOME='$TEST_TMP/home/.config'"
		echo "export XDG_STATE_HOME='$TEST_TMP/home/.state'"
		printf "'%s'" "$TUI_CHAT"
		for _a in "$@"; do
			printf " '%s'" "$_a"
		done
		echo " 2>'$TEST_TMP/term.err'"
		echo "echo \$? >'$TEST_TMP/term.status'"
		echo "sleep 60"
	} >"$TEST_TMP/term.run"
	"$TMUX_BIN" -L "$TERM_SOCK" -f /dev/null new-session -d -s t \
	    -x "${TERM_W:-80}" -y "${TERM_H:-24}" "sh '$TEST_TMP/term.run'"
	at_exit "\"$TMUX_BIN\" -L $TERM_SOCK kill-server 2>/dev/null"
}

# term_keys KEYS...: tmux send-keys.
term_keys() {
	"$TMUX_BIN" -L "$TERM_SOCK" send-keys -t t "$@"
}

# term_type TEXT: type TEXT literally.
term_type() {
	"$TMUX_BIN" -L "$TERM_SOCK" send-keys -t t -l -- "$1"
}

# term_screen: the visible screen as text.
term_screen() {
	"$TMUX_BIN" -L "$TERM_SOCK" capture-pane -p -t t 2>/dev/null
}

# term_row N: row N (1-based) of the screen.
term_row() {
	term_screen | sed -n "${1}p"
}

# term_cursor: "X Y" of the cursor (0-based).
term_cursor() {
	"$TMUX_BIN" -L "$TERM_SOCK" display-message -p -t t \
	    '#{cursor_x} #{cursor_y}'
}

# term_wait TEXT [SECONDS]: wait until the screen shows TEXT.
term_wait() {
	_i=0
	_limit=$(( ${2:-10} * 20 ))
	while [ $_i -lt $_limit ]; do
		term_screen | grep -qF -- "$1" && return 0
		[ -s "$TEST_TMP/term.status" ] && break	# tui-chat exited
		sleep 0.05
		_i=$((_i + 1))
	done
	diag "the screen did not show: $1"
	diag "$(term_screen)"
	return 1
}

# term_wait_count TEXT N [SECONDS]: wait until N rows show TEXT.
term_wait_count() {
	_i=0
	_limit=$(( ${3:-10} * 20 ))
	while [ $_i -lt $_limit ]; do
		[ "$(term_screen | grep -cF -- "$1")" -ge "$2" ] && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	diag "the screen did not show $2 times: $1"
	diag "$(term_screen)"
	return 1
}

# term_wait_gone TEXT [SECONDS]: wait until TEXT is no longer shown.
term_wait_gone() {
	_i=0
	_limit=$(( ${2:-10} * 20 ))
	while [ $_i -lt $_limit ]; do
		term_screen | grep -qF -- "$1" || return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	diag "the screen still shows: $1"
	return 1
}

# term_resize W H
term_resize() {
	"$TMUX_BIN" -L "$TERM_SOCK" resize-window -t t -x "$1" -y "$2"
}

# term_quit: /quit, then whether tui-chat exited 0 with a clean stderr
# (no sanitizer report, no leak).
term_quit() {
	term_keys C-u /quit Enter
	term_exited_ok || return 1
	! grep -q "Sanitizer\|runtime error" "$TEST_TMP/term.err"
}

# term_exited_ok: wait (at most 30 s: sanitizer builds on a busy machine
# are slow to exit) for tui-chat's exit status, and whether it is 0.
term_exited_ok() {
	_i=0
	while [ ! -s "$TEST_TMP/term.status" ] && [ $_i -lt 600 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	[ "$(cat "$TEST_TMP/term.status" 2>/dev/null)" = 0 ]
}
