import Foundation
import MailboxClient
import MailboxCore
import MailboxServer
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(1))) struct InboxPollerTests {
    func fastConfiguration() -> InboxPoller.Configuration {
        var configuration = InboxPoller.Configuration()
        configuration.longPollWait = .seconds(5)
        configuration.interval = .milliseconds(100)
        configuration.backoff = Backoff(initial: .milliseconds(20), maximum: .milliseconds(80), jitter: 0.2)
        return configuration
    }

    @Test func itLongPollsAndDrainsAQueueAtOnce() async throws {
        try await withServer { server in
            let poller = InboxPoller(client: try server.client("alice"), configuration: fastConfiguration())
            let bob = try server.client("bob")
            let sender = Task {
                try await server.waitUntilWaiting()
                for index in 1...3 { try await bob.send(Array("m\(index)".utf8), to: "alice") }
            }
            let seen = try await events(of: poller) { $0.messages.count == 3 }
            try await sender.value
            #expect(seen.messages == ["m1", "m2", "m3"])
            #expect(seen.first == .stateChanged(.connecting))
            #expect(!seen.contains { if case .failed = $0 { true } else { false } })
        }
    }

    @Test func itPollsOnAnIntervalWhenTheServerDoesNotHoldGets() async throws {
        try await withServer(ServerConfiguration(longPolling: false)) { server in
            var configuration = fastConfiguration()
            configuration.interval = .milliseconds(500)  // far above an answer's time, even under load
            let poller = InboxPoller(client: try server.client("alice"), configuration: configuration)
            let seen = try await events(of: poller) { $0.filter(\.isEmptyPoll).count == 3 }
            // It settles on interval polling (a very slow answer may briefly look held).
            let states = seen.compactMap { event -> PollerState? in
                if case .stateChanged(let state) = event { return state }
                return nil
            }
            #expect(states.last == .polling(interval: .milliseconds(500)))
        }
    }

    @Test func itBacksOffWhileTheServerIsAwayAndRecoversWhenItReturns() async throws {
        let first = try await startServer()
        let port = first.port
        let url = first.url
        await first.shutdown()

        let poller = InboxPoller(
            client: try MailboxClient(server: url, username: "alice", password: "pw"), configuration: fastConfiguration())
        var seen: [PollEvent] = []
        var delays: [Duration] = []
        var restarted: MailboxHTTPServer?
        for await event in poller {
            seen.append(event)
            if case .failed(.unreachable, let retryIn?) = event {
                delays.append(retryIn)
                if delays.count == 3 {
                    // Back after three failed tries: bob sends once alice's poll waits again.
                    let server = try await startServer(port: port)
                    restarted = server
                    Task {
                        try await server.waitUntilWaiting()
                        try await server.client("bob").send(Array("back".utf8), to: "alice")
                    }
                }
            }
            if seen.messages == ["back"] { break }
        }
        await restarted?.shutdown()

        #expect(delays.count >= 3)
        #expect(delays.allSatisfy { $0 >= .milliseconds(16) && $0 <= .milliseconds(96) })
        #expect(delays[2] > delays[0])  // it backs off: 20 ms, then 80 ms, each ±20 %
        #expect(seen.contains(.stateChanged(.backingOff(failures: 3))))
        #expect(seen.contains(where: { $0.isLongPolling }))  // and recovers
    }

    @Test func aWrongPasswordStopsThePoller() async throws {
        try await withServer { server in
            _ = try await server.client("alice", password: "right").receive()
            let poller = InboxPoller(client: try server.client("alice", password: "wrong"), configuration: fastConfiguration())
            var seen: [PollEvent] = []
            for await event in poller { seen.append(event) }
            #expect(seen.suffix(2) == [.failed(.unauthorized(username: "alice"), retryIn: nil), .stateChanged(.stopped)])
        }
    }

    @Test func cancellingStopsItAndItsWaitingRequest() async throws {
        try await withServer { server in
            let poller = InboxPoller(client: try server.client("alice"), configuration: fastConfiguration())
            let consumer = Task {
                var count = 0
                for await _ in poller { count += 1 }
                return count
            }
            try await server.waitUntilWaiting()
            consumer.cancel()
            _ = await consumer.value
            // The long poll's connection was closed, so the server stopped waiting on it.
            try await server.waitUntil { $0.waitingPolls == 0 }
        }
    }

    @Test func backoffDoublesUpToItsMaximumWithinItsJitter() {
        let backoff = Backoff(initial: .seconds(1), maximum: .seconds(10), jitter: 0.2)
        #expect(backoff.delay(afterFailures: 1, random: 0.5) == .seconds(1))
        #expect(backoff.delay(afterFailures: 2, random: 0.5) == .seconds(2))
        #expect(backoff.delay(afterFailures: 4, random: 0.5) == .seconds(8))
        #expect(backoff.delay(afterFailures: 5, random: 0.5) == .seconds(10))
        #expect(backoff.delay(afterFailures: 500, random: 0.5) == .seconds(10))
        #expect(backoff.delay(afterFailures: 1, random: 0) == .milliseconds(800))
        #expect(backoff.delay(afterFailures: 1, random: 0.999_999) > .milliseconds(1199))
    }
}

extension [PollEvent] {
    var messages: [String] {
        compactMap { event in
            if case .message(let reply) = event { return reply.message?.text }
            return nil
        }
    }
}

extension PollEvent {
    var isEmptyPoll: Bool {
        if case .empty = self { true } else { false }
    }

    var isLongPolling: Bool {
        if case .stateChanged(.longPolling) = self { true } else { false }
    }
}
