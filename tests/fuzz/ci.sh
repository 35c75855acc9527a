#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The CI-sized fuzz run: configure a separate build directory with clang and
# --enable-fuzzing, build the libFuzzer targets and run each for a short,
# bounded time from the seed corpus. Prints executions per target and ends
# with "N passed, N failed" (targets). Exit status 0 only if none crashed.
#   tests/fuzz/ci.sh [BUILDDIR]      default BUILDDIR: build-fuzz
#   FUZZ_SECONDS=N (default 30) per target; JOBS=N (default 2) for make.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${1:-build-fuzz}
seconds=${FUZZ_SECONDS:-30}
jobs=${JOBS:-2}

fail() { echo "fuzz: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

command -v clang >/dev/null || fail "clang not found (scripts/deps installs it)"
[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh) || fail "autogen failed"
mkdir -p "$builddir" && cd "$builddir" || fail "cannot use $builddir"
if [ ! -f Makefile ]; then
	"$top/configure" -q --enable-fuzzing CC=clang >/dev/null ||
	    fail "configure --enable-fuzzing CC=clang failed"
fi
# Build the targets first so compile errors are not mistaken for crashes.
targets=$(make -s -f Makefile -p 2>/dev/null | sed -n 's/^FUZZ_TARGETS = //p' |
    head -n 1)
[ -n "$targets" ] || fail "no FUZZ_TARGETS in the Makefile"
progs=""
for t in $targets; do progs="$progs tests/fuzz/${t}_fuzzer"; done
# shellcheck disable=SC2086
make -s -j"$jobs" $progs >/dev/null || fail "building the fuzz targets failed"

out=$(make -s fuzz FUZZ_SECONDS="$seconds" 2>&1)
status=$?
printf '%s\n' "$out"
passed=$(printf '%s\n' "$out" | grep -c '^[a-z_]* *ok ')
failed=$(printf '%s\n' "$out" | grep -c ' FAILED ')
[ $status -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed"
[ $status -eq 0 ]
