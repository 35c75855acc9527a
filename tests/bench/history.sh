# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by run.sh: the history figures. (a) fan-out with history off
# and on, one after the other in this run (their ratio is the cost of
# history), and the bytes on disk per stored line after the "on" run;
# then a state directory with HIST_LINES lines in one room (written with
# sqlite3 in the row-per-line schema 1, which the daemon's first start
# repacks into chunks: that start is timed as the migration), on which
# histq.py times the daemon's start-up and CHATHISTORY LATEST #bench * 100.

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
	_hn=$(sqlite3 "$1/history.db" "SELECT sum(lines + events) FROM targets" \
	    2>/dev/null)
	_hb=$(cat "$1"/history.db* 2>/dev/null | wc -c)
	[ -n "$_hn" ] && [ "$_hn" -gt 0 ] || { echo "bytes_per_line=-1"; return; }
	echo "bytes_per_line=$((_hb / _hn)) stored=$_hn"
}

# hist_fill DIR N: N lines in #bench in schema 1 (a row a line), then
# one start of the daemon to migrate them; prints its time.
hist_fill() {
	mkdir -p "$1"
	# Ids as msgid.h makes them: (ms since 2020) << 22, one line a ms.
	sqlite3 "$1/history.db" >/dev/null <<-EOF
	PRAGMA journal_mode = WAL;
	BEGIN;
	CREATE TABLE targets(id INTEGER PRIMARY KEY, name TEXT NOT NULL
	    UNIQUE, lines INTEGER NOT NULL DEFAULT 0, events INTEGER NOT NULL
	    DEFAULT 0, latest INTEGER NOT NULL DEFAULT 0, last INTEGER NOT NULL
	    DEFAULT 0);
	CREATE TABLE msg(target INTEGER NOT NULL, id INTEGER NOT NULL,
	    kind INTEGER NOT NULL, account TEXT, ctags TEXT, line TEXT NOT NULL,
	    PRIMARY KEY(target, id)) WITHOUT ROWID;
	CREATE TABLE rooms(fold TEXT PRIMARY KEY, name TEXT NOT NULL,
	    topic TEXT, topic_who TEXT, topic_time INTEGER, modes TEXT,
	    key TEXT, lim INTEGER, created INTEGER) WITHOUT ROWID;
	PRAGMA user_version = 1;
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
	_hp=$(free_port)
	_ht=$(date +%s%N)
	"$TUI_CHATD" --listen "127.0.0.1:$_hp" --no-discovery \
	    --state-dir "$1" >/dev/null 2>&1 &
	_hpid=$!
	wait_port "$_hp" 300
	echo "migrate_ms=$((($(date +%s%N) - _ht) / 1000000))"
	stop_daemon $_hpid
}

if command -v sqlite3 >/dev/null; then
	hist_fanout off
	hist_fanout on
	echo "tui-chatd history_disk ok=1 $(hist_bytes "$_dir/state")" \
	    >>"$RESULTS"
	_hd="$TEST_TMP/history-$HIST_LINES"
	note "history: writing $HIST_LINES lines into $_hd"
	_hm=$(hist_fill "$_hd" "$HIST_LINES")
	note "    $_hm $(hist_bytes "$_hd")"
	note "history: start-up and $HIST_QUERIES x CHATHISTORY LATEST * 100"
	_hq=$($PIN_LG "$PYTHON3" "$top_srcdir/tests/bench/histq.py" \
	    "$(free_port)" "$_hd" "#bench" "$HIST_QUERIES" $PIN_SERVER \
	    "$TUI_CHATD")
	echo "tui-chatd history_query lines=$HIST_LINES $_hq $_hm" >>"$RESULTS"
	note "    $_hq"
else
	note "history figures skipped: no sqlite3 (scripts/deps)"
fi
