#!/usr/bin/env bash
# Installs signalbox for daily use under PREFIX (e.g. /usr/local or ~/.local): the binary into
# PREFIX/bin, the man page into PREFIX/share/man/man1, and completions for bash, zsh and fish
# into PREFIX/share/{bash-completion/completions,zsh/site-functions,fish/vendor_completions.d}.
#
#   scripts/install.sh PREFIX                   builds release first (minutes the first time)
#   SIGNALBOX_BINARY=PATH scripts/install.sh PREFIX   installs that binary instead
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: scripts/install.sh PREFIX   (e.g. /usr/local, or ~/.local)" >&2
    exit 2
fi
prefix=$1

binary=${SIGNALBOX_BINARY:-}
if [ -z "$binary" ]; then
    scripts/check-system-libraries.sh
    swift build -c release --product signalbox
    binary="$(swift build -c release --show-bin-path)/signalbox"
fi
[ -x "$binary" ] || { echo "install.sh: $binary is not an executable" >&2; exit 1; }

install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
    "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 755 "$binary" "$prefix/bin/signalbox"
install -m 644 docs/signalbox.1 "$prefix/share/man/man1/signalbox.1"
# The completions come from the binary itself, so they always match its flags.
"$binary" --generate-completion-script bash > "$prefix/share/bash-completion/completions/signalbox"
"$binary" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_signalbox"
"$binary" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/signalbox.fish"

echo "installed $("$prefix/bin/signalbox" --version) into $prefix:"
echo "  $prefix/bin/signalbox, man page $prefix/share/man/man1/signalbox.1, completions for bash, zsh and fish"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "  add $prefix/bin to your PATH" ;; esac
