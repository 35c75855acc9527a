#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Print "N passed, N failed" from automake's test-suite.log (TAP counts
# each case; XFAIL counts as passed, XPASS and ERROR as failed).
# Several logs (one per build) add up into one line.
[ $# -eq 0 ] && set -- test-suite.log
for log in "$@"; do
	if [ ! -r "$log" ]; then
		echo "summary: $log: no test log (the build failed?)" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
done
awk '
/^# PASS: /  { p += $3 }
/^# XFAIL: / { p += $3 }
/^# SKIP: /  { s += $3 }
/^# FAIL: /  { f += $3 }
/^# XPASS: / { f += $3 }
/^# ERROR: / { f += $3 }
END {
	if (s > 0) printf "%d passed, %d failed, %d skipped\n", p, f, s
	else printf "%d passed, %d failed\n", p, f
}' "$@"
