#!/usr/bin/env python3
"""Two headless Chromium peer pages that call each other through a mailbox someone else hosts
(the hosting `signalbox` in scripts/screenshots.sh), so that its host view shows browser peers
mid-handshake. Prints "connected" once both pages are, then keeps them open until stopped
(SIGTERM). Needs chromium and chromium-driver (Debian). Usage:

    python3 scripts/browsers-on-host.py --url http://127.0.0.1:3000
"""

import argparse
import os
import signal
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(root, "Tests", "Browser"))
from harness import ChromeDriver, Failure, Processes, stop_on_signals  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the hosted mailbox's base URL")
    options = parser.parse_args()
    stop_on_signals()
    processes = Processes()
    try:
        driver = ChromeDriver(processes)
        alice, bob = driver.session(), driver.session()
        alice.go(f"{options.url}/?name=alice-browser")
        alice.wait_state("alice's inbox to open", lambda s: s["inbox"] == "open")
        bob.go(f"{options.url}/?name=bob-browser&call=alice-browser")
        for page, who in ((alice, "alice"), (bob, "bob")):
            page.wait_state(f"{who} to connect", lambda s: s["connection"] == "connected" and s["channel"] == "open", 30)
        bob.type("#say", "hello over the data channel\ue007")
        print("connected", flush=True)
        signal.pause()
    except Failure as error:
        print(f"browsers failed: {error}", flush=True)
        return 1
    finally:
        processes.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
