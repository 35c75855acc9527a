#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Run libFuzzer targets from a build directory configured with
# --enable-fuzzing CC=clang (called by `make fuzz` and `make fuzz-merge`).
#   run.sh run SECONDS FUZZDIR TARGET...    fuzz each TARGET for SECONDS,
#       seeds from FUZZDIR/corpus/TARGET (read only), new inputs kept in
#       fuzz-work/TARGET, crashes in fuzz-work/; prints executions per target
#   run.sh merge 0 FUZZDIR TARGET...        minimise fuzz-work/TARGET into
#       FUZZDIR/corpus/TARGET (then commit the new files)
#   run.sh long SECONDS FUZZDIR TARGET...   the long run (make fuzz-long):
#       each TARGET for SECONDS with libFuzzer's -fork=FUZZ_JOBS (default
#       2) workers (1: one process); prints executions, executions/s and
#       coverage per target. With FUZZ_RUNS=N and FUZZ_JOBS=1 a target
#       stops after N executions, SECONDS being then only the cap.
# FUZZDIR/dict/TARGET.dict, when present, is the target's dictionary of
# protocol keywords (-dict=). The stateful targets run whole sessions, and
# their cost grows with every line: fuzz_opts caps the inputs they make.
# Exit status 1 if a target is missing or any run found a crash.
set -u
mode=$1 seconds=$2 fuzzdir=$3
shift 3
status=0
mkdir -p fuzz-work

# long_run T BIN WORK SEEDS LOG OPTS: one target with -fork workers; the
# last status line of the fork driver has the totals ("#N: cov: C ...").
# FUZZ_JOBS=1 is one process without -fork (no corpus reload per job).
long_run() {
	_jobs=${FUZZ_JOBS:-2}
	_fork="-fork=$_jobs"
	[ "$_jobs" = 1 ] && _fork=-print_final_stats=1
	[ "$_jobs" = 1 ] && [ -n "${FUZZ_RUNS:-}" ] &&
	    _fork="$_fork -runs=$FUZZ_RUNS"
	_start=$(date +%s)
	# shellcheck disable=SC2086
	"$2" $_fork -max_total_time="$seconds" -timeout=10 \
	    -rss_limit_mb=1024 -artifact_prefix="fuzz-work/$1-" $6 \
	    "$3" "$4" >"$5" 2>&1
	_rc=$?
	_secs=$(( $(date +%s) - _start ))
	[ "$_secs" -gt 0 ] || _secs=1
	_last=$(grep -E '^#[0-9]+:?[[:space:]].*cov: ' "$5" | tail -n 1)
	_runs=$(printf '%s\n' "$_last" | sed -n 's/^#\([0-9]*\).*/\1/p')
	[ "$_jobs" = 1 ] && _runs=$(sed -n \
	    's/^stat::number_of_executed_units: *//p' "$5" | tail -n 1)
	_cov=$(printf '%s\n' "$_last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	_ft=$(printf '%s\n' "$_last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	_crash=$(printf '%s\n' "$_last" |
	    sed -n 's/.*oom\/timeout\/crash: \([0-9\/]*\).*/\1/p')
	[ "$_jobs" = 1 ] && [ $_rc -eq 0 ] && _crash=0/0/0
	_rate=$(( ${_runs:-0} / _secs ))
	if [ $_rc -eq 0 ]; then
		printf '%-12s ok      %s executions in %s s (%s/s, %s jobs), ' \
		    "$1" "${_runs:-?}" "$_secs" "$_rate" "$_jobs"
		printf 'cov: %s ft: %s oom/timeout/crash: %s\n' "${_cov:-?}" \
		    "${_ft:-?}" "${_crash:-?}"
		return 0
	fi
	printf '%-12s FAILED  after %s executions, see %s:\n' "$1" \
	    "${_runs:-?}" "$5"
	grep -E 'ERROR|SUMMARY|check failed|Test unit written|artifact' "$5" |
	    head -n 8 | sed 's/^/    /'
	return 1
}

# fuzz_opts T: options for target T. A dispatch input of 256 bytes is about
# eight commands from four clients (a chathistory one about five queries),
# a client input of 512 bytes five to ten server lines; the committed
# corpora keep longer sessions, which replay whole in make check and are
# cut to the cap when fuzzing starts.
fuzz_opts() {
	case $1 in
	dispatch | sasl | chathistory) echo -max_len=256 ;;
	client) echo -max_len=512 ;;
	esac
}

for t in "$@"; do
	bin=tests/fuzz/${t}_fuzzer
	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin missing: configure with --enable-fuzzing CC=clang" >&2
		exit 1
	fi
	seeds=$fuzzdir/corpus/$t
	work=fuzz-work/$t
	mkdir -p "$work"
	if [ "$mode" = merge ]; then
		"$bin" -merge=1 "$seeds" "$work" >"fuzz-work/$t.merge.log" 2>&1 ||
		    status=1
		tail -n 1 "fuzz-work/$t.merge.log"
		continue
	fi
	log=fuzz-work/$t.log
	opts=$(fuzz_opts "$t")
	[ -f "$fuzzdir/dict/$t.dict" ] &&
	    opts="$opts -dict=$fuzzdir/dict/$t.dict"
	if [ "$mode" = long ]; then
		long_run "$t" "$bin" "$work" "$seeds" "$log" "$opts" || status=1
		continue
	fi
	# -timeout: one input taking over 10 s is a hang and a finding too.
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
	    -print_final_stats=1 -artifact_prefix="fuzz-work/$t-" $opts \
	    "$work" "$seeds" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	if [ $rc -eq 0 ]; then
		printf '%-12s ok      %s executions in %s s, %s\n' "$t" \
		    "${runs:-?}" "$seconds" "${cov:-cov: ?}"
	else
		printf '%-12s FAILED  after %s executions, see %s:\n' "$t" \
		    "${runs:-?}" "$log"
		grep -E 'ERROR|SUMMARY|check failed|Test unit written' "$log" |
		    head -n 8 | sed 's/^/    /'
		status=1
	fi
done
exit $status
