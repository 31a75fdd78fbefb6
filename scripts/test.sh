#!/usr/bin/env bash
# The project's test command: unit and integration tests, then the black-box conformance suite
# against a real `signalbox serve` on a free loopback port, then the browser peer page in
# headless Chromium against servers of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

swift test

bin="$(swift build --show-bin-path)/signalbox"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
settings=(--inbox-timeout 2 --message-timeout 2 --long-poll-timeout 3 --inbox-capacity 5 --max-body-size 1024)

log=$(mktemp)
"$bin" serve --bind "127.0.0.1:$port" "${settings[@]}" 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    grep -q "serving http://" "$log" && break
    sleep 0.1
done
grep -q "serving http://" "$log" || { echo "signalbox serve did not start:"; cat "$log"; exit 1; }

python3 Tests/Conformance/conformance.py --url "http://127.0.0.1:$port" "${settings[@]}"

python3 Tests/Browser/peer_pages.py --binary "$bin"
