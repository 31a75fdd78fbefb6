import Foundation
import Synchronization

/// Keeps asking a server for this user's messages, as an `AsyncSequence` of ``PollEvent``s.
///
/// Its first request (and the first after a failure or a pause) asks for an answer at once, so
/// that the inbox opens without waiting; then it long-polls, which a long-polling server holds
/// until a message arrives. A server that answers at once is asked again every `interval`
/// instead. After a message it asks again at once, so a queue drains without delay. Failures
/// back off with jitter and recover by themselves. A ``PollerControl`` can pause it, resume it
/// and cut a retry's wait short. Cancelling the consuming task stops the poller and its request.
public struct InboxPoller: AsyncSequence, Sendable {
    public typealias Element = PollEvent

    public let client: MailboxClient
    public var configuration: Configuration
    /// Pauses, resumes and retries on request; nil when nobody steers.
    public var control: PollerControl?

    public struct Configuration: Sendable {
        /// How long each GET asks the server to wait for a message.
        public var longPollWait: Duration = .seconds(25)
        /// How often to ask a server that does not hold GETs.
        public var interval: Duration = .seconds(1)
        public var backoff = Backoff()
        /// The longest wait before retrying an address that refused the connection at once:
        /// nothing listens there now, so a retry costs nothing and finds the server soon after
        /// it is back.
        public var refusedRetry: Duration = .seconds(1)
        /// How long a pause lets a held GET take to end after superseding it, before cutting it.
        public var pauseGrace: Duration = .seconds(2)
        /// Waits between requests; tests may replace it.
        public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        /// A uniform random number in 0..<1, for the backoff's jitter.
        public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
        /// Stamps when a request was sent and answered; tests may replace it.
        public var now: @Sendable () -> Date = { Date() }

        public init() {}
    }

    public init(client: MailboxClient, configuration: Configuration = Configuration(), control: PollerControl? = nil) {
        self.client = client
        self.configuration = configuration
        self.control = control
    }

