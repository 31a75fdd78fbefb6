#!/usr/bin/env python3
"""Records the handshake that `signalbox demo` plays: two headless Chromium peer pages, alice
calling bob through `signalbox serve --record`, then alice hanging up. Run it again when the
browser or the page changes what a handshake holds; it rewrites the resource in place.

So that the candidates are of the three kinds a class should see, the pages are given
  - a STUN server (below, in this script) that stands in for a NAT: it tells each browser that
    its packets came from 203.0.113.7 (a documentation address), so Chromium signals a
    server-reflexive candidate beside its host one;
  - a TURN server (coturn's `turnserver`, Debian package coturn), so it signals a relay one.
Everything else is Chromium's own: its SDP, its candidates, its timing.

Needs chromium, chromium-driver and coturn. Usage:

    python3 scripts/record-demo.py --binary .build/debug/signalbox
"""

import argparse
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(root, "Tests", "Browser"))
from harness import ChromeDriver, Failure, Processes, Server, call, free_port, stop_on_signals, wait_for  # noqa: E402

RESOURCE = os.path.join(root, "Sources", "signalbox", "Resources", "chromium-handshake.jsonl")
NAT_OUTSIDE = "203.0.113.7"
MAGIC_COOKIE = 0x2112A442


def machine_address():
    """The address Chromium gathers host candidates on: the one a route out would use."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.254", 9))  # no packet is sent for a UDP connect
        return probe.getsockname()[0]


def serve_stun_as_nat(sock):
    """Answers every STUN binding request as a server behind a NAT would see it: from
    NAT_OUTSIDE, on a port of its own per source."""
    while True:
        try:
            request, (host, port) = sock.recvfrom(2048)
        except OSError:
            return
        if len(request) < 20 or struct.unpack("!H", request[:2])[0] != 0x0001:
            continue
        if struct.unpack("!I", request[4:8])[0] != MAGIC_COOKIE:
            continue
        transaction = request[8:20]
        mapped_port = 40000 + port % 20000
        address = struct.unpack("!I", socket.inet_aton(NAT_OUTSIDE))[0]
        value = struct.pack("!BBHI", 0, 0x01, mapped_port ^ (MAGIC_COOKIE >> 16), address ^ MAGIC_COOKIE)
        attribute = struct.pack("!HH", 0x0020, len(value)) + value  # XOR-MAPPED-ADDRESS
        response = struct.pack("!HHI", 0x0101, len(attribute), MAGIC_COOKIE) + transaction + attribute
        sock.sendto(response, (host, port))


def start_turn(processes, address):
    turnserver = shutil.which("turnserver")
    if not turnserver:
        raise Failure("needs coturn's turnserver (Debian: apt-get install coturn)")
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="turnserver-", suffix=".log", delete=False)
    processes.on_stop(lambda: os.unlink(log.name))
    processes.start([
        turnserver, "-n", "--no-cli", "--no-tls", "--no-dtls", "--lt-cred-mech", "--realm=signalbox",
        "--user=demo:demo", f"--listening-ip={address}", f"--relay-ip={address}", f"--listening-port={port}",
        "--min-port=49152", "--max-port=49300", "--log-file=stdout", "--simple-log",
    ], stdout=log, stderr=subprocess.STDOUT)

    def listening():
        with open(log.name, encoding="utf-8", errors="replace") as text:
            seen = text.read()
        return ("Total General servers" in seen or "IPv4. UDP listener opened on" in seen, seen[-400:])
    wait_for("turnserver to listen", listening, timeout=15)
    return f"demo:demo@{address}:{port}"


def candidate_types(events):
    types = set()
    for event in events:
        if event["kind"] != "posted":
            continue
        message = json.loads(base64.b64decode(event["body"]))
        if message.get("type") == "icecandidate" and message.get("candidate"):
            fields = message["candidate"]["candidate"].split()
            types.add(fields[7] if len(fields) > 7 else "?")
    return types


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the signalbox executable")
    parser.add_argument("--out", default=RESOURCE, help="where the recording goes (default: the demo's resource)")
    options = parser.parse_args()
    stop_on_signals()
    processes = Processes()
    recording = tempfile.NamedTemporaryFile(prefix="signalbox-demo-", suffix=".jsonl", delete=False)
    processes.on_stop(lambda: os.unlink(recording.name))
    try:
        address = machine_address()
        stun = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        stun.bind((address, 0))
        processes.on_stop(stun.close)
        threading.Thread(target=serve_stun_as_nat, args=(stun,), daemon=True).start()
        turn = start_turn(processes, address)
        ice = f"&stun=stun:{address}:{stun.getsockname()[1]}&turn={turn}"

        server = Server(processes, os.path.abspath(options.binary), "--record", recording.name)
        driver = ChromeDriver(processes)
        alice, bob = driver.session(loopback=False), driver.session(loopback=False)
        call(server.url, bob, alice, "bob", "alice", ice)
        alice.click("#hangup")
        bob.wait_state("bob to learn that alice hung up", lambda s: s["connection"] == "closed")
        for page in (alice, bob):
            page.go("about:blank")  # stops polling before the server goes
        server.process.terminate()
        server.process.wait(timeout=10)

        with open(recording.name, encoding="utf-8") as text:
            events = [json.loads(line) for line in text if line.strip()]
        kept = [event for event in events if {event.get("inbox"), event.get("sender")} <= {"alice", "bob", None}]
        types = candidate_types(kept)
        if not {"host", "srflx", "relay"} <= types:
            raise Failure(f"the candidates signalled were of the types {sorted(types)}, not host, srflx and relay")
        os.makedirs(os.path.dirname(options.out), exist_ok=True)
        with open(options.out, "w", encoding="utf-8") as out:
            for event in kept:
                out.write(json.dumps(event, sort_keys=True, separators=(",", ":")) + "\n")
        posted = [event for event in kept if event["kind"] == "posted"]
        print(f"recorded {len(posted)} messages ({', '.join(sorted(types))} candidates) in {options.out}")
        return 0
    except Failure as error:
        print(f"FAIL  {error}")
        return 1
    finally:
        processes.stop_all()


if __name__ == "__main__":
    sys.exit(main())
