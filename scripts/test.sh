#!/usr/bin/env bash
# The project's test command: unit and integration tests, then the black-box conformance suite
# against a real `signalbox serve` on a free loopback port, the OpenAPI document checked by
# schemathesis (scripts/api-check.sh), the browser peer page in headless
# Chromium against servers of its own, and the QR code read back from a real xterm
# (scripts/qr-check.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/serving.sh
scripts/check-system-libraries.sh

# A task scheduled on a loop that was already shut down is only printed by SwiftNIO (a crash in
# its future versions): something stopped in the wrong order, so the run fails on that line.
testlog=$(mktemp)
swift test 2>&1 | tee "$testlog"
if grep -q "Cannot schedule tasks on an EventLoop that has already shut down" "$testlog"; then
    echo "FAILED: a test scheduled work on an event loop that was already shut down (see above)"
    rm -f "$testlog"
    exit 1
fi
rm -f "$testlog"

bin="$(swift build --show-bin-path)/signalbox"
port=$(free_port)
settings=(--inbox-timeout 2 --message-timeout 2 --long-poll-timeout 3 --inbox-capacity 5 --max-body-size 1024)

log=$(mktemp)
"$bin" serve --bind "127.0.0.1:$port" "${settings[@]}" 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
wait_until_serving "$log"

python3 Tests/Conformance/conformance.py --url "http://127.0.0.1:$port" "${settings[@]}"

# The same suite against a node on PostgreSQL (a throwaway cluster, which its watchdog stops
# when this script ends, however it ends). The suite needs long polling: with
# --no-long-polling the in-memory store and PostgreSQL both fail the same 9 long-poll tests.
pgdir=$(mktemp -u /tmp/signalbox-postgres.XXXXXX)
pgport=$(scripts/postgres-cluster.sh start "$pgdir" $$)
PGPASSWORD=signalbox-test psql -X -q -h 127.0.0.1 -p "$pgport" -U postgres -c "CREATE DATABASE conformance"
pgserverport=$(free_port)
pglog=$(mktemp)
PGPASSWORD=signalbox-test "$bin" serve --bind "127.0.0.1:$pgserverport" "${settings[@]}" \
    --store "postgres://postgres@127.0.0.1:$pgport/conformance" 2>"$pglog" &
pgserver=$!
trap 'kill "$server" "$pgserver" 2>/dev/null || true; rm -f "$log" "$pglog"' EXIT
wait_until_serving "$pglog"
python3 Tests/Conformance/conformance.py --url "http://127.0.0.1:$pgserverport" "${settings[@]}" || { cat "$pglog"; exit 1; }
kill "$pgserver"
wait "$pgserver" || true
scripts/postgres-cluster.sh stop "$pgdir"

# docs/openapi.yaml against a real server, with schemathesis.
scripts/api-check.sh "$bin"

# The browser peer page in headless Chromium, against real servers.
python3 Tests/Browser/peer_pages.py --binary "$bin"

# The host view's QR code, read back by zbarimg from a real xterm's screen.
scripts/qr-check.sh

# Signalbox as a dependency of another package, by version.
scripts/dependent-package-check.sh "$bin"
