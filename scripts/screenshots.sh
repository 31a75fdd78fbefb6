#!/usr/bin/env bash
# Makes screenshots/*.png of the real UI in a real terminal: xterm under Xvfb, scripted peers
# sending a handshake, captured with ImageMagick. First `signalbox` hosting (the host view),
# then `signalbox demo`, then hosting two browser peer pages that connect through it, then `signalbox --server` as alice (the peer view, the inspector, the help), then the browser
# peer page mid-call (scripts/page-screenshot.py).
# Needs (Debian): xvfb xterm imagemagick xdotool fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in Xvfb xterm import xdotool; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xterm imagemagick xdotool fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji"; exit 1; }
done

swift build -c release
bin="$(swift build -c release --show-bin-path)/signalbox"
source scripts/serving.sh
display=":$((90 + RANDOM % 9))"
work=$(mktemp -d)
pids=()
cleanup() {
    kill "${pids[@]}" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp 2>"$work/xvfb.log" &
pids+=($!)
sleep 1
export DISPLAY="$display" LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p screenshots

# Opens the UI in an xterm titled $1 with the rest as its arguments; sets $window.
open_terminal() {
    local title=$1
    shift
    xterm -geometry 100x30+0+0 -fa 'DejaVu Sans Mono' -fs 12 -bg '#1e1e2e' -fg '#e6e6e6' -T "$title" \
        -xrm 'XTerm*allowSendEvents: true' -e "$bin" "$@" &
    pids+=($!)
    sleep 2
    window=$(xdotool search --name "$title" | head -1)
    xdotool windowfocus --sync "$window" 2>/dev/null || true
}
shot() { sleep 1; import -window "$window" "screenshots/$1.png"; echo "screenshots/$1.png"; }
keys() { xdotool key --delay 100 "$@" 2>/dev/null; }
as() { SIGNALBOX_SERVER="$server" SIGNALBOX_USER="$1" SIGNALBOX_PASSWORD="pw-$1" "$bin" "${@:2}" >/dev/null 2>&1 || true; }

offer='{"type":"offer","sdp":"v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:actpass\r\na=mid:0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n"}'
answer='{"type":"answer","sdp":"v=0\r\no=- 7381956236518394120 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:active\r\n"}'
host_candidate='{"candidate":"candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host","sdpMid":"0","sdpMLineIndex":0}'
srflx_candidate='{"candidate":"candidate:2 1 udp 1686052607 203.0.113.7 61002 typ srflx raddr 192.168.1.2 rport 54321","sdpMid":"0","sdpMLineIndex":0}'

# The host view: signalbox hosting, alice and bob mid-handshake.
port=$(free_port)
server="http://127.0.0.1:$port"
open_terminal signalbox-host --bind "127.0.0.1:$port" --user teacher
as alice receive
as bob receive
as bob send --to alice "$offer"
as alice receive
as alice send --to bob "$answer"
as bob send --to alice "$host_candidate"
as bob send --to alice "$srflx_candidate"
as alice send --to bob "$host_candidate"
as mallory receive --user alice --password guess
sleep 1
shot host-view
keys k k k k d
shot diagram
keys q y

# signalbox demo: the recorded handshake in step mode, the offer released and bob answering.
port=$(free_port)
open_terminal signalbox-demo demo --bind "127.0.0.1:$port"
sleep 1
keys space
sleep 1
keys space space
shot demo
keys q y

# The host view while two browser peer pages (headless Chromium) connect through it.
port=$(free_port)
server="http://127.0.0.1:$port"
open_terminal signalbox-host-browsers --bind "127.0.0.1:$port" --user teacher
python3 scripts/browsers-on-host.py --url "$server" >"$work/browsers.log" 2>&1 &
browsers=$!
pids+=($browsers)
for _ in $(seq 300); do grep -q -e connected -e failed "$work/browsers.log" && break; sleep 0.1; done
grep -q connected "$work/browsers.log" || { cat "$work/browsers.log"; exit 1; }
shot host-browsers
kill "$browsers" 2>/dev/null || true
keys q y

# The peer view, the inspector and the help, as alice of a headless server.
port=$(free_port)
server="http://127.0.0.1:$port"
"$bin" serve --bind "127.0.0.1:$port" --no-long-polling 2>"$work/server.log" &
pids+=($!)
sleep 1
open_terminal signalbox-peer --server "$server" --user 'alice 名前' --password a
as bob send --to 'alice 名前' "$offer"
as bob send --to 'alice 名前' "$host_candidate"
as bob send --to 'alice 名前' "$srflx_candidate"
as 'carol 🦊' send --to 'alice 名前' $'hello from carol \e[31m(this escape sequence is shown, not obeyed)'
sleep 2
shot peer-view
keys g Return
shot inspector
keys x
shot explainer
keys x
keys Escape question
shot help
keys Escape q

# The browser peer page mid-call, in headless Chromium (needs chromium and chromium-driver).
python3 scripts/page-screenshot.py --binary "$bin"
