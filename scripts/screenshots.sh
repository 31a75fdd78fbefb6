#!/usr/bin/env bash
# Makes screenshots/*.png of the real UI in a real terminal: xterm under Xvfb, against a live
# `signalbox serve`, with a scripted peer sending a handshake; captured with ImageMagick.
# Needs (Debian): xvfb xterm imagemagick xdotool fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in Xvfb xterm import xdotool; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xterm imagemagick xdotool fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji"; exit 1; }
done

swift build -c release
bin="$(swift build -c release --show-bin-path)/signalbox"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server="http://127.0.0.1:$port"
display=":$((90 + RANDOM % 9))"
work=$(mktemp -d)

cleanup() {
    kill "${xterm_pid:-}" "${server_pid:-}" "${xvfb_pid:-}" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$bin" serve --bind "127.0.0.1:$port" --no-long-polling 2>"$work/server.log" &
server_pid=$!
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp 2>"$work/xvfb.log" &
xvfb_pid=$!
sleep 1

export DISPLAY="$display" LANG=C.UTF-8 LC_ALL=C.UTF-8
xterm -geometry 100x30+0+0 -fa 'DejaVu Sans Mono' -fs 12 -bg '#1e1e2e' -fg '#e6e6e6' -T signalbox \
    -xrm 'XTerm*allowSendEvents: true' \
    -e "$bin" --server "$server" --user 'alice 名前' --password a &
xterm_pid=$!
sleep 2
window=$(xdotool search --name signalbox | head -1)
xdotool windowfocus --sync "$window" 2>/dev/null || true

send() { SIGNALBOX_PASSWORD=b "$bin" send --server "$server" --user "$1" --to 'alice 名前' "$2" 2>/dev/null; }
send bob '{"type":"offer","sdp":"v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:actpass\r\na=mid:0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n"}'
send bob '{"candidate":"candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host","sdpMid":"0","sdpMLineIndex":0}'
send bob '{"candidate":"candidate:2 1 udp 1686052607 203.0.113.7 61002 typ srflx raddr 192.168.1.2 rport 54321","sdpMid":"0","sdpMLineIndex":0}'
send 'carol 🦊' $'hello from carol \e[31m(this escape sequence is shown, not obeyed)'
sleep 2

mkdir -p screenshots
shot() { sleep 1; import -window "$window" "screenshots/$1.png"; echo "screenshots/$1.png"; }
shot peer-view
keys() { xdotool key --delay 100 "$@" 2>/dev/null; }
keys g Return
shot inspector
keys Escape question
shot help
keys Escape q
