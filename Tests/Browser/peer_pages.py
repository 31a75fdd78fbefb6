#!/usr/bin/env python3
"""The browser peer page in real, headless Chromium, driven through chromedriver, against real
`signalbox serve` processes (and `signalbox` hosting in tmux): two pages connect through the
mailbox, chat over their data channel, show each other's fake camera, hang up and call again;
a page calls through a second server with --cors; the mailbox's 401/404/413/503 are said on
the page; the host view shows the browsers' inboxes and their offer.

Every wait polls the page's test contract (README "Joining with a browser") until a deadline
and, when it fails, prints what it saw last and what each page shows. Usage:

    python3 Tests/Browser/peer_pages.py --binary .build/debug/signalbox [--only NAME]
"""

import argparse
import os
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ChromeDriver, Failure, Processes, Server, free_port, stop_on_signals, wait_for  # noqa: E402

ENTER = "\ue007"  # WebDriver's Enter key


def connected(*pages, timeout=30):
    for page in pages:
        page.wait_state(f"{page.label} to reach connection=connected and channel=open",
                        lambda s: s["connection"] == "connected" and s["channel"] == "open", timeout)


def inbox_open(page):
    page.wait_state(f"{page.label}'s inbox to open", lambda s: s["inbox"] == "open")


def chat_reaches(sender, receiver, text):
    sender.type("#say", text + ENTER)
    wait_for(f"'{text}' typed in {sender.label} to appear in {receiver.label}'s #chat",
             lambda: (lambda lines: (text in lines, lines))(receiver.chat_lines()))


def remote_video(page):
    return page.run("""
        const v = document.getElementById('remote');
        return {width: v.videoWidth, height: v.videoHeight, time: v.currentTime, paused: v.paused,
                readyState: v.readyState};
    """)


def video_plays(page):
    """The page's remote <video> has frames, and its time moves on."""
    first = wait_for(f"{page.label}'s remote video to have frames",
                     lambda: (lambda v: (v["width"] > 0 and v["time"] > 0, v))(remote_video(page)))
    wait_for(f"{page.label}'s remote video to play on past {first['time']:.2f} s",
             lambda: (lambda v: (v["time"] > first["time"] + 0.2, v))(remote_video(page)))


def rows(page, direction, kind):
    return page.run(
        "return document.querySelectorAll(`#log tr.${arguments[0]}[data-type='${arguments[1]}']`).length;",
        direction, kind)


def problem(page, code, *words):
    state = page.wait_state(f"{page.label} to say the mailbox answered {code}",
                            lambda s: s["problem"] == str(code))
    for word in words:
        if word not in (state["problemText"] or ""):
            raise Failure(f"{page.label}'s problem should mention {word!r}: {state['problemText']!r}")
    return state


# ---- The tests ------------------------------------------------------------------------------

def test_call_chat_video_hang_up_and_call_again(context):
    a, b = context.pages
    server = context.server()
    a.go(f"{server.url}/?name=A")
    inbox_open(a)
    b.go(f"{server.url}/?name=B&call=A")
    connected(a, b)
    for page in (a, b):
        page.wait_state(f"{page.label} to show the selected candidate pair", lambda s: "⇄" in (s["pair"] or ""))
    chat_reaches(b, a, "hello from B")
    chat_reaches(a, b, "and hello from A")
    # Plain text through the mailbox (from a terminal peer, say) shows in the chat too.
    if server.request("POST", "/inbox?to=A", user="terminal", body="hello from a terminal".encode())[0] != 200:
        raise Failure("could not send A a text through the mailbox")
    wait_for("the mailbox's text to appear in A's #chat",
             lambda: (lambda lines: ("hello from a terminal" in lines, lines))(a.chat_lines("mailbox")))

    # The signaling went through the mailbox as the reference's JSON messages.
    if rows(b, "sent", "offer") != 1 or rows(a, "received", "offer") != 1:
        raise Failure("B should have sent one offer, and A received it")
    if rows(a, "sent", "answer") != 1 or rows(b, "received", "answer") != 1:
        raise Failure("A should have sent one answer, and B received it")
    if rows(b, "sent", "icecandidate") == 0 or rows(a, "received", "icecandidate") == 0:
        raise Failure("no ICE candidate went from B to A")

    b.click("#media")
    video_plays(a)
    a.click("#media")
    video_plays(b)

    b.click("#hangup")
    a.wait_state("A to learn that B hung up",
                 lambda s: s["connection"] == "closed" and "B hung up" in (s["callStatus"] or ""))
    b.wait_state("B's call to be closed", lambda s: s["connection"] == "closed")
    b.click("#call")  # the peer field still names A
    connected(a, b)
    chat_reaches(b, a, "calling again")
    video_plays(a)  # B's camera is still on, and goes out on the new call too


