#!/usr/bin/env bash
# The benchmarks of Benchmarks/README.md, in one sitting: builds release, measures nginx as the
# ceiling and `signalbox serve` with wrk and Benchmarks/bench.py, then the store and render
# micro-benchmarks (package-benchmark). Extra arguments go to bench.py (e.g. --only post,get).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v tmux >/dev/null || missing+=(tmux)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
export PATH="$PATH:/usr/sbin"

swift build -c release --product signalbox
python3 Benchmarks/bench.py --binary "$(swift build -c release --show-bin-path)/signalbox" "$@"

echo
echo "Micro-benchmarks (package-benchmark):"
swift package --package-path Benchmarks benchmark
