#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, used by scripts/test.sh and by the Swift tests
# (Tests/TestSupport/PostgresCluster.swift), so that both start it the same way.
#
#   scripts/postgres-cluster.sh start DIR WATCHED_PID   prints the port it listens on (127.0.0.1)
#   scripts/postgres-cluster.sh stop DIR
#   scripts/postgres-cluster.sh pause DIR          stops the server, keeps DIR (tests of an outage)
#   scripts/postgres-cluster.sh resume DIR PORT    starts it again on PORT
#
# `start` makes DIR (which must not exist), owned by the `postgres` user when run as root
# (initdb refuses root), runs initdb with password authentication for the superuser `postgres`
# (password: signalbox-test) and pg_ctl on a free loopback port, its socket in DIR. A watchdog
# stops the cluster and removes DIR as soon as WATCHED_PID is gone, so that a test run that
# crashes or is killed leaves nothing running behind it.
set -euo pipefail

password=signalbox-test

bindir() {
    local dir
    for dir in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
    echo "postgres-cluster: no initdb found (install Debian's postgresql)" >&2
    exit 2
}

# Runs a PostgreSQL tool as the user that owns the data directory.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop() {
    local dir=$1 bin
    bin=$(bindir)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" stop -m immediate -w >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

start() {
    local dir=$1 watched=$2 bin port
    bin=$(bindir)
    mkdir "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    # The watchdog first, so that a failure in what follows is cleaned up as well.
    setsid bash -c "while kill -0 $watched 2>/dev/null; do sleep 0.5; done; '$0' stop '$dir'" \
        </dev/null >/dev/null 2>&1 &
    printf '%s\n' "$password" >"$dir/pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pwfile"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
        --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # A port that was free a moment ago may be taken by the time the server binds: try again.
    for _ in 1 2 3 4 5; do
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        if serve "$dir" "$port"; then
            echo "$port"
            return
        fi
    done
    cat "$dir/server.log" >&2
    exit 1
}

serve() {
    local dir=$1 port=$2
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=200 -c fsync=off" \
        start >/dev/null 2>&1
}

case "${1:-}" in
    start) start "$2" "$3" ;;
    stop) stop "$2" ;;
    pause) as_owner "$(bindir)/pg_ctl" -D "$2/data" stop -m fast -w >/dev/null ;;
    resume) serve "$2" "$3" || { cat "$2/server.log" >&2; exit 1; } ;;
    *) echo "usage: $0 start DIR WATCHED_PID | stop DIR | pause DIR | resume DIR PORT" >&2; exit 2 ;;
esac
