#!/usr/bin/env python3
"""Makes screenshots/page.png: the browser peer page mid-call, in headless Chromium. Two pages
on a `signalbox serve`, connected, a few chat lines, both fake cameras on; the calling page is
captured. Needs chromium and chromium-driver (Debian). Usage:

    python3 scripts/page-screenshot.py [--binary PATH] [--output screenshots/page.png]
"""

import argparse
import os
import subprocess
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(root, "Tests", "Browser"))
from harness import ChromeDriver, Failure, Processes, Server, call, stop_on_signals, wait_for  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="the signalbox executable (default: swift build's)")
    parser.add_argument("--output", default=os.path.join(root, "screenshots", "page.png"))
    options = parser.parse_args()
    binary = options.binary
    if binary is None:
        subprocess.run(["swift", "build", "--product", "signalbox"], cwd=root, check=True)
        path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, check=True,
                              capture_output=True, text=True).stdout.strip()
        binary = os.path.join(path, "signalbox")

    stop_on_signals()
    processes = Processes()
    try:
        server = Server(processes, os.path.abspath(binary))
        driver = ChromeDriver(processes)
        alice, bob = driver.session(loopback=False), driver.session(loopback=False)
        call(server.url, alice, bob, "alice", "bob")
        for page in (alice, bob):
            page.click("#media")
        for sender, receiver, text in ((bob, alice, "hi alice, can you see me?"),
                                       (alice, bob, "yes, the test pattern and all"),
                                       (bob, alice, "good: the mailbox did its job")):
            sender.type("#say", text + "\ue007")
            wait_for(f"'{text}' to arrive", lambda: (lambda lines: (text in lines, lines))(receiver.chat_lines()))
        wait_for("bob to show alice's video",
                 lambda: (lambda w: (w > 0, w))(bob.run("return document.getElementById('remote').videoWidth;")))
        bob.wait_state("bob to show the candidate pair", lambda s: "⇄" in (s["pair"] or ""))
        os.makedirs(os.path.dirname(os.path.abspath(options.output)), exist_ok=True)
        bob.screenshot(options.output)
        print(options.output)
    except Failure as error:
        print(f"screenshot failed: {error}")
        return 1
    finally:
        processes.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
