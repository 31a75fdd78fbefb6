#!/usr/bin/env python3
"""Time from `call` to `connected` between two headless Chromium pages, through `signalbox
serve` and, given its binary, through the Go reference server (emad-elsaid/inbox), run by
turns in one sitting. The figure is the calling page's own: from the moment it starts the
call (before createOffer) to its RTCPeerConnection's connectionState becoming "connected"
(`data-connected-in`), so that WebDriver's polling adds nothing to it.

Both servers serve the same page, at the same origin as their mailbox: the reference gets
Signalbox's page, saved from `signalbox serve`, as its `-public` directory. Before each call
the callee's inbox is known to exist (a probe message to it is accepted), so no call waits
for a page still opening. Usage:

    python3 Benchmarks/call-setup.py --binary .build/release/signalbox [--reference PATH] [--runs 10]
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Browser"))
from harness import ChromeDriver, Failure, Processes, Server, free_port, stop_on_signals, wait_for  # noqa: E402


class Reference:
    """The Go reference server on a free loopback port, over HTTP, serving `public`."""

    def __init__(self, processes, binary, public):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        processes.start([binary, "-bind", f"127.0.0.1:{port}", "-https=false", "-public", public,
                         "-max-body-size", "65536"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for("the reference server to serve the page", self._serving, timeout=15)

    def _serving(self):
        try:
            with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                return (response.status == 200, response.status)
        except OSError as error:
            return (False, str(error))


def one_call(server, callee, caller, run):
    a_name, b_name = f"callee-{run}", f"caller-{run}"
    callee.go(f"{server.url}/?name={a_name}")
    # The inbox exists once a message to it is accepted; the page then has an answer too.
    wait_for(f"{a_name}'s inbox to exist",
             lambda: (lambda status: (status == 200, status))(
                 server_post(server, a_name)), timeout=15)
    callee.wait_state(f"{a_name}'s inbox to open", lambda s: s["inbox"] == "open")
    caller.go(f"{server.url}/?name={b_name}&call={a_name}")
    state = caller.wait_state(f"{b_name} to connect", lambda s: s["connection"] == "connected", timeout=30)
    callee.wait_state(f"{a_name} to connect", lambda s: s["connection"] == "connected", timeout=30)
    for page in (callee, caller):
        page.go("about:blank")
    return int(state["connectedIn"])


def server_post(server, to):
    request = urllib.request.Request(f"{server.url}/inbox?to={to}", data=b"probe", method="POST")
    request.add_header("Authorization", "Basic YmVuY2gtcHJvYmU6cA==")  # bench-probe:p
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def cpu_model():
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def summary(label, times):
    return (f"{label:<22} median {statistics.median(times):6.0f} ms   min {min(times):5d}   max {max(times):5d}"
            f"   ({len(times)} calls)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the signalbox executable")
    parser.add_argument("--reference", help="the Go reference server's executable (emad-elsaid/inbox)")
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()

    stop_on_signals()
    processes = Processes()
    try:
        ours = Server(processes, os.path.abspath(options.binary))
        contenders = [("signalbox serve", ours)]
        if options.reference:
            public = tempfile.mkdtemp(prefix="signalbox-reference-public-")
            processes.on_stop(lambda: subprocess.run(["rm", "-rf", public]))
            with urllib.request.urlopen(ours.url + "/") as page, open(os.path.join(public, "index.html"), "wb") as file:
                file.write(page.read())
            contenders.append(("Go reference", Reference(processes, os.path.abspath(options.reference), public)))
        driver = ChromeDriver(processes)
        callee, caller = driver.session(), driver.session()
        for label, server in contenders:  # a first call warms the browsers up, and is not counted
            one_call(server, callee, caller, "warm-up")
        times = {label: [] for label, _ in contenders}
        for run in range(options.runs):
            # By turns, each first every other round, so that the machine's moods fall on both.
            for label, server in (contenders if run % 2 == 0 else contenders[::-1]):
                times[label].append(one_call(server, callee, caller, run))
        version = subprocess.run([driver.browser, "--version"], capture_output=True, text=True).stdout.strip()
        print(f"call to connected, two headless pages on loopback; {version}; CPU: {cpu_model()}")
        print(f"signalbox: {os.path.abspath(options.binary)}" + (f"; reference: {options.reference}" if options.reference else ""))
        for label, values in times.items():
            print(summary(label, values) + "   " + " ".join(map(str, values)))
        if len(times) == 2:
            ratio = statistics.median(times["signalbox serve"]) / statistics.median(times["Go reference"])
            print(f"signalbox / reference, medians: {ratio:.2f}")
    except Failure as error:
        print(f"benchmark failed: {error}")
        return 1
    finally:
        processes.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
