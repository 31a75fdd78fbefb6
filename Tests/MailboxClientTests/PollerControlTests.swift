import Foundation
import MailboxClient
import MailboxCore
import MailboxServer
import Synchronization
import Testing
import TestSupport

/// The poller says only what is true (a request is a waiting long poll once the server has
/// it), opens the inbox at once, keeps retries of a refused address short, and obeys its
/// control: pause, resume, retry now.
@Suite(.timeLimit(.minutes(1))) struct PollerControlTests {
    func configuration(longPollWait: Duration = .seconds(20)) -> InboxPoller.Configuration {
        var configuration = InboxPoller.Configuration()
        configuration.longPollWait = longPollWait
        configuration.interval = .milliseconds(100)
        return configuration
    }

    @Test func theFirstRequestOpensTheInboxAtOnceThenItLongPolls() async throws {
        try await withServer { server in
            // Were the first GET a 20 s long poll, no answer would come within events()'s 10 s.
            let poller = InboxPoller(client: try server.client("alice"), configuration: configuration())
            let seen = try await events(of: poller) { $0.contains(where: { $0.isLongPolling }) }
            let firstAnswer = try #require(seen.firstIndex(where: { $0.isEmptyPoll }))
            let firstWait = try #require(seen.firstIndex(where: { $0.isLongPolling }))
            #expect(firstAnswer < firstWait)
            #expect(server.store.statistics.inboxes == 1)
        }
    }

    @Test func aRefusedAddressIsRetriedSoonAndNeverCalledALongPoll() async throws {
        let gone = try await startServer()
        let url = gone.url
        await gone.shutdown()
        var configuration = configuration()
        configuration.backoff = Backoff(initial: .seconds(4), maximum: .seconds(30), jitter: 0)
        configuration.refusedRetry = .milliseconds(50)
        let poller = InboxPoller(client: try MailboxClient(server: url, username: "alice", password: "pw"), configuration: configuration)
        let seen = try await events(of: poller) { seen in seen.filter(\.isFailure).count == 4 }
        #expect(!seen.contains(where: { $0.isLongPolling }))
        for event in seen {
            guard case .failed(let error, let retryIn) = event else { continue }
            #expect(error.isRefusedConnection, "\(error)")
            #expect(error.summary == "connection refused")
            #expect(retryIn == .milliseconds(50))
        }
    }

    @Test func retryNowEndsTheBackoffAtOnce() async throws {
        let gone = try await startServer()
        let url = gone.url
        await gone.shutdown()
        var configuration = configuration()
        configuration.refusedRetry = .seconds(60)
        configuration.backoff = Backoff(initial: .seconds(60), maximum: .seconds(60), jitter: 0)
        let control = PollerControl()
        let poller = InboxPoller(
            client: try MailboxClient(server: url, username: "alice", password: "pw"), configuration: configuration, control: control)
        // Two failures within events()'s 10 s only if the 60 s wait is cut short.
        let seen = try await events(of: poller) { seen in
            let failures = seen.filter(\.isFailure).count
            if failures == 1 { control.retryNow() }
            return failures == 2
        }
        #expect(seen.filter(\.isFailure).count == 2)
    }

    @Test func pausingEndsTheHeldPollAndResumingDeliversWhatCameMeanwhile() async throws {
        try await withServer { server in
            let control = PollerControl()
            let poller = InboxPoller(client: try server.client("alice"), configuration: configuration(), control: control)
            let bob = try server.client("bob")
            let paused = Atomic(false)
            let seen = try await events(of: poller) { seen in
                if seen.last?.isLongPolling == true, !control.isPaused, !paused.load(ordering: .relaxed) {
                    control.pause()
                }
                if seen.last == .stateChanged(.paused) {
                    paused.store(true, ordering: .relaxed)
                    Task {
                        try await bob.send(Array("while paused".utf8), to: "alice")
                        control.resume()
                    }
                }
                return seen.messages == ["while paused"]
            }
            let pausedAt = try #require(seen.firstIndex(of: .stateChanged(.paused)))
            #expect(Array(seen[..<pausedAt]).messages.isEmpty)
            #expect(seen.messages == ["while paused"])
        }
    }

    @Test func aPausedPollerHoldsNoRequestSoTheInboxIdles() async throws {
        try await withServer { server in
            let control = PollerControl()
            let poller = InboxPoller(client: try server.client("alice"), configuration: configuration(), control: control)
            let waitingWhilePaused = Atomic(-1)
            _ = try await events(of: poller) { seen in
                if seen.last?.isLongPolling == true { control.pause() }
                guard seen.last == .stateChanged(.paused) else { return false }
                waitingWhilePaused.store(server.store.statistics.waitingPolls, ordering: .relaxed)
                return true
            }
            #expect(waitingWhilePaused.load(ordering: .relaxed) == 0)
        }
    }
}

extension PollEvent {
    var isFailure: Bool {
        if case .failed = self { true } else { false }
    }
}