def test_a_page_without_a_name_makes_one_up_and_its_link_calls_it(context):
    a, b = context.pages
    server = context.server()
    a.go(f"{server.url}/")
    inbox_open(a)
    name_of = "return new URLSearchParams(location.search).get('name');"
    name = a.run(name_of)
    if not (name or "").startswith("peer-"):
        raise Failure(f"the page should have made up a name and put it in its address, not {name!r}")
    invite = a.run("return document.getElementById('invite').href;")
    if invite != f"{server.url}/?call={name}":
        raise Failure(f"the link for the other side should be {server.url}/?call={name}, not {invite!r}")
    # A reload keeps the name, and the inbox with it: the password is the tab's.
    a.go(f"{server.url}/")
    inbox_open(a)
    if a.run(name_of) != name:
        raise Failure(f"the reloaded page should still be {name}, not {a.run(name_of)!r}")
    b.go(invite)
    connected(a, b)
    chat_reaches(b, a, "I came by the link")


def test_page_calls_through_a_second_server_with_cors(context):
    a, b = context.pages
    pages_server = context.server()
    mailbox = context.server("--cors")
    a.go(f"{pages_server.url}/?name=X&server={mailbox.url}")
    inbox_open(a)
    b.go(f"{pages_server.url}/?name=Y&call=X&server={mailbox.url}")
    connected(a, b)
    chat_reaches(a, b, "across origins")
    # The inboxes are on the second server only.
    status, _ = pages_server.request("POST", "/inbox?to=X", user="probe", body=b"hi")
    if status != 404:
        raise Failure(f"the page's own server should not know X, but a post to X got {status}")
    status, _ = mailbox.request("POST", "/inbox?to=X", user="probe", body=b"hi")
    if status != 200:
        raise Failure(f"the --cors server should hold X's inbox, but a post to X got {status}")
    # Without --cors a browser may not use the server from another origin, and the page says so.
    closed = context.server()
    b.go(f"{pages_server.url}/?name=Z&server={closed.url}")
    problem(b, "unreachable", "Cannot reach the mailbox", closed.url)


def test_the_page_says_what_the_mailbox_refused(context):
    a, b = context.pages
    server = context.server()
    # 401: the name is taken with another password.
    if server.request("GET", "/inbox?wait=0", user="taken", password="theirs")[0] != 204:
        raise Failure("could not open the inbox 'taken'")
    a.go(f"{server.url}/?name=taken")
    problem(a, 401, "401", '"taken" is already taken')
    # 404: calling a name with no inbox (the page keeps trying until it opens).
    b.go(f"{server.url}/?name=caller&call=nobody")
    problem(b, 404, "404", "nobody has no inbox")
    # 413: an offer (several KB of SDP) over the server's --max-body-size.
    strict = context.server("--max-body-size", "1024")
    if strict.request("GET", "/inbox?wait=0", user="small", password="s")[0] != 204:
        raise Failure("could not open the inbox 'small'")
    a.go(f"{strict.url}/?name=big&call=small")
    state = problem(a, 413, "413", "too large", "1024 bytes", "--max-body-size")
    if "call failed" not in (state["callStatus"] or ""):
        raise Failure(f"the call should have failed: {state['callStatus']!r}")
    # 503: the server holds as many inboxes as it may.
    full = context.server("--max-inboxes", "1")
    if full.request("GET", "/inbox?wait=0", user="first", password="f")[0] != 204:
        raise Failure("could not open the inbox 'first'")
    b.go(f"{full.url}/?name=second")
    problem(b, 503, "503", "server full")


