#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The file host next to nginx (Debian's nginx-light) on loopback: the same
# file downloaded from both (sendfile on both sides), and uploaded to both
# (a POST to tui-chatd's /upload, a WebDAV PUT to nginx: each stores the
# body in a temporary file and renames it). curl moves the bytes; the best
# of --repeat runs counts. nginx runs with its own config and prefix in a
# temporary directory on a free port, never as the system service.
# Prints one table: MB/s for nginx and tui-chatd, the ratio, the goal.
#
# usage: files.sh [--size BYTES] [--repeat N] [--keep]
#   --size: the file (default 1G; K, M, G suffixes).  --repeat: default 3.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"

SIZE=1G
REPEAT=3
KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--size) SIZE=$2; shift ;;
	--repeat) REPEAT=$2; shift ;;
	--keep) KEEP=1 ;;
	*) sed -n 's/^# \{0,1\}//; /^usage:/,/--size:/p' "$0" >&2; exit 2 ;;
	esac
	shift
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "files bench: nginx is not installed" >&2; exit 1; }
[ "$KEEP" = 1 ] && at_exit "echo kept $TEST_TMP >&2" || true
PIN0="" PIN1=""
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
	PIN0="taskset -c 0" PIN1="taskset -c 1"
fi

bytes() {
	case $1 in
	*K) echo $(( ${1%K} * 1024 )) ;;
	*M) echo $(( ${1%M} * 1024 * 1024 )) ;;
	*G) echo $(( ${1%G} * 1024 * 1024 * 1024 )) ;;
	*) echo "$1" ;;
	esac
}
NBYTES=$(bytes "$SIZE")
FILE="$TEST_TMP/data.bin"
head -c "$NBYTES" /dev/urandom >"$FILE" || exit 1

# tui-chatd with its file host; the file is uploaded once for downloads.
HPORT=$(free_port)
start_daemon --listen-http "127.0.0.1:$HPORT" --state-dir "$TEST_TMP/state" \
    --set upload_anonymous=on --set upload_max=64G --set flood_limit=0 \
    || exit 1
OURS=$(curl -sS -T "$FILE" -X POST "http://127.0.0.1:$HPORT/upload?name=data.bin")
case $OURS in http://*) ;; *) echo "upload failed: $OURS" >&2; exit 1 ;; esac

# nginx: the same file under html/, WebDAV PUT into up/.
NPORT=$(free_port)
mkdir -p "$TEST_TMP/nginx/html" "$TEST_TMP/nginx/up" "$TEST_TMP/nginx/tmp" \
    "$TEST_TMP/nginx/logs"
ln "$FILE" "$TEST_TMP/nginx/html/data.bin" 2>/dev/null ||
    cp "$FILE" "$TEST_TMP/nginx/html/data.bin"
# As root the worker would run as nobody, who cannot read the temp dir.
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat >"$TEST_TMP/nginx/nginx.conf" <<NGEOF
$USER_LINE
worker_processes 1;
daemon off;
pid $TEST_TMP/nginx/nginx.pid;
error_log $TEST_TMP/nginx/logs/error.log;
events { worker_connections 64; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	client_body_temp_path $TEST_TMP/nginx/tmp;
	client_max_body_size 0;
	server {
		listen 127.0.0.1:$NPORT;
		root $TEST_TMP/nginx/html;
		location /up/ {
			root $TEST_TMP/nginx;
			dav_methods PUT;
			create_full_put_path on;
		}
	}
}
NGEOF
$PIN0 "$NGINX" -p "$TEST_TMP/nginx" -c "$TEST_TMP/nginx/nginx.conf" \
    >"$TEST_TMP/nginx/logs/stderr" 2>&1 &
NPID=$!
at_exit "kill $NPID 2>/dev/null; wait $NPID 2>/dev/null"
wait_port "$NPORT" 10 || { cat "$TEST_TMP/nginx/logs/stderr" >&2; exit 1; }
if [ -n "$PIN0" ]; then
	taskset -pc 0 "$DAEMON_PID" >/dev/null
fi

# best SPEC...: the best bytes/s of REPEAT curl runs (curl -w speed).
best() {
	_best=0
	_i=0
	while [ $_i -lt "$REPEAT" ]; do
		_s=$($PIN1 curl -sS -o /dev/null \
		    -w '%{http_code} %{speed_download} %{speed_upload}' "$@")
		case $_s in
		2*) ;;
		*) echo "files bench: $* answered $_s" >&2; echo 0; return ;;
		esac
		_s=$(echo "$_s" | awk '{ print ($2 > $3 ? $2 : $3) }')
		_best=$(echo "$_best $_s" | awk '{ print ($2 > $1 ? $2 : $1) }')
		_i=$((_i + 1))
	done
	echo "$_best"
}

n_down=$(best "http://127.0.0.1:$NPORT/data.bin")
o_down=$(best "$OURS")
n_up=$(best -T "$FILE" "http://127.0.0.1:$NPORT/up/data.bin")
o_up=$(best -T "$FILE" -X POST "http://127.0.0.1:$HPORT/upload?name=up.bin")

printf '%-28s %12s %12s %7s %7s\n' "files ($SIZE, best of $REPEAT)" \
    "nginx MB/s" "ours MB/s" "ratio" "goal"
row() {
	echo "$1 $2 $3 $4" | awk '{ printf "%-28s %12.0f %12.0f %6.2fx %7s\n",
	    $1, $2 / 1048576, $3 / 1048576, ($2 > 0 ? $3 / $2 : 0), $4 }'
}
row download "$n_down" "$o_down" ">=1.0x"
row upload "$n_up" "$o_up" "-"