    public func makeAsyncIterator() -> AsyncStream<PollEvent>.Iterator {
        let (stream, continuation) = AsyncStream.makeStream(of: PollEvent.self)
        let task = Task { [self] in
            await run(StateTracker(continuation))
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream.makeAsyncIterator()
    }

    private func run(_ tracker: StateTracker) async {
        tracker.enter(.connecting)
        defer { tracker.enter(.stopped) }

        var failures = 0
        // Whether the server holds an empty GET; unknown until an empty answer tells.
        var holds: Bool?
        // Until an answer comes (again), ask for one at once so that the inbox opens now.
        var opened = false
        while !Task.isCancelled {
            if let control, control.isPaused {
                tracker.enter(.paused)
                opened = false
                await waitWhilePaused(control)
                continue
            }
            let wait = opened ? configuration.longPollWait : .zero
            do {
                let answer = try await ask(wait: wait, announcing: holds != false, to: tracker)
                failures = 0
                opened = true
                for reply in answer.replies {
                    tracker.events.yield(reply.message == nil ? .empty(reply) : .message(reply))
                }
                if answer.replies.contains(where: { $0.message != nil }) || answer.paused {
                    continue  // more may be queued: ask again at once (or pause)
                }
                if wait > .zero {
                    // A held answer says the server long-polls; a quick one that it does not
                    // (or that a newer GET for this inbox superseded ours).
                    if answer.held >= configuration.interval {
                        holds = true
                    } else if holds != true {
                        holds = false
                    }
                }
                if holds == false || (wait > .zero && answer.held < configuration.interval) {
                    tracker.enter(.polling(interval: configuration.interval))
                    if answer.held < configuration.interval {
                        try await nap(configuration.interval - answer.held)
                    }
                }
            } catch let error as MailboxClientError {
                if error.isPermanent {
                    tracker.events.yield(.failed(error, retryIn: nil))
                    return
                }
                failures += 1
                opened = false
                var delay = configuration.backoff.delay(afterFailures: failures, random: configuration.random())
                if error.isRefusedConnection { delay = Swift.min(delay, configuration.refusedRetry) }
                tracker.enter(.backingOff(failures: failures))
                tracker.events.yield(.failed(error, retryIn: delay))
                do { try await nap(delay) } catch { return }
            } catch {
                return  // cancelled
            }
        }
    }

    /// What one request brought: its answer, and the superseding one's when a pause ended it.
    private struct Answer {
        var replies: [InboxReply]
        /// How long the server held the request after it was sent.
        var held: Duration
        var paused: Bool
    }

    private enum Step: Sendable {
        case answered(Result<InboxReply, any Error>)
        case controlChanged
        case graceOver
        case heldLong
    }

    /// One GET. Once the server has it (it was written), a wait is announced as a long poll; a
    /// pause asked for meanwhile ends it with a newer GET, which a Signalbox server answers at
    /// once while it answers the held one with 204, so that nothing in flight is lost.
    private func ask(wait: Duration, announcing: Bool, to tracker: StateTracker) async throws -> Answer {
        let sentAt = SentStamp()
        let generation = control?.generation ?? 0
        return try await withThrowingTaskGroup(of: Step.self) { group in
            group.addTask { [client, configuration] in
                do {
                    return .answered(.success(try await client.receive(wait: wait, onSent: {
                        let now = configuration.now()
                        sentAt.date.withLock { $0 = now }
                        if announcing, wait > .zero {
                            tracker.enter(.longPolling(until: now.addingTimeInterval(wait.seconds)))
                        }
                    })))
                } catch {
                    return .answered(.failure(error))
                }
            }
            if let control, wait > .zero {
                group.addTask { await control.changed(since: generation); return .controlChanged }
            }
            if !announcing, wait > .zero {
                // A server taken for one that answers at once may hold this one after all
                // (a quick answer can also mean it was shutting down): once it has held it
                // for an interval, say so.
                group.addTask { [configuration] in
                    while !Task.isCancelled {
                        try? await configuration.sleep(configuration.interval / 4)
                        if let sent = sentAt.date.withLock({ $0 }),
                           configuration.now().timeIntervalSince(sent) >= configuration.interval.seconds {
                            tracker.enter(.longPolling(until: sent.addingTimeInterval(wait.seconds)))
                            break
                        }
                    }
                    return .heldLong
                }
            }
            var superseding: InboxReply?
            var pausing = false
            while let step = try await group.next() {
                switch step {
                case .answered(let result):
                    group.cancelAll()
                    if pausing, case .failure = result {
                        return Answer(replies: superseding.map { [$0] } ?? [], held: .zero, paused: true)
                    }
                    let reply = try result.get()
                    let held = sentAt.date.withLock { $0 }.map { configuration.now().timeIntervalSince($0) } ?? 0
                    return Answer(replies: [reply] + (superseding.map { [$0] } ?? []), held: .seconds(held), paused: pausing)
                case .controlChanged:
                    guard let control, !Task.isCancelled else { continue }
                    let now = control.generation
                    guard control.isPaused else {
                        group.addTask { await control.changed(since: now); return .controlChanged }
                        continue
                    }
                    pausing = true
                    superseding = try? await client.receive(wait: .zero)
                    group.addTask { [configuration] in
                        try? await configuration.sleep(configuration.pauseGrace)
                        return .graceOver
                    }
                case .graceOver:
                    group.cancelAll()  // a server that does not supersede: cut the held GET
                case .heldLong:
                    continue
                }
            }
            throw CancellationError()
        }
    }

    /// Sleeps, or less when the control asks for something.
    private func nap(_ duration: Duration) async throws {
        guard let control else { return try await configuration.sleep(duration) }
        let generation = control.generation
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [configuration] in try await configuration.sleep(duration) }
            group.addTask { await control.changed(since: generation) }
            try await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
    }

    private func waitWhilePaused(_ control: PollerControl) async {
        while !Task.isCancelled {
            let generation = control.generation
            guard control.isPaused else { return }
            await control.changed(since: generation)
        }
    }
}

/// When a request was written, set from the HTTP client's callback.
private final class SentStamp: Sendable {
    let date = LockedValue<Date?>(nil)
}

/// The poller's state, entered from its loop and from the request's "sent" callback alike:
/// each change is reported once, in order.
private final class StateTracker: Sendable {
    let events: AsyncStream<PollEvent>.Continuation
    private let state = LockedValue<PollerState?>(nil)

    init(_ events: AsyncStream<PollEvent>.Continuation) {
        self.events = events
    }

    func enter(_ next: PollerState) {
        state.withLock { state in
            guard state != next else { return }
            state = next
            events.yield(.stateChanged(next))
        }
    }
}

