# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by run.sh: the history figures. (a) fan-out with history off
# and on, one after the other in this run (their ratio is the cost of
# history), and the bytes on disk per stored line after the "on" run;
# then a state directory with HIST_LINES lines in one room (written with
# sqlite3 into the daemon's own schema), on which histq.py times the
# daemon's start-up and CHATHISTORY LATEST #bench * 100.

HIST_LINES=${HIST_LINES:-1000000}
HIST_QUERIES=${HIST_QUERIES:-500}

# hist_fanout on|off: the fan-out scenario of run_server, renamed.
hist_fanout() {
	HISTORY=$1
	best "$REPEAT" del_rate hi tui-chatd fanout \
	    --clients $FAN_CLIENTS --rooms 10 --window 128 --msglen 64 \
	    --warmup 1 --duration "$DUR" --conc 8 --timeout 60
	HISTORY=on
	sed -i '$ s/^tui-chatd fanout /tui-chatd fanout_h'"$1"' /' "$RESULTS"
}

# hist_bytes DIR: bytes of the database per stored line.
hist_bytes() {
	_hn=$(sqlite3 "$1/history.db" "SELECT count(*) FROM msg" 2>/dev/null)
	_hb=$(cat "$1"/history.db* 2>/dev/null | wc -c)
	[ -n "$_hn" ] && [ "$_hn" -gt 0 ] || { echo "bytes_per_line=-1"; return; }
	echo "bytes_per_line=$((_hb / _hn)) stored=$_hn"
}

# hist_fill DIR N: the schema from the daemon, then N lines in #bench.
hist_fill() {
	_hp=$(free_port)
	"$TUI_CHATD" --listen "127.0.0.1:$_hp" --no-discovery \
	    --state-dir "$1" 2>/dev/null &
	_hpid=$!
	wait_port "$_hp" 15
	stop_daemon $_hpid
	# Ids as msgid.h makes them: (ms since 2020) << 22, one line a ms.
	sqlite3 "$1/history.db" >/dev/null <<-EOF
	PRAGMA journal_mode = WAL;
	BEGIN;
	INSERT INTO targets(id, name, lines, latest, last) VALUES
	    (1, '#bench', $2, ((1700000000000 + $2 - 1577836800000) << 22),
	    ((1700000000000 + $2 - 1577836800000) << 22));
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
	    WHERE i < $2)
	INSERT INTO msg(target, id, kind, line)
	    SELECT 1, (1700000000000 + i - 1577836800000) << 22, 0,
	    ':user' || (i % 100) || '!u@127.0.0.1 PRIVMSG #bench :' ||
	    substr(hex(randomblob(32)), 1, 64) FROM n;
	COMMIT;
	EOF
}

if command -v sqlite3 >/dev/null; then
	hist_fanout off
	hist_fanout on
	echo "tui-chatd history_disk ok=1 $(hist_bytes "$_dir/state")" \
	    >>"$RESULTS"
	_hd="$TEST_TMP/history-$HIST_LINES"
	note "history: writing $HIST_LINES lines into $_hd"
	hist_fill "$_hd" "$HIST_LINES"
	note "history: start-up and $HIST_QUERIES x CHATHISTORY LATEST * 100"
	_hq=$($PIN_LG "$PYTHON3" "$top_srcdir/tests/bench/histq.py" \
	    "$(free_port)" "$_hd" "#bench" "$HIST_QUERIES" $PIN_SERVER \
	    "$TUI_CHATD")
	echo "tui-chatd history_query lines=$HIST_LINES $_hq" >>"$RESULTS"
	note "    $_hq"
else
	note "history figures skipped: no sqlite3 (scripts/deps)"
fi
