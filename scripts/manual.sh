#!/usr/bin/env bash
# Regenerates docs/signalbox.1, the man page, from the command definitions with
# swift-argument-parser's generate-manual plugin (on a debug build: the plugin would build
# release otherwise). Run it after changing a command, a flag or a help text: ManualPageTests
# fails until the page in the tree matches the binary again.
set -euo pipefail
cd "$(dirname "$0")/.."

swift package plugin generate-manual --configuration debug --date "$(date -u +%Y-%m-%d)" --section 1
generated=.build/plugins/GenerateManual/outputs/signalbox/signalbox.1
[ -f "$generated" ] || { echo "manual.sh: the plugin wrote no $generated" >&2; exit 1; }
# The generator copies the blank lines between paragraphs of a discussion, which mdoc warns
# about: a paragraph break is .Pp.
sed 's/^$/.Pp/' "$generated" > docs/signalbox.1
echo "docs/signalbox.1 regenerated; check it with: man -l docs/signalbox.1"
