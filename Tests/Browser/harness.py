"""What the browser tests, the call benchmark and the page screenshot share: Chromium driven
through chromedriver's WebDriver HTTP API (plain urllib, no dependency), `signalbox serve` on
a free loopback port, and waits that poll a condition until a deadline.

Everything started here is stopped by `Processes.stop_all()`, which the scripts call in a
`finally`, so that a failing run leaves no chromedriver, Chromium or server behind."""

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

# DESIGN.md §6: the flags headless Chromium needs on this machine kind, and fake media so
# that the camera button works without a camera or a permission prompt.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
    "--window-size=1280,1000",
    "--no-first-run",
    "--no-default-browser-check",
]


class Failure(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, probe, timeout=20.0, interval=0.05):
    """Polls `probe` until it returns (True, value); returns the value. On the deadline,
    fails naming `what` and the last thing `probe` saw."""
    deadline = time.monotonic() + timeout
    while True:
        done, seen = probe()
        if done:
            return seen
        if time.monotonic() > deadline:
            raise Failure(f"{what}: not within {timeout:g} s; last saw: {seen!r}")
        time.sleep(interval)


def stop_on_signals():
    """SIGTERM and SIGHUP (a CI time limit, a closed terminal) end the script through its
    `finally`, as Ctrl-C does, so that what it started is stopped too."""
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, lambda received, _: sys.exit(128 + received))


def call(url, callee, caller, callee_name, caller_name, query=""):
    """Opens the callee's page and waits for its inbox, then has the caller's page call it;
    returns once both are connected with the chat channel open. `query` is added to both
    pages' URLs (`&stun=…`, for instance)."""
    callee.go(f"{url}/?name={callee_name}{query}")
    callee.wait_state(f"{callee_name}'s inbox to open", lambda s: s["inbox"] == "open")
    caller.go(f"{url}/?name={caller_name}&call={callee_name}{query}")
    for page, name in ((callee, callee_name), (caller, caller_name)):
        page.wait_state(f"{name} to connect", lambda s: s["connection"] == "connected" and s["channel"] == "open", 30)


class Processes:
    """Every process a script started, so that all of them stop however the script ends."""

    def __init__(self):
        self.running = []
        self.cleanups = []

    def start(self, arguments, **options):
        process = subprocess.Popen(arguments, start_new_session=True, **options)
        self.running.append(process)
        return process

    def on_stop(self, cleanup):
        self.cleanups.append(cleanup)

    def stop_all(self):
        for cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as error:  # stopping the rest matters more
                print(f"cleanup failed: {error}")
        self.cleanups.clear()
        for process in reversed(self.running):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in self.running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.running.clear()