def test_the_host_view_follows_two_browsers(context):
    a, b = context.pages
    port = free_port()
    session = f"signalbox-pages-{os.getpid()}"
    tmux = ["tmux", "-L", session]
    subprocess.run(tmux + ["new-session", "-d", "-s", session, "-x", "200", "-y", "100",
                           "env", "TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
                           context.binary, "--bind", f"127.0.0.1:{port}"], check=True)
    context.processes.on_stop(lambda: subprocess.run(tmux + ["kill-server"], stderr=subprocess.DEVNULL))
    screen = lambda: subprocess.run(tmux + ["capture-pane", "-p", "-t", session],
                                    capture_output=True, text=True).stdout
    url = f"http://127.0.0.1:{port}"
    wait_for("the hosting signalbox to show its host view", lambda: (f"{port}" in screen(), screen()), timeout=20)

    a.go(f"{url}/?name=browser-a")
    inbox_open(a)
    b.go(f"{url}/?name=browser-b&call=browser-a")
    # The log scrolls as the candidates pass: watch it through the handshake.
    offer_line = "browser-b sent an offer to browser-a"
    seen = {"offer": False}

    def handshake_done():
        text = screen()
        seen["offer"] = seen["offer"] or offer_line in text
        states = [page.state() for page in (a, b)]
        done = all(s["connection"] == "connected" and s["channel"] == "open" for s in states)
        return (done, [(s["connection"], s["channel"]) for s in states])

    wait_for("both pages to connect through the hosting signalbox", handshake_done, timeout=30)

    def host_view_shows_both():
        text = screen()
        seen["offer"] = seen["offer"] or offer_line in text
        return ("browser-a" in text and "browser-b" in text and seen["offer"], text)

    wait_for(f"the host view to list both inboxes and log '{offer_line}'", host_view_shows_both, timeout=10)
    chat_reaches(a, b, "the terminal saw us")


def test_two_pages_connect_over_https_with_a_self_signed_certificate(context):
    a, b = context.pages
    server = context.server("--tls-self-signed")
    if not server.url.startswith("https://"):
        raise Failure(f"--tls-self-signed served {server.url}")
    a.go(f"{server.url}/?name=A")
    inbox_open(a)
    b.go(f"{server.url}/?name=B&call=A")
    connected(a, b)
    chat_reaches(b, a, "hello over https")
    # A secure context: the page may ask for the camera, which plain http to a LAN address cannot.
    if not a.run("return window.isSecureContext;"):
        raise Failure("the https page is not a secure context")


TESTS = [
    test_call_chat_video_hang_up_and_call_again,
    test_two_pages_connect_over_https_with_a_self_signed_certificate,
    test_a_page_without_a_name_makes_one_up_and_its_link_calls_it,
    test_page_calls_through_a_second_server_with_cors,
    test_the_page_says_what_the_mailbox_refused,
    test_the_host_view_follows_two_browsers,
]


class Context:
    """What one test has: two browser pages (kept across tests), and servers of its own."""

    def __init__(self, binary, processes, pages):
        self.binary = binary
        self.processes = processes
        self.pages = pages
        self.servers = []

    def server(self, *flags):
        server = Server(self.processes, self.binary, *flags)
        self.servers.append(server)
        return server


def describe_pages(pages):
    for page in pages:
        try:
            state = page.state()
            print(f"  {page.label}: " + ", ".join(f"{key}={value!r}" for key, value in state.items() if key != "log"))
            for row in state["log"]:
                print(f"    {row}")
        except Exception as error:
            print(f"  {page.label}: could not read the page: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the signalbox executable")
    parser.add_argument("--only", help="run only the tests whose name contains this")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)

    stop_on_signals()
    processes = Processes()
    failures = 0
    try:
        try:
            driver = ChromeDriver(processes)
            # The self-signed test's certificate is made at its server's start: nothing could
            # trust it ahead, as a person clicks through the warning after checking its fingerprint.
            pages = [driver.session(["--ignore-certificate-errors"]), driver.session(["--ignore-certificate-errors"])]
        except Failure as error:
            print(f"FAIL  could not start the browsers: {error}")
            return 1
        for test in TESTS:
            if options.only and options.only not in test.__name__:
                continue
            started = time.monotonic()
            context = Context(binary, processes, pages)
            for page, label in zip(pages, ("A", "B")):
                page.label = label
            try:
                test(context)
                print(f"ok    {test.__name__} ({time.monotonic() - started:.1f} s)")
            except Exception as error:
                failures += 1
                print(f"FAIL  {test.__name__}: {error}")
                if not isinstance(error, Failure):
                    traceback.print_exc()
                describe_pages(pages)
            finally:
                for page in pages:
                    try:
                        page.go("about:blank")  # hangs up, and stops polling before the servers go
                    except Failure:
                        pass
                for server in context.servers:
                    server.process.terminate()
    finally:
        processes.stop_all()
    print(f"{len(TESTS) if not options.only else 'selected'} browser tests, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
