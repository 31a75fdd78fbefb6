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
from harness import ChromeDriver, Failure, Processes, call, stop_on_signals  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the hosted mailbox's base URL")
    options = parser.parse_args()
    stop_on_signals()
    processes = Processes()
    try:
        driver = ChromeDriver(processes)
        alice, bob = driver.session(), driver.session()
        call(options.url, alice, bob, "alice-browser", "bob-browser")
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
