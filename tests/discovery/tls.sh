# SPDX-License-Identifier: GPL-3.0-or-later
# TLS on the simulated LAN: tui-chatd in host 1 announces tls=1, its TLS
# port and its certificate's fingerprint; `tui-chat --discover` in host 2
# prints them; tui-chat's picker connects with TLS by itself, pinning the
# announced fingerprint; after SIGHUP with a new certificate the
# announcement carries the new fingerprint. Needs root.

. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/discovery/netns.sh"

PORT=6667
TPORT=6697
TAB=$(printf '\t')
: "${TMUX_BIN:=tmux}"
TMUX_SOCK="tui-chat-tlsdisc-$$"

netns_require "$TUI_CHATD" "$TUI_CHAT"
if ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
plan 7
if ! netns_lan || ! netns_wait_ll 1 || ! netns_wait_ll 2; then
	fail "simulated LAN set up"
	exit 1
fi

# cert FILE: a self-signed P-256 certificate with its key in FILE.key.
cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$1.key" -out "$1" -days 2 -subj /CN=secure \
	    >/dev/null 2>&1
}

# fp FILE: the certificate's SHA-256 as lowercase hex.
fp() {
	openssl x509 -in "$1" -outform DER | sha256sum | cut -d' ' -f1
}

CERT="$TEST_TMP/server.pem"
cert "$CERT" || { fail "openssl makes a certificate"; exit 1; }
FP1=$(fp "$CERT")
ip netns exec "$NS_H1" "$TUI_CHATD" --listen "0.0.0.0:$PORT" \
    --listen-tls "0.0.0.0:$TPORT" --name "Secure Chat" \
    --set "tls_cert=$CERT" --set "tls_key=$CERT.key" \
    2>"$TEST_TMP/chatd.log" &
DPID=$!
at_exit "stop_daemon $DPID"

ok 'discover_until "$TEST_TMP/d1" "Secure Chat${TAB}10.77.0.1:$PORT${TAB}users=0${TAB}rooms=0" 10 -x' \
    "--discover lists the TLS server with exactly the four contract fields"
ok 'zeroconf_until 2 "$TEST_TMP/z1" "fp=sha256:$FP1"' \
    "TXT: tls=1, tlsport and the certificate's fingerprint (python3-zeroconf)"
ok 'grep -q "tls=1" "$TEST_TMP/z1" && grep -q "tlsport=$TPORT" "$TEST_TMP/z1"' \
    "TXT: tls=1 and tlsport=$TPORT"

# The picker in host 2: Enter on the only server connects with TLS.
HOMEDIR="$TEST_TMP/home"
mkdir -p "$HOMEDIR"
cat >"$TEST_TMP/client.run" <<EOF
export LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME='$HOMEDIR'
export XDG_CONFIG_HOME='$HOMEDIR/.config' XDG_DATA_HOME='$HOMEDIR/.data'
export XDG_STATE_HOME='$HOMEDIR/.state'
'$TUI_CHAT' --nick picktls 2>'$TEST_TMP/client.err'
sleep 60
EOF
ip netns exec "$NS_H2" "$TMUX_BIN" -L "$TMUX_SOCK" -f /dev/null \
    new-session -d -s t -x 100 -y 24 "sh '$TEST_TMP/client.run'"
SOCK=$("$TMUX_BIN" -L "$TMUX_SOCK" display-message -p '#{socket_path}')
at_exit "\"$TMUX_BIN\" -L $TMUX_SOCK kill-server 2>/dev/null; rm -f '$SOCK'"
screen_wait "Secure Chat" && "$TMUX_BIN" -L "$TMUX_SOCK" send-keys -t t Enter
ok 'screen_wait "as announced on" && screen_wait "] [TLS]"' \
    "the picker connects with TLS, trusting the announced fingerprint"
ok 'grep -qxF "10.77.0.1:$TPORT sha256:$FP1" "$HOMEDIR/.data/tui-chat/known_hosts"' \
    "the announced fingerprint is pinned"

# SIGHUP with a new certificate: the announcement follows.
cert "$CERT.new" && mv "$CERT.new.key" "$CERT.key" && mv "$CERT.new" "$CERT"
FP2=$(fp "$CERT")
kill -HUP "$DPID"
ok 'zeroconf_until 2 "$TEST_TMP/z2" "fp=sha256:$FP2"' \
    "after SIGHUP the TXT carries the new fingerprint"
ok '[ "$FP1" != "$FP2" ] && kill -0 "$DPID"' "daemon still up"
