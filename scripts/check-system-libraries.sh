#!/usr/bin/env bash
# Says in one line each what a machine with only Swift lacks to build signalbox, with the
# command that installs it, and fails; silent when nothing is missing. scripts/test.sh and
# scripts/install.sh run it first; the build itself stops the same way (the SystemLibraryCheck
# plugin), before the compiler would bury it under errors.
set -uo pipefail

missing=()
has_header() {
    local dir cpath=${CPATH:-}
    for dir in ${cpath//:/ } /usr/local/include /usr/include/*-linux-gnu* /usr/include; do
        [ -f "$dir/$1" ] && return 0
    done
    return 1
}
command -v swift >/dev/null || { echo "swift is missing: install Swift 6.1 or later (https://www.swift.org/install/)" >&2; exit 1; }
has_header ncursesw/ncurses.h || missing+=(libncurses-dev)
has_header qrencode.h || missing+=(libqrencode-dev)
if [ ${#missing[@]} -gt 0 ]; then
    echo "missing C headers (${missing[*]}): install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
