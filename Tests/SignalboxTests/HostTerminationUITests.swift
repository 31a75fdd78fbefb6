import Foundation
import Testing
import TestSupport

/// A hosting `signalbox` whose view is flooded still ends at once on a signal or a closed
/// terminal: the termination path does not wait behind the UI's events. How long it took is
/// printed (it is measured, not asserted; Benchmarks/ has the figure); the tests wait for the
/// end with a generous deadline.
@Suite(.serialized) struct HostTerminationUITests {
    static let inboxes = 20_000

    @Test func aFloodedHostEndsWhenItsPaneIsKilledAndOnSIGTERM() async throws {
        // The first instance loses its terminal: tmux kills the pane (SIGHUP, and the pty closes).
        let first = try await FloodedHost.start()
        defer { first.tmux.kill() }
        let started = ContinuousClock.now
        first.tmux.kill()
        let hangUp = try await first.waitUntilGone(since: started)
        print("a flooded host ended \(hangUp) after its pane was killed, its port closed")

        // The second is sent SIGTERM; its shell must get a working terminal back.
        let second = try await FloodedHost.start()
        defer { second.tmux.kill() }
        let signalled = ContinuousClock.now
        #expect(kill(second.pid, SIGTERM) == 0)
        let terminated = try await second.waitUntilGone(since: signalled)
        print("a flooded host ended \(terminated) after SIGTERM, its port closed")
        try second.tmux.run("clear; stty -a | grep -o -e ' echo ' -e ' icanon '; echo terminal-checked-$((6 * 7))")
        let after = try await second.tmux.waitFor("terminal-checked-42")
        #expect(after.contains(" icanon\n"), "\(after)")
        #expect(after.contains(" echo\n"), "\(after)")
        #expect(!after.contains("signalbox host"))  // the alternate screen is gone
    }
}

/// `signalbox` hosting in tmux, just sent `HostTerminationUITests.inboxes` new inboxes by one
/// pipelining client.
private struct FloodedHost {
    let tmux: Tmux
    let port: Int
    let pid: pid_t

    static func start() async throws -> FloodedHost {
        let port = try BlockingListener().port
        let tmux = try Tmux(width: 120, height: 40)
        try tmux.run(
            "\(RunningCommand.executable.path) --bind 127.0.0.1:\(port) --user host --no-long-polling --inbox-timeout 600")
        try await tmux.waitFor("signalbox host")
        let found = try runProgram(["pgrep", "-n", "-f", "--", "signalbox --bind 127.0.0.1:\(port) "])
        guard let pid = pid_t(found.output.split(separator: "\n").first ?? "") else {
            throw CommandFailure("no process for port \(port): \(found.output)")
        }
        try openInboxes(HostTerminationUITests.inboxes, port: port)
        return FloodedHost(tmux: tmux, port: port, pid: pid)
    }

    /// Waits (at most 10 s) until the process has ended and nothing listens on its port;
    /// returns how long that took since `start`.
    func waitUntilGone(since start: ContinuousClock.Instant) async throws -> Duration {
        let deadline = start + .seconds(10)
        while ContinuousClock.now < deadline {
            if !isRunning(pid), !accepts(port) { return start.duration(to: .now) }
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(pid, SIGKILL)
        throw CommandFailure("the hosting process \(pid) (port \(port)) was still there 10 s later")
    }
}

/// Whether `pid` is alive; a zombie waiting for its parent counts as ended.
private func isRunning(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let state = stat.split(separator: ")").last?.split(separator: " ").first
    else { return false }
    return state != "Z"
}

/// Whether something accepts connections on 127.0.0.1:`port`.
private func accepts(_ port: Int) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = loopback(port)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

private func loopback(_ port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

/// Opens `count` inboxes through one connection, pipelining: a thread writes every request
/// while this one counts the answers.
private func openInboxes(_ count: Int, port: Int) throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = loopback(port)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { throw CommandFailure("cannot connect to port \(port)") }
    var requests: [UInt8] = []
    for index in 0..<count {
        let credentials = Data("flood-\(index):pw".utf8).base64EncodedString()
        requests += Array("GET /inbox?wait=0 HTTP/1.1\r\nHost: test\r\nAuthorization: Basic \(credentials)\r\n\r\n".utf8)
    }
    let writer = Thread { [requests] in
        requests.withUnsafeBytes { bytes in
            var sent = 0
            while sent < bytes.count {
                let written = send(descriptor, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                guard written > 0 else { return }
                sent += written
            }
        }
    }
    writer.start()
    var timeout = timeval(tv_sec: 20, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    // Every answer starts with its status line; count them across reads.
    let marker = Array("HTTP/1.1 ".utf8)
    var answered = 0
    var carried: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while answered < count {
        let read = recv(descriptor, &buffer, buffer.count, 0)
        guard read > 0 else { throw CommandFailure("the flood got \(answered) of \(count) answers") }
        let chunk = carried + buffer[0..<read]
        var index = 0
        while index + marker.count <= chunk.count {
            if chunk[index] == marker[0], Array(chunk[index..<(index + marker.count)]) == marker {
                answered += 1
                index += marker.count
            } else {
                index += 1
            }
        }
        carried = Array(chunk.suffix(marker.count - 1))
    }
}
