#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Run tui-chatd under valgrind memcheck while tests/valgrind/traffic.py (and
# any further scripts named in VALGRIND_TRAFFIC, each given the port) drives
# integration traffic through it, then stop it with SIGTERM. Clean means:
# the traffic passed, the daemon exited 0, memcheck found no errors and no
# definite or indirect leaks. Then the integration suites named in
# VALGRIND_SUITES (default: every tests/integration/*.py) run with each of
# their daemons under memcheck (TUI_CHATD_WRAPPER): every daemon's log must
# be clean. Their own verdicts are shown, not counted: timing-sensitive
# cases (RSS, timeouts) mean little 30 times slower. Prints TAP;
# `make check-valgrind` runs it from a build directory. Needs a build
# without sanitizers (valgrind and ASan do not mix).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
export top_srcdir top_builddir
# shellcheck source=../lib/common.sh
. "$top_srcdir/tests/lib/common.sh"

# Every integration suite that starts tui-chatd (the client_* suites talk
# to fake servers and start none).
suites=${VALGRIND_SUITES:-$(cd "$top_srcdir" && ls tests/integration/*.py 2>/dev/null |
    grep -v '/client_')}
set -- $suites
nsuites=$#
set -- "$top_srcdir/tests/valgrind/traffic.py" ${VALGRIND_TRAFFIC:-}
plan $(($# + 3 + nsuites))
if ! command -v valgrind >/dev/null; then
	fail "valgrind is installed (scripts/deps)"
	exit 1
fi
if [ -n "${SANITIZERS:-}" ] || nm "$TUI_CHATD" 2>/dev/null | grep -q __asan_init; then
	fail "tui-chatd is built without sanitizers"
	exit 1
fi
# Valgrind makes everything 20-50 times slower: the clients wait longer.
SANITIZERS=valgrind; export SANITIZERS

port=$(free_port)
vlog=$TEST_TMP/memcheck.log
memcheck="valgrind --tool=memcheck --leak-check=full
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --track-origins=yes --error-exitcode=99"
# shellcheck disable=SC2086
$memcheck --log-file="$vlog" "$TUI_CHATD" --listen "127.0.0.1:$port" --no-discovery \
    --name test.server --set flood_limit=0 --set sendq=65536 \
    --state-dir "$TEST_TMP/state" \
    2>"$TEST_TMP/daemon.log" &
vpid=$!
at_exit "stop_daemon $vpid"
ok "wait_port $port 60" "tui-chatd starts under valgrind"

for t in "$@"; do
	if "$PYTHON3" "$t" "$port" >"$TEST_TMP/traffic.out" 2>&1; then
		pass "traffic: $(basename "$t")"
	else
		fail "traffic: $(basename "$t")" "$(tail -n 30 "$TEST_TMP/traffic.out")"
	fi
done

# SIGTERM, and wait for valgrind's leak check (bounded: 120 s).
kill -TERM $vpid
i=0
while kill -0 $vpid 2>/dev/null && [ $i -lt 1200 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 $vpid 2>/dev/null; then
	kill -KILL $vpid
	fail "tui-chatd stops on SIGTERM under valgrind"
else
	wait $vpid
	status=$?
	ok "[ $status -eq 0 ]" "tui-chatd exits 0 (status $status; 99 = memcheck errors)"
fi
diag "$(grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|in use at exit' "$vlog")"
if grep -q 'ERROR SUMMARY: 0 errors' "$vlog" &&
    ! grep -Eq '(definitely|indirectly) lost: [1-9]' "$vlog"; then
	pass "memcheck: no errors, no definite or indirect leaks"
else
	fail "memcheck: no errors, no definite or indirect leaks" \
	    "$(grep -v '^==[0-9]*== *$' "$vlog" | head -n 80)"
fi

# VG_ERRORS: what memcheck writes for an error, summary or not.
VG_ERRORS='Invalid (read|write|free)|uninitialised|Mismatched free|Syscall param|overlap|Conditional jump|Process terminating'

# clean_one LOG: memcheck reported no errors and no leaks. A log without a
# summary is a daemon the suite killed with SIGKILL (the kill -9
# durability tests): clean when memcheck had reported no error until then.
clean_one() {
	if ! grep -q 'ERROR SUMMARY:' "$1"; then
		! grep -Eq "$VG_ERRORS" "$1"
		return
	fi
	grep -q 'ERROR SUMMARY: 0 errors' "$1" || return 1
	! grep -Eq '(definitely|indirectly) lost: [1-9]' "$1"
}

# clean LOG...: every log is clean; the first that is not goes to $unclean.
clean() {
	for _l in "$@"; do
		if ! clean_one "$_l"; then
			unclean=$_l
			return 1
		fi
	done
	return 0
}

for s in $suites; do
	name=$(basename "$s" .py)
	dir=$TEST_TMP/$name
	mkdir -p "$dir"
	TUI_CHATD_WRAPPER="$memcheck --log-file=$dir/vg.%p.log" \
	    timeout 900 "$PYTHON3" "$top_srcdir/$s" >"$dir/out" 2>&1
	rc=$?
	logs=$(ls "$dir"/vg.*.log 2>/dev/null)
	diag "$name: $(grep -c '^ok' "$dir/out") ok, $(grep -c '^not ok' "$dir/out") not ok (status $rc) with $(echo "$logs" | grep -c .) daemons under memcheck"
	# shellcheck disable=SC2086
	if [ -z "$logs" ]; then
		# A client-side suite with its own fake server: nothing to check.
		pass "memcheck clean for every daemon of $name # SKIP no tui-chatd started"
	elif clean $logs; then
		pass "memcheck clean for every daemon of $name"
	else
		fail "memcheck clean for every daemon of $name" \
		    "$(grep -v '^==[0-9]*== *$' "$unclean" | head -n 60)"
	fi
done
done_testing
