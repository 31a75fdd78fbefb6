#!/usr/bin/env python3
"""Soak test: peers in pairs run WebRTC-style handshakes through `signalbox serve` for a long
time, with long polls cut mid-wait and peers restarting, then every message is accounted for.

Each pair repeats: the initiator posts an offer; the answerer replies with an answer and 10
candidates; the initiator sends its 10 candidates. Every message carries a unique id. Clients
log what the server accepted and what they received; at the end the peers drain their inboxes,
the server is stopped, and its own "stopped:" line must agree with the clients' logs:
  accepted = delivered + expired, nothing still queued, nothing received twice, nothing
  received that was never accepted, and every accepted message either received or expired.
RSS is read from /proc at the start, at its peak, and once every inbox has expired.

Usage: scripts/soak.py --binary .build/release/signalbox [--duration 600] [--peers 200]
"""
import argparse
import base64
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the signalbox executable")
    parser.add_argument("--duration", type=float, default=600, help="seconds of load (default 600)")
    parser.add_argument("--peers", type=int, default=200, help="peers, in pairs (default 200)")
    parser.add_argument("--cut", type=float, default=0.10, help="share of long polls cut mid-wait (default 0.10)")
    parser.add_argument("--restarts-per-minute", type=float, default=0.5, help="per peer (default 0.5)")
    parser.add_argument("--inbox-timeout", type=float, default=15)
    parser.add_argument("--message-timeout", type=float, default=10)
    parser.add_argument("--report", help="write the figures as JSON to this file")
    return parser.parse_args()


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Server:
    """`signalbox serve` on a free loopback port, with its log kept."""

    def __init__(self, binary, inbox_timeout, message_timeout):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.log = open(f"/tmp/signalbox-soak-{os.getpid()}.log", "w+")
        self.process = subprocess.Popen(
            [binary, "serve", "--bind", f"127.0.0.1:{self.port}",
             "--inbox-timeout", str(inbox_timeout), "--message-timeout", str(message_timeout),
             "--long-poll-timeout", "30", "--inbox-capacity", "100"],
            stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(100):
            if "serving http://" in self.text():
                return
            time.sleep(0.1)
        raise SystemExit("signalbox serve did not start:\n" + self.text())

    def text(self):
        self.log.flush()
        with open(self.log.name) as log:
            return log.read()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)
        text = self.text()
        line = next((l for l in text.splitlines() if "stopped:" in l), None)
        if line is None:
            raise SystemExit(f"the server printed no 'stopped:' line (its log: {self.log.name}):\n" + text)
        os.remove(self.log.name)
        match = re.search(
            r"(\d+) requests answered; (\d+) messages accepted, (\d+) delivered, (\d+) expired, "
            r"(\d+) still queued, (\d+) returned after a failed answer; (\d+) posts refused, "
            r"(\d+) wrong passwords; (\d+) inboxes opened, (\d+) expired", line)
        if match is None:
            raise SystemExit("cannot read the server's 'stopped:' line: " + line)
        names = ["requests answered", "messages accepted", "delivered", "expired", "still queued",
                 "returned", "posts refused", "wrong passwords", "inboxes opened", "inboxes expired"]
        numbers = dict(zip(names, map(int, match.groups())))
        return line, numbers


