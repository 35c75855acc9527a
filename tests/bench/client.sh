# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by run.sh: the client figures. Each client (tui-chat --headless,
# tui-chat, irssi, WeeChat; the screen ones in a private tmux server) joins
# #r0 on a fresh tui-chatd and receives a CL_RATE msg/s flood from loadgen
# for CL_DUR seconds, then a marker line. CPU per 100k lines counts the
# client's CPU from the flood's start until the marker is on its screen (or
# in its output), so a client that falls behind pays for all its lines.
# keyecho.py types keys into the screen clients during the flood and times
# their echo on screen.
# Client and tmux run on core 1; server and loadgen on core 0.
# tui-chat shows its nick list (on by default; the room has members) and
# keeps CL_SCROLLBACK lines: a first flood starts from an empty scrollback
# and fills it, a second one (tui-chat-full) runs with it full, so the
# table shows whether a line costs more as the scrollback fills.

CL_RATE=${CL_RATE:-10000}
CL_DUR=${CL_DUR:-10}
CL_KEYS=${CL_KEYS:-100}
CL_SCROLLBACK=${CL_SCROLLBACK:-$((CL_RATE * CL_DUR / 2))}
CL_SOCK="bench-$$"
CL_PIN="taskset -c 1"
CL_PIN_LG="taskset -c 0"
TMUX_BIN=${TMUX_BIN:-tmux}
if [ "$(id -u)" = 0 ] && [ "$NICE" != 0 ]; then
	CL_PIN="nice -n $NICE $CL_PIN"
	CL_PIN_LG="nice -n $NICE $CL_PIN_LG"
fi
[ "$NCPU" -ge 2 ] || { CL_PIN=""; CL_PIN_LG=""; }

# cl_joined NICK: wait (at most 40 s: irssi joins only seconds after it
# registers) until NICK is in #r0 on the server.
cl_joined() {
	"$PYTHON3" - "$SRV_PORT" "$1" <<-'EOF'
	import socket, sys, time
	port, nick = int(sys.argv[1]), sys.argv[2].lower()
	s = socket.create_connection(("127.0.0.1", port), timeout=5)
	# A member sees invisible (+i) members, as irssi makes itself.
	s.sendall(b"NICK benchw\r\nUSER w 0 * :w\r\nJOIN #r0\r\n")
	buf = b""
	for _ in range(200):
	    s.sendall(b"NAMES #r0\r\n")
	    end = time.monotonic() + 0.2
	    while time.monotonic() < end:
	        s.settimeout(max(0.01, end - time.monotonic()))
	        try:
	            data = s.recv(65536)
	        except socket.timeout:
	            break
	        if not data:
	            sys.exit(1)
	        buf += data
	    for line in buf.decode(errors="replace").split("\r\n"):
	        w = line.split(" ")
	        if len(w) > 5 and w[1] == "353":
	            names = [n.lstrip(":@+").lower() for n in w[5:]]
	            if nick in names:
	                sys.exit(0)
	    buf = b""
	sys.exit(1)
	EOF
}

# cl_cpu PID: CPU time of PID so far, in ns.
cl_cpu() {
	awk '{ print $1 }' "/proc/$1/schedstat" 2>/dev/null || echo 0
}

# cl_flood NAME PID: the flood; loadgen samples the client's CPU over its
# run window (as if it were the server).
cl_flood() {
	$CL_PIN_LG "$LOADGEN" --port "$SRV_PORT" --server-pid "$2" \
	    --scenario latency --clients 2 --rooms 1 --rate "$CL_RATE" \
	    --warmup 1 --duration "$CL_DUR" --timeout 30 \
	    2>"$TEST_TMP/cl-$1.err"
}

