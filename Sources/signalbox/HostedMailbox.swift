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

    /// Starts the server; its logs are silenced, since the screen belongs to the UI. Every
    /// store event also goes to `recorder`, if given.
    static func start(_ configuration: ServerConfiguration, recorder: EventRecorder? = nil) async throws -> HostedMailbox {
        let events = HostEventBuffer()
        let clock = SystemClock()
        let mailbox = Mailbox(configuration: configuration.mailbox, clock: clock, onEvent: { event in
            let now = clock.now
            events.append(event, at: now)
            recorder?.record(event, at: now)
        })
        let server = try await MailboxHTTPServer.start(
            configuration: configuration, mailbox: mailbox,
            logger: Logger(label: "signalbox", factory: { _ in SwiftLogNoOpLogHandler() }))
        return HostedMailbox(server: server, events: events)
    }

    private init(server: MailboxHTTPServer, events: HostEventBuffer) {
        self.server = server
        self.events = events
    }

    /// The URL this process's own peer uses: loopback even when bound to every interface, and
    /// named "localhost" over HTTPS, the name a local certificate is most likely made for.
    var localURL: String {
        let configuration = server.configuration
        guard ["0.0.0.0", "::", "127.0.0.1", "::1"].contains(configuration.host) else { return server.url }
        if configuration.tls != nil { return "https://localhost:\(server.port)" }
        return configuration.host == "::" || configuration.host == "::1"
            ? "http://[::1]:\(server.port)" : "http://127.0.0.1:\(server.port)"
    }

    /// Feeds the host view until cancelled: every quarter second, one batch of what the store
    /// told since the last, when it told anything, and a batch at least every second, after
    /// which the UI asks for a fresh page (an owner's GET resets its countdown without an event).
    func feed(_ sink: AsyncStream<Event>.Continuation) async {
        let mailbox = server.mailbox
        var batcher = HostFeedBatcher(configuration: mailbox.configuration)
        var lastRequests = mailbox.requestsAnswered
        var lastMeasured = ContinuousClock.now
        var lastSent = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            let elapsed = lastMeasured.duration(to: .now)
            if elapsed >= .seconds(1) {
                let requests = mailbox.requestsAnswered
                let rate = Double(requests - lastRequests) / elapsed.seconds
                requestRate.value = rate
                lastRequests = requests
                lastMeasured = .now
            }
            let batch = batcher.batch(events.take(), now: mailbox.clock.now, date: Date())
            guard !batch.isEmpty || lastSent.duration(to: .now) >= .seconds(1) else { continue }
            lastSent = .now
            sink.yield(.hostBatch(batch))
        }
    }

    /// The store's page of these owners' inboxes and its totals: a lookup per owner under the
    /// store's lock, however many inboxes it holds.
    func page(of owners: [String]) -> Event {
        let snapshot = server.mailbox.snapshot(of: owners.compactMap { try? Username(validating: $0) })
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