class Peer(threading.Thread):
    CANDIDATES = 10

    def __init__(self, index, soak):
        super().__init__(daemon=True)
        self.index, self.soak = index, soak
        self.name_ = f"soak-{index}-{random.getrandbits(32):08x}"
        self.password = f"pw-{random.getrandbits(64):016x}"
        self.initiator = index % 2 == 0
        self.sequence = 0
        self.accepted = set()        # ids the server accepted from us (200)
        self.unsure = set()          # ids whose POST failed in transit: accepted or not, unknown
        self.refused = Counter()     # status -> count
        self.received = []           # ids, in arrival order
        self.restarts = self.polls = self.caught_in_cut = 0
        self.was_cut = False
        self.candidates_in = 0
        self.last_progress = 0.0
        self.poller = self.sender = None
        self.away_until = 0.0

    # HTTP -----------------------------------------------------------------------------------
    def headers(self):
        token = base64.b64encode(f"{self.name_}:{self.password}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.soak.server.port, timeout=40)

    def drop_connections(self):
        for connection in (self.poller, self.sender):
            if connection is not None:
                connection.close()
        self.poller = self.sender = None

    def post(self, kind, to, filler):
        self.sequence += 1
        message_id = f"{self.name_}#{self.sequence}"
        body = json.dumps({"type": kind, "id": message_id, "data": filler}).encode()
        if self.sender is None:
            self.sender = self.connection()
        try:
            self.sender.request("POST", f"/inbox?to={to}", body=body,
                                headers={**self.headers(), "Content-Type": "application/json"})
            response = self.sender.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.sender.close()
            self.sender = None
            self.unsure.add(message_id)
            return
        if response.status == 200:
            self.accepted.add(message_id)
        else:
            self.refused[response.status] += 1

    def poll(self, wait, cut_after=None):
        """One GET; returns the message body, None when empty, or "cut"."""
        if self.poller is None:
            self.poller = self.connection()
        self.polls += 1
        try:
            self.poller.request("GET", f"/inbox?wait={wait}", headers=self.headers())
            self.poller.sock.settimeout(cut_after if cut_after is not None else wait + 10)
            response = self.poller.getresponse()
            body = response.read()
        except socket.timeout:
            if cut_after is None:
                raise
            return self.cut()
        except (OSError, http.client.HTTPException):
            self.poller.close()
            self.poller = None
            return None
        if response.status == 200 and body:
            return response.getheader("X-From"), json.loads(body)
        return None

    def cut(self):
        """Walks away from the waiting poll the way a careful client does: it closes its side
        (the server sees the FIN and puts back any message not yet written), then reads what
        was already on its way. A client that resets instead can lose a message that had left
        the server: the protocol has no acknowledgement (docs/RELIABILITY.md)."""
        sock, self.poller = self.poller.sock, None
        self.was_cut = True
        received = b""
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.settimeout(5)
            while chunk := sock.recv(1 << 16):
                received += chunk
        except OSError:
            pass
        sock.close()
        head, _, body = received.partition(b"\r\n\r\n")
        if head.startswith(b"HTTP/1.1 200") and body:
            self.caught_in_cut += 1
            sender = re.search(rb"(?i)\r\nx-from: *([^\r]*)", head).group(1).decode()
            return sender, json.loads(body)
        return "cut"

    # Behaviour ------------------------------------------------------------------------------
    def partner(self):
        return self.soak.peers[self.index ^ 1].name_

    def react(self, sender, message):
        self.received.append(message["id"])
        kind = message["type"]
        if kind == "offer":
            self.post("answer", sender, "v=0 " + "a" * 150)
            for n in range(self.CANDIDATES):
                self.post("candidate", sender, f"candidate:{n} 1 udp 2122260223 192.0.2.{n} 5000{n} typ host")
        elif kind == "answer":
            for n in range(self.CANDIDATES):
                self.post("candidate", sender, f"candidate:{n} 1 udp 2122260223 198.51.100.{n} 6000{n} typ host")
            self.last_progress = time.monotonic()
        elif kind == "candidate" and self.initiator:
            self.candidates_in += 1
            self.last_progress = time.monotonic()

    def run(self):
        soak = self.soak
        restarts_per_second = soak.args.restarts_per_minute / 60
        last = time.monotonic()
        while not soak.stopping.is_set():
            now = time.monotonic()
            elapsed, last = now - last, now
            if now < self.away_until:
                time.sleep(min(0.2, self.away_until - now))
                continue
            # A restart: the client goes away for a while (sometimes longer than the message
            # or inbox timeout) and comes back with fresh connections.
            if random.random() < restarts_per_second * elapsed:
                self.drop_connections()
                self.restarts += 1
                self.away_until = now + random.uniform(0.5, 1.5 * soak.args.inbox_timeout)
                continue
            if self.initiator and (self.candidates_in >= self.CANDIDATES or now - self.last_progress > 3):
                self.candidates_in = 0
                self.last_progress = now
                self.post("offer", self.partner(), "v=0 " + "o" * 150)
            wait = random.choice([0, 1, 2, 5])
            with soak.lock:  # cut a share of the long polls that wait, mid-wait
                cut = random.uniform(0.02, min(0.5, wait - 0.05)) if wait and soak.cut < soak.args.cut * soak.waited else None
            began = time.monotonic()
            self.was_cut = False
            answer = self.poll(wait, cut)
            if wait and (self.was_cut or time.monotonic() - began > 0.05):
                with soak.lock:
                    soak.waited += 1
                    soak.cut += self.was_cut
            if answer not in (None, "cut"):
                self.react(*answer)

    def drain(self):
        """After the load: fetch whatever is still queued, until an empty answer."""
        self.drop_connections()
        while True:
            answer = self.poll(0)
            if answer is None:
                return
            if answer != "cut":
                self.received.append(answer[1]["id"])


class Soak:
    def __init__(self, args):
        self.args = args
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.waited = 0   # long polls that waited for a message (cut or not)
        self.cut = 0
        self.server = Server(args.binary, args.inbox_timeout, args.message_timeout)
        self.peers = [Peer(i, self) for i in range(args.peers)]

    def run(self):
        pid = self.server.process.pid
        rss_start = rss_kib(pid)
        for peer in self.peers:
            peer.start()
        started = time.monotonic()
        rss_peak = rss_start
        next_report = started + 60
        while time.monotonic() - started < self.args.duration:
            time.sleep(1)
            rss_peak = max(rss_peak, rss_kib(pid))
            if time.monotonic() >= next_report:
                next_report += 60
                print(f"  {time.monotonic() - started:4.0f} s: {sum(len(p.accepted) for p in self.peers)} accepted, "
                      f"{sum(len(p.received) for p in self.peers)} received, RSS {rss_peak // 1024} MiB peak", flush=True)
        self.stopping.set()
        for peer in self.peers:
            peer.join()
        for peer in self.peers:
            peer.drain()
        # Let every inbox expire (no one polls any more), then read the memory.
        time.sleep(self.args.inbox_timeout + 3)
        rss_end = rss_kib(pid)
        line, server = self.server.stop()
        return self.account(server, line, rss_start, rss_peak, rss_end)

    def account(self, server, line, rss_start, rss_peak, rss_end):
        accepted = set().union(*(p.accepted for p in self.peers))
        unsure = set().union(*(p.unsure for p in self.peers))
        received = Counter(id for p in self.peers for id in p.received)
        duplicates = sorted(id for id, n in received.items() if n > 1)
        unknown = sorted(id for id in received if id not in accepted and id not in unsure)
        missing = accepted - set(received)
        unsure_delivered = len(unsure & set(received))
        figures = {
            "duration_s": self.args.duration, "peers": self.args.peers,
            "requests": server.get("requests answered", 0),
            "polls": sum(p.polls for p in self.peers),
            "long_polls_that_waited": self.waited,
            "long_polls_cut_mid_wait": self.cut,
            "messages_caught_while_cutting": sum(p.caught_in_cut for p in self.peers),
            "restarts": sum(p.restarts for p in self.peers),
            "accepted_by_clients": len(accepted),
            "posts_failed_in_transit": len(unsure),
            "refused_by_status": dict(sum((p.refused for p in self.peers), Counter())),
            "received": sum(received.values()),
            "received_twice": len(duplicates),
            "received_never_accepted": len(unknown),
            "accepted_not_received": len(missing),
            "server": server,
            "rss_kib": {"start": rss_start, "peak": rss_peak, "end": rss_end},
        }
        problems = []
        if not len(accepted) + unsure_delivered <= server.get("messages accepted", -1) <= len(accepted) + len(unsure):
            problems.append("the server accepted a different number of messages than its clients saw accepted")
        if server.get("delivered") != sum(received.values()):
            problems.append("the server delivered a different number of messages than its clients received")
        if server.get("expired") != len(missing):
            problems.append("accepted messages neither received nor expired by the server's timer")
        if server.get("still queued"):
            problems.append("messages still queued after the drain")
        if duplicates:
            problems.append(f"messages received twice, e.g. {duplicates[:3]}")
        if unknown:
            problems.append(f"messages received that were never sent, e.g. {unknown[:3]}")
        if rss_end > max(rss_start * 1.5, rss_start + 8 * 1024):
            problems.append("RSS did not come back near its start once the inboxes expired")
        figures["problems"] = problems
        figures["server_line"] = line
        return figures


def main():
    args = parse_arguments()
    if args.peers < 2 or args.peers % 2:
        raise SystemExit("--peers must be an even number, at least 2")
    print(f"soak: {args.peers} peers for {args.duration:.0f} s, {args.cut:.0%} of long polls cut, "
          f"{args.restarts_per_minute} restarts per peer per minute", flush=True)
    figures = Soak(args).run()
    print(json.dumps(figures, indent=2))
    if args.report:
        with open(args.report, "w") as report:
            json.dump(figures, report, indent=2)
    if figures["problems"]:
        print("FAILED:\n  " + "\n  ".join(figures["problems"]))
        sys.exit(1)
    print("OK: every accepted message was delivered exactly once or expired by its timer")


if __name__ == "__main__":
    main()
