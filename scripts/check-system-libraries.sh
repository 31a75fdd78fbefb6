#!/usr/bin/env bash
# Says in one line what a machine with only Swift lacks to build signalbox, with the command
# that installs it, and fails; silent when nothing is missing. scripts/test.sh and
# scripts/install.sh run it first, and the build runs it too (the SystemLibraryCheck plugin,
# with --headers-only), before the compiler would bury a missing header under errors.
set -uo pipefail

missing=()
has_header() {
    local dir cpath=${CPATH:-}
    for dir in ${cpath//:/ } /usr/local/include /usr/include/*-linux-gnu* /usr/include; do
        [ -f "$dir/$1" ] && return 0
    done
    return 1
}
[ "$(uname -s)" = Linux ] || exit 0
if [ "${1:-}" != --headers-only ]; then
    command -v swift >/dev/null || { echo "error: swift is missing: install Swift 6.1 or later (https://www.swift.org/install/)" >&2; exit 1; }
fi
has_header ncursesw/ncurses.h || missing+=(libncurses-dev)
has_header qrencode.h || missing+=(libqrencode-dev)
if [ ${#missing[@]} -gt 0 ]; then
    echo "error: C headers missing: install them with 'sudo apt-get install ${missing[*]}' (Debian, Ubuntu), or your system's packages of the same names" >&2
    exit 1
fi
