# Sourced by the scripts that start `signalbox serve`: a free loopback port, and a wait for the
# server's start line.

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_until_serving LOG: waits up to 10 s for "serving http://" in LOG (the server's stderr);
# otherwise prints LOG and fails.
wait_until_serving() {
    for _ in $(seq 100); do
        grep -q "serving http://" "$1" && return 0
        sleep 0.1
    done
    echo "signalbox serve did not start:"
    cat "$1"
    return 1
}
