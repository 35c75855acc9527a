# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by run.sh: scenario (a) in cluster mode. The fan-out of
# run_server on one tui-chatd, then the same fan-out with the clients
# spread over two tui-chatd --cluster nodes on one redis-server (client i
# on node i % 2, so every room has members on both), one after the other
# in this run. Every server process runs on core 0, loadgen on core 1:
# the cluster gets the same one core as the lone node, so the figures
# compare the work per delivery, not added hardware. Server CPU is summed
# over both nodes and Redis (server_cpus= has each one).

# cluster_stop PID...: stop what cluster_lg started.
cluster_stop() {
	for _cs in "$@"; do
		stop_daemon "$_cs"
	done
}

# cluster_redis_top PORT: where Redis spent its time in the run (INFO
# commandstats, whole run): the four commands with the most time, as
# "cmd:calls:usec_per_call" separated by commas.
cluster_redis_top() {
	redis-cli -p "$1" INFO commandstats 2>/dev/null | tr -d '\r' |
	    sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),usec=\([0-9]*\),usec_per_call=\([0-9.]*\).*/\3 \1:\2:\4/p' |
	    sort -rn | head -4 | cut -d' ' -f2 | tr '\n' ',' | sed 's/,$//'
}

# cluster_lg SERVER SCENARIO ARGS...: lg's cluster twin for best: a fresh
# redis-server and two nodes on it, one loadgen run over both; LG_LINE.
cluster_lg() {
	shift 2
	LG_LINE="tui-chatd fanout_cluster ok=0 error=start"
	start_server redis || return
	_crpid=$SRV_PID
	_crport=$SRV_PORT
	CLUSTER_URL="redis://127.0.0.1:$SRV_PORT"
	if ! start_server tui-chatd; then
		CLUSTER_URL=""
		cluster_stop "$_crpid"
		return
	fi
	_cp1=$SRV_PID
	_cport1=$SRV_PORT
	if ! start_server tui-chatd; then
		CLUSTER_URL=""
		cluster_stop "$_cp1" "$_crpid"
		return
	fi
	CLUSTER_URL=""
	_cp2=$SRV_PID
	note "tui-chatd x2 + redis: fanout $*"
	_out=$($PIN_LG "$LOADGEN" --proto irc --port "$_cport1,$SRV_PORT" \
	    --server-pid "$_cp1" --server-pid "$_cp2" --server-pid "$_crpid" \
	    --scenario fanout --sources 16 "$@" 2>"$TEST_TMP/lg.err")
	_alive=1
	for _cs in "$_cp1" "$_cp2" "$_crpid"; do
		kill -0 "$_cs" 2>/dev/null || _alive=0
	done
	_ctop=$(cluster_redis_top "$_crport")
	cluster_stop "$_cp1" "$_cp2" "$_crpid"
	[ -s "$TEST_TMP/lg.err" ] && sed 's/^/    /' "$TEST_TMP/lg.err" >&2
	[ "$_alive" = 1 ] || _out="$_out ok=0 crashed=1"
	LG_LINE="tui-chatd fanout_cluster $_out redis_top=$_ctop"
	echo "    $_out" | tr ' ' '\n' | grep -E \
	    '^(del_rate|lat_p99_ms|server_cpu|server_cpus|lost|dup|ok)=' |
	    tr '\n' ' ' >&2
	echo >&2
}

# The lone node first, renamed so that the fanout row keeps its meaning.
best "$REPEAT" del_rate hi tui-chatd fanout \
    --clients $FAN_CLIENTS --rooms 10 --window 128 --msglen 64 \
    --warmup 1 --duration "$DUR" --conc 8 --timeout 60
sed -i '$ s/^tui-chatd fanout /tui-chatd fanout_node1 /' "$RESULTS"
BEST_RUN=cluster_lg
best "$REPEAT" del_rate hi tui-chatd fanout \
    --clients $FAN_CLIENTS --rooms 10 --window 128 --msglen 64 \
    --warmup 1 --duration "$DUR" --conc 8 --timeout 60
BEST_RUN=""