class Server:
    """A `signalbox serve` on a free loopback port."""

    def __init__(self, processes, binary, *flags):
        self.log = tempfile.NamedTemporaryFile(prefix="signalbox-serve-", suffix=".log", delete=False)
        processes.on_stop(lambda: os.unlink(self.log.name))
        self.process = processes.start(
            [binary, "serve", "--bind", "127.0.0.1:0", *flags], stdout=subprocess.DEVNULL, stderr=self.log)
        self.url = wait_for("signalbox serve to start", self._started, timeout=15)

    def _started(self):
        with open(self.log.name, encoding="utf-8", errors="replace") as log:
            text = log.read()
        found = re.search(r"serving (https?://127\.0\.0\.1:\d+)", text)
        if self.process.poll() is not None:
            raise Failure(f"signalbox serve exited with {self.process.returncode}: {text}")
        return (found is not None, found.group(1) if found else text)

    def request(self, method, path, user=None, password="", body=None):
        """One request; returns (status, body text), whatever the status."""
        request = urllib.request.Request(self.url + path, data=body, method=method)
        if user is not None:
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            request.add_header("Authorization", "Basic " + token)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class ChromeDriver:
    """A chromedriver process; `session()` opens a Chromium of its own (its own profile, so
    its own sessionStorage, cache and connections), as a second machine would be."""

    def __init__(self, processes):
        driver = shutil.which("chromedriver")
        browser = shutil.which("chromium")
        if not driver or not browser:
            raise Failure("needs chromium and chromedriver (Debian: apt-get install chromium chromium-driver)")
        self.browser = browser
        self.processes = processes
        self.port = free_port()
        self.process = processes.start(
            [driver, f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        wait_for("chromedriver to answer", self._ready, timeout=15)

    def _ready(self):
        try:
            return (self.call("GET", "/status")["value"].get("ready", False), "not ready")
        except (OSError, Failure) as error:
            return (False, str(error))

    def call(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")
            try:
                value = json.loads(detail)["value"]
                detail = f"{value.get('error')}: {value.get('message', '').splitlines()[0]}"
            except (ValueError, KeyError, AttributeError, IndexError):
                pass
            raise Failure(f"WebDriver {method} {path} answered {error.code}: {detail}") from None

    def session(self, extra_flags=(), loopback=True):
        """`loopback`: let WebRTC use loopback candidates too, where a machine (a CI container)
        may have no other interface; browsers do not, so a screenshot leaves it off."""
        flags = CHROMIUM_FLAGS + (["--allow-loopback-in-peer-connection"] if loopback else []) + list(extra_flags)
        capabilities = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": {"binary": self.browser, "args": flags},
        }}}
        value = self.call("POST", "/session", capabilities, timeout=90)["value"]
        session = Session(self, value["sessionId"])
        self.processes.on_stop(session.quit)
        return session


class Session:
    """One browser, one page: the WebDriver commands the scripts use."""

    def __init__(self, driver, session_id):
        self.driver = driver
        self.id = session_id
        self.open = True

    def call(self, method, path, body=None):
        return self.driver.call(method, f"/session/{self.id}{path}", body)["value"]

    def quit(self):
        if self.open:
            self.open = False
            try:
                self.driver.call("DELETE", f"/session/{self.id}", timeout=20)
            except (OSError, Failure):
                pass  # chromedriver's own exit takes the browser with it

    def go(self, url):
        self.call("POST", "/url", {"url": url})

    def run(self, script, *arguments):
        """Runs `script` as a function body in the page; returns what it returns."""
        return self.call("POST", "/execute/sync", {"script": script, "args": list(arguments)})

    def element(self, css):
        found = self.call("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(found.values()))

    def click(self, css):
        self.call("POST", f"/element/{self.element(css)}/click", {})

    def type(self, css, text):
        self.call("POST", f"/element/{self.element(css)}/value", {"text": text})

    def screenshot(self, path):
        with open(path, "wb") as file:
            file.write(base64.b64decode(self.call("GET", "/screenshot")))

    # The page's test contract (README "Joining with a browser"), and what it shows besides.
    def state(self):
        return self.run("""
            const d = document.documentElement.dataset;
            const text = (id) => document.getElementById(id)?.textContent ?? null;
            return {connection: d.connection, channel: d.channel, inbox: d.inbox, problem: d.problem ?? null,
                    problemText: document.getElementById('problem').hidden ? null : text('problem'),
                    callStatus: text('call-status'), pair: text('pair'), connectedIn: d.connectedIn ?? null,
                    log: Array.from(document.querySelectorAll('#log tr')).slice(0, 8).map((r) => r.innerText)};
        """)

    def wait_state(self, what, condition, timeout=20.0):
        def probe():
            try:
                state = self.state()
            except Failure as error:  # e.g. the page is still loading: look again
                return (False, str(error))
            return (condition(state), state)
        return wait_for(what, probe, timeout)

    def chat_lines(self, kind="theirs"):
        return self.run(
            "return Array.from(document.querySelectorAll('#chat .line.' + arguments[0] + ' .text'), (e) => e.textContent);",
            kind)
