import ArgumentParser
import Foundation
import Logging
import MailboxCore
import MailboxServer
import SignalboxUI
import Synchronization

/// A mailbox server running in this process for the UI to host: its store events come to the
/// host view as they happen, and snapshots at most a few times a second.
struct HostedMailbox: Sendable {
    let server: MailboxHTTPServer
    let storeEvents: AsyncStream<MailboxEvent>
    /// The scripted peers of `signalbox demo`, when it runs them: its news goes to the log.
    var demo: DemoDirector?

    /// Starts the server; its logs are silenced, since the screen belongs to the UI. Every
    /// store event also goes to `recorder`, if given.
    static func start(_ configuration: ServerConfiguration, recorder: EventRecorder? = nil) async throws -> HostedMailbox {
        let (storeEvents, sink) = AsyncStream.makeStream(of: MailboxEvent.self)
        let clock = SystemClock()
        let server = try await MailboxHTTPServer.start(
            configuration: configuration, clock: clock,
            onEvent: { event in
                sink.yield(event)
                recorder?.record(event, at: clock.now)
            },
            logger: Logger(label: "signalbox", factory: { _ in SwiftLogNoOpLogHandler() }))
        return HostedMailbox(server: server, storeEvents: storeEvents, demo: nil)
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

    /// Feeds the host view until cancelled: a log line per store event, and a fresh snapshot
    /// a quarter second after changes, or every second for the request rate.
    func feed(_ sink: AsyncStream<Event>.Continuation) async {
        let changed = ChangeFlag()
        let trace = HostTrace(configuration: server.store.configuration, clock: server.store.clock)
        await withTaskGroup(of: Void.self) { group in
            if let demo {
                group.addTask {
                    for await news in demo.news { sink.yield(.hostLogged(HostLogLine(time: Date(), text: news))) }
                }
            }
            group.addTask {
                for await event in storeEvents {
                    let now = Date()
                    sink.yield(.hostLogged(HostLogLine(time: now, text: HostEventWording.describe(event))))
                    if let change = trace.change(for: event) { sink.yield(.hostTraced(change)) }
                    switch event {
                    case .messageDelivered(let message, let recipient), .messageExpired(let message, let recipient):
                        let delivered = if case .messageDelivered = event { true } else { false }
                        sink.yield(.hostMessageFate(
                            sender: message.sender.text, recipient: recipient.text, delivered: delivered, at: now))
                    default:
                        break
                    }
                    changed.raise()
                }
            }
            group.addTask {
                var lastRequests = server.requestsAnswered
                var lastTime = ContinuousClock.now
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    let elapsed = lastTime.duration(to: .now)
                    guard changed.lower() || elapsed >= .seconds(1) else { continue }
                    let requests = server.requestsAnswered
                    let rate = Double(requests - lastRequests) / max(elapsed.seconds, 0.001)
                    if elapsed >= .seconds(1) {
                        lastRequests = requests
                        lastTime = .now
                    }
                    let snapshot = server.store.snapshot()
                    let now = Date()
                    sink.yield(.tick(now))  // countdowns count from the snapshot's instant
                    sink.yield(.hostChanged(
                        inboxes: HostSnapshot.inboxes(from: snapshot, at: now),
                        totals: HostSnapshot.totals(from: snapshot, requestsPerSecond: rate)))
                }
            }
        }
    }
}

/// Set when the store changed, cleared when a snapshot was taken.
private final class ChangeFlag: Sendable {
    private let value = Atomic<Bool>(true)

    func raise() {
        value.store(true, ordering: .relaxed)
    }

    /// Clears the flag; returns whether it was set.
    func lower() -> Bool {
        value.exchange(false, ordering: .relaxed)
    }
}
