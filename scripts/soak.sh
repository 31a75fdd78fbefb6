#!/usr/bin/env bash
# The soak test of docs/RELIABILITY.md: builds release, then runs scripts/soak.py against a real
# `signalbox serve` (10 minutes, 200 peers by default; extra arguments go to soak.py).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product signalbox
exec python3 scripts/soak.py --binary "$(swift build -c release --show-bin-path)/signalbox" "$@"