# cl_marker: one last message after the flood ($CL_MARK, BENCHEND unless
# set); a client that shows it has handled every line before it (a room's
# order is kept).
cl_marker() {
	"$PYTHON3" - "$SRV_PORT" "${CL_MARK:-BENCHEND}" <<-'EOF'
	import socket, sys, time
	s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
	s.sendall(b"NICK benchm\r\nUSER m 0 * :m\r\nJOIN #r0\r\n"
	          b"PRIVMSG #r0 :" + sys.argv[2].encode() + b"\r\nQUIT\r\n")
	end = time.monotonic() + 5
	while time.monotonic() < end and s.recv(65536):
	    pass
	EOF
}

# cl_wait_marker CHECK: run CHECK (a command) until it succeeds, 120 s at
# most: a client far behind the flood still has to finish.
cl_wait_marker() {
	_i=0
	while [ $_i -lt 600 ]; do
		eval "$1" && return 0
		sleep 0.2
		_i=$((_i + 1))
	done
	return 1
}

# cl_measure NAME PID CHECK [EXTRA]: flood, marker, and the client's CPU
# from the flood's start until it showed the marker, per 100k lines.
cl_measure() {
	_c0=$(cl_cpu "$2")
	LG_LINE=$(cl_flood "$1" "$2")
	cl_marker
	_done=1
	cl_wait_marker "$3" || _done=0
	_c1=$(cl_cpu "$2")
	_sent=$(get sent)
	_cores=$(get server_cpu)
	_per=$(awk -v a="$_c0" -v b="$_c1" -v n="$_sent" \
	    'BEGIN { if (n > 0) printf "%.3f", (b - a) / 1e9 * 100000 / n;
	    else print -1 }')
	_ok=$(get ok)
	[ "$_done" = 1 ] || _ok=0
	echo "$1 client_cpu cpu_per_100k=$_per client_cores=$_cores" \
	    "rate=$(get del_rate) lines=$_sent caught_up=$_done $4 ok=$_ok" \
	    >>"$RESULTS"
	note "$1: $_per CPU s per 100k lines ($_sent lines; $_cores cores" \
	    "during the flood; caught up: $_done) $4"
}

# cl_headless: tui-chat --headless, its JSON events to a file.
cl_headless() {
	_fifo="$TEST_TMP/headless.in"
	mkfifo "$_fifo" || return
	$CL_PIN "$TUI_CHAT" --headless --nick benchc --join '#r0' \
	    "127.0.0.1:$SRV_PORT" <"$_fifo" >"$TEST_TMP/headless.out" \
	    2>"$TEST_TMP/headless.err" &
	_cpid=$!
	exec 9>"$_fifo"
	if cl_joined benchc; then
		cl_measure tui-chat-headless "$_cpid" \
		    "grep -q BENCHEND '$TEST_TMP/headless.out'"
		_got=$(grep -c '"type":"msg"' "$TEST_TMP/headless.out")
		# Every flood line and the marker, each exactly once.
		[ "$_got" -eq $(($(get sent) + 1)) ] ||
		    note "tui-chat --headless printed $_got messages of" \
		    "$(($(get sent) + 1))"
	else
		note "tui-chat --headless did not join"
		echo "tui-chat-headless client_cpu ok=0 error=join" >>"$RESULTS"
	fi
	echo /quit >&9
	exec 9>&-
	stop_daemon "$_cpid"
}

# cl_screen_flood NAME PID: one flood into the screen client in tmux (its
# marker line looked for on the screen), keys typed meanwhile.
cl_screen_flood() {
	# Keys during the flood's run window (after loadgen's warmup).
	(sleep 1.5; "$PYTHON3" "$top_srcdir/tests/bench/keyecho.py" \
	    "$CL_SOCK" c "$CL_KEYS" 60 >"$TEST_TMP/keys-$1") &
	_kpid=$!
	cl_measure "$1" "$2" "'$TMUX_BIN' -L '$CL_SOCK' \
	    capture-pane -p -t c | grep -q ${CL_MARK:-BENCHEND}"
	wait $_kpid
	_keys=$(cat "$TEST_TMP/keys-$1")
	echo "$1 client_key $_keys" >>"$RESULTS"
	note "$1: $_keys"
}

