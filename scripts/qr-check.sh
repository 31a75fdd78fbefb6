#!/usr/bin/env bash
# The QR code as a phone sees it: `signalbox` hosting in a real xterm under Xvfb, the screen
# captured with ImageMagick's `import` and read with zbarimg, which must give back the exact
# URL of the page. Three ways: colors on a dark theme, NO_COLOR on a dark theme (the light
# modules are the terminal's own foreground then), and the `b` banner on a light theme, the
# key pressed through tmux running inside the xterm.
# Needs (Debian): xvfb xterm imagemagick zbar-tools tmux fonts-dejavu-core
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in Xvfb xterm import zbarimg tmux; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xterm imagemagick zbar-tools tmux fonts-dejavu-core"; exit 1; }
done

bin="${SIGNALBOX_BIN:-$(swift build --show-bin-path)/signalbox}"
[ -x "$bin" ] || { echo "no $bin: swift build first"; exit 1; }
source scripts/serving.sh
work=$(mktemp -d)
socket="signalbox-qr-$$"
pids=()
cleanup() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    # The terminals first, then the X server they draw on.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# Xvfb picks a free display itself and writes its number once it accepts clients.
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1400x1300x24 -nolisten tcp 2>"$work/xvfb.log" &
pids+=($!)
exec 3>&-
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "Xvfb did not start:"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=":$(cat "$work/display")" LANG=C.UTF-8 LC_ALL=C.UTF-8

# Captures the screen until zbarimg reads $1 from it, for at most 20 s.
expect_code() {
    local url=$1 what=$2 decoded=""
    for attempt in $(seq 40); do
        if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "FAIL $what: the xterm exited"; exit 1; fi
        import -window root "$work/screen.png" 2>/dev/null || true
        decoded=$(zbarimg --quiet --raw --nodbus -Sdisable -Sqrcode.enable "$work/screen.png" 2>/dev/null || true)
        if [ "$decoded" = "$url" ]; then
            echo "ok $what: zbarimg read $decoded"
            return 0
        fi
        sleep 0.5
    done
    cp "$work/screen.png" "${TMPDIR:-/tmp}/signalbox-qr-failed.png"
    echo "FAIL $what: expected '$url', zbarimg read '${decoded:-nothing}' (screen in ${TMPDIR:-/tmp}/signalbox-qr-failed.png)"
    exit 1
}

# $1 columns x rows, $2 font size, $3 background, $4 foreground, the rest the command.
terminal() {
    local size=$1 font=$2 background=$3 foreground=$4
    shift 4
    xterm -geometry "$size+0+0" -fa 'DejaVu Sans Mono' -fs "$font" -bg "$background" -fg "$foreground" -e "$@" &
    pids+=($!)
}
stop_terminal() {
    kill "${pids[-1]}" 2>/dev/null || true
    wait "${pids[-1]}" 2>/dev/null || true
    unset 'pids[-1]'
}

port=$(free_port)
terminal 110x34 12 '#1e1e2e' '#e6e6e6' "$bin" --bind "127.0.0.1:$port" --user host
expect_code "http://127.0.0.1:$port/" "host view, colors, dark theme"
stop_terminal

port=$(free_port)
terminal 110x34 12 '#1e1e2e' '#e6e6e6' env NO_COLOR=1 "$bin" --bind "127.0.0.1:$port" --user host
expect_code "http://127.0.0.1:$port/" "host view, NO_COLOR, dark theme"
stop_terminal

port=$(free_port)
tmux -L "$socket" -f /dev/null new-session -d -s qr -x 110 -y 34 "$bin" --bind "127.0.0.1:$port" --user host
tmux -L "$socket" set-option -g status off
# A projector's screen: the banner draws the code at the largest scale that fits, here three
# columns by a row and a half a module. (At small font sizes xterm leaves a pixel between
# cells that block glyphs do not cover, a grid of dark lines zbar trips over; a camera blurs it.)
terminal 120x60 12 '#ffffff' '#000000' tmux -L "$socket" attach-session -t qr
for _ in $(seq 100); do tmux -L "$socket" capture-pane -p -t qr | grep -q "b QR" && break; sleep 0.1; done
tmux -L "$socket" send-keys -t qr b
for _ in $(seq 100); do tmux -L "$socket" capture-pane -p -t qr | grep -q "any key close" && break; sleep 0.1; done
tmux -L "$socket" capture-pane -p -t qr | grep -q "any key close" || { echo "FAIL banner: b did not open it"; exit 1; }
expect_code "http://127.0.0.1:$port/" "banner (b), colors, light theme"
stop_terminal
