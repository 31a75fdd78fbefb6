#!/usr/bin/env bash
# Checks docs/openapi.yaml against a real `signalbox serve` with schemathesis (PyPI, pinned
# below): every operation with generated valid and invalid requests, and every check but two
# that take the protocol's own rules for faults: `ignored_auth` (any new name and password open
# a new inbox, which it takes for "accepts invalid credentials") and `negative_data_rejection`
# (unknown query parameters are ignored and a repeated one counts with its first value, as the
# reference server does, which it takes for "accepts invalid data"; the 400s the document
# names are checked by status_code_conformance all the same). No 5xx, and no status, header
# or body that the document does not allow. Strings are generated in ASCII, since JSON Schema counts a
# username's length in characters and the protocol in bytes. Deterministic, so that a run
# that passes once passes every time. Usage: scripts/api-check.sh [path/to/signalbox]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/serving.sh

schemathesis_version=4.32.5
if ! python3 -m schemathesis.cli --version 2>/dev/null | grep -q "$schemathesis_version"; then
    echo "needs schemathesis $schemathesis_version: python3 -m pip install schemathesis==$schemathesis_version"
    exit 1
fi

bin=${1:-"$(swift build --show-bin-path)/signalbox"}
port=$(free_port)
url="http://127.0.0.1:$port"
work=$(mktemp -d)
# A short long-poll limit: a generated GET without ?wait would otherwise wait 25 s each.
"$bin" serve --bind "127.0.0.1:$port" --long-poll-timeout 1 2>"$work/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
wait_until_serving "$work/serve.log"

# The document's example recipient is the caller itself: open its inbox, so that posts to it
# succeed and later GETs find messages to deliver.
curl -fsS -o /dev/null -u alice:pw "$url/inbox?wait=0"

cd "$work"  # schemathesis writes its report folder where it runs
python3 -m schemathesis.cli run "$OLDPWD/docs/openapi.yaml" --url "$url" --auth alice:pw \
    --checks all --exclude-checks ignored_auth,negative_data_rejection --max-examples 30 --generation-codec ascii \
    --generation-deterministic --seed 1 --no-color
