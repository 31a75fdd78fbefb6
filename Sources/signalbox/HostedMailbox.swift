import ArgumentParser
import Foundation
import Logging
import MailboxCore
import MailboxServer
import SignalboxUI
import Synchronization

/// A mailbox server running in this process for the UI to host: its store events come to the
/// host view in batches a few times a second, and the inboxes on screen as pages of the store.
struct HostedMailbox: Sendable {
    let server: MailboxHTTPServer
    /// The store's events since the feed last took them.
    private let events: HostEventBuffer
    /// HTTP requests answered per second, over the last whole second.
    private let requestRate = RequestRate()
    /// The scripted peers of `signalbox demo`, when it runs them: its news goes to the log.
    var demo: DemoDirector?

    /// Starts the server; its logs are silenced, since the screen belongs to the UI. Every
    /// store event also goes to `recorder`, if given.
    static func start(_ configuration: ServerConfiguration, recorder: EventRecorder? = nil) async throws -> HostedMailbox {
        let events = HostEventBuffer()
        let clock = SystemClock()
        let server = try await MailboxHTTPServer.start(
            configuration: configuration, clock: clock,
            onEvent: { event in
                let now = clock.now
                events.append(event, at: now)
                recorder?.record(event, at: now)
            },
            logger: Logger(label: "signalbox", factory: { _ in SwiftLogNoOpLogHandler() }))
        return HostedMailbox(server: server, events: events)
    }

    private init(server: MailboxHTTPServer, events: HostEventBuffer) {
        self.server = server
        self.events = events
    }

    /// The mailbox a command hosts, or why it cannot start printed (a busy port with a free one
    /// to try instead) and a failing exit.
    static func startForCommand(_ options: ServerOptions, recorder: EventRecorder? = nil) async throws -> HostedMailbox {
        do {
            return try await start(try options.makeConfiguration(), recorder: recorder)
        } catch let error as ServerStartError {
            printError(error.description)
            throw ExitCode.failure
        }
    }

    /// The URL this process's own peer uses: loopback even when bound to every interface, and
    /// named "localhost" over HTTPS, the name a local certificate is most likely made for.
    var localURL: String {
        let configuration = server.configuration
        guard ["0.0.0.0", "::", "127.0.0.1", "::1"].contains(configuration.host) else { return server.url }
        if configuration.tls != nil { return server.url(host: "localhost") }
        return server.url(host: configuration.host == "::" || configuration.host == "::1" ? "::1" : "127.0.0.1")
    }

    /// Feeds the host view until cancelled: every quarter second, one batch of what the store
    /// told since the last, when it told anything, and a batch at least every second, after
    /// which the UI asks for a fresh page (an owner's GET resets its countdown without an event).
    func feed(_ sink: AsyncStream<Event>.Continuation) async {
        let store = server.store
        var batcher = HostFeedBatcher(configuration: store.configuration)
        var lastRequests = server.requestsAnswered
        var lastMeasured = ContinuousClock.now
        var lastSent = ContinuousClock.now
        // The demo's news goes to the log as it comes, beside the batches.
        let news = demo.map { demo in
            Task { for await line in demo.news { sink.yield(.hostBatch(HostBatch(log: [HostLogLine(time: Date(), text: line)]))) } }
        }
        defer { news?.cancel() }
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            let elapsed = lastMeasured.duration(to: .now)
            if elapsed >= .seconds(1) {
                let requests = server.requestsAnswered
                let rate = Double(requests - lastRequests) / elapsed.seconds
                requestRate.value = rate
                lastRequests = requests
                lastMeasured = .now
            }
            let batch = batcher.batch(events.take(), now: store.clock.now, date: Date())
            guard !batch.isEmpty || lastSent.duration(to: .now) >= .seconds(1) else { continue }
            lastSent = .now
            sink.yield(.hostBatch(batch))
        }
    }

    /// The store's page of these owners' inboxes and its totals: a lookup per owner under the
    /// store's lock, however many inboxes it holds.
    func page(of owners: [String]) -> Event {
        let snapshot = server.store.snapshot(of: owners.compactMap { try? Username(validating: $0) })
        let now = Date()
        return .hostPage(
            inboxes: HostSnapshot.inboxes(from: snapshot, at: now),
            totals: HostSnapshot.totals(
                from: snapshot, requestsPerSecond: requestRate.value))
    }
}

/// The request rate the feed measures each second, for the pages the UI asks for.
private final class RequestRate: Sendable {
    private let bits = Atomic<UInt64>(0)

    var value: Double {
        get { Double(bitPattern: bits.load(ordering: .relaxed)) }
        set { bits.store(newValue.bitPattern, ordering: .relaxed) }
    }
}