# cl_screen NAME NICK CMD...: a screen client in tmux: CPU and key echo.
cl_screen() {
	_name=$1
	_nick=$2
	shift 2
	$CL_PIN "$TMUX_BIN" -L "$CL_SOCK" -f /dev/null new-session -d -s c \
	    -x 160 -y 48 "exec $*" || return
	_cpid=$("$TMUX_BIN" -L "$CL_SOCK" display -p -t c '#{pane_pid}')
	# The tmux server made its own session (so its own autogroup): give
	# it the priority run.sh gave ours.
	_tpid=$("$TMUX_BIN" -L "$CL_SOCK" display -p -t c '#{pid}')
	[ "$(id -u)" = 0 ] && [ "$NICE" != 0 ] &&
	    [ -w "/proc/$_tpid/autogroup" ] &&
	    echo "$NICE" >"/proc/$_tpid/autogroup"
	if cl_joined "$_nick"; then
		sleep 0.5
		cl_screen_flood "$_name" "$_cpid"
		if [ "$_name" = tui-chat ]; then
			# Again, the scrollback full from the first flood.
			CL_MARK=BENCHTWO cl_screen_flood tui-chat-full "$_cpid"
		fi
	else
		note "$_name did not join #r0; its screen:"
		"$TMUX_BIN" -L "$CL_SOCK" capture-pane -p -t c 2>&1 |
		    grep -v '^$' | tail -8 >&2
		echo "$_name client_cpu ok=0 error=join" >>"$RESULTS"
	fi
	"$TMUX_BIN" -L "$CL_SOCK" kill-server 2>/dev/null
}

# cl_run NAME: one client against a fresh tui-chatd.
cl_run() {
	SENDQ_SAVED=$SENDQ
	SENDQ=268435456		# a slow client is measured, not dropped
	if ! start_server tui-chatd; then
		SENDQ=$SENDQ_SAVED
		return
	fi
	SENDQ=$SENDQ_SAVED
	_home="$TEST_TMP/home-$1"
	mkdir -p "$_home"
	export LANG=C.UTF-8
	case $1 in
	tui-chat-headless) cl_headless ;;
	tui-chat)
		mkdir -p "$_home/tui-chat"
		echo "scrollback = $CL_SCROLLBACK" >"$_home/tui-chat/config"
		cl_screen tui-chat benchc env XDG_CONFIG_HOME="$_home" \
		    XDG_DATA_HOME="$_home" "$TUI_CHAT" --nick benchc \
		    --join "'#r0'" "127.0.0.1:$SRV_PORT" ;;
	irssi)
		cl_irssi_conf "$_home"
		cl_screen irssi benchi irssi --home="$_home" ;;
	weechat)
		cl_screen weechat benchw2 weechat -d "$_home" -r \
		    "'/set logger.file.auto_log off;/server add bench 127.0.0.1/$SRV_PORT;/set irc.server.bench.nicks benchw2;/set irc.server.bench.autojoin #r0;/connect bench'" ;;
	esac
	stop_daemon "$SRV_PID"
}

# cl_irssi_conf DIR: autoconnect to the bench server and join #r0 (the
# channel's autojoin waits for more than tui-chatd's 422 here).
cl_irssi_conf() {
	cat >"$1/config" <<-EOF
	servers = ( { address = "127.0.0.1"; chatnet = "bench";
	    port = "$SRV_PORT"; autoconnect = "yes"; } );
	chatnets = { bench = { type = "IRC"; autosendcmd = "/join #r0"; }; };
	settings = {
	  core = { real_name = "bench"; user_name = "bench"; nick = "benchi";
	    settings_autosave = "no"; };
	  "fe-common/core" = { autolog = "no"; };
	};
	EOF
}

for _c in ${CL_LIST:-tui-chat-headless tui-chat irssi weechat}; do
	case $_c in
	irssi|weechat)
		command -v $_c >/dev/null || {
			note "$_c is not installed: skipped"
			continue
		} ;;
	esac
	cl_run $_c
done
