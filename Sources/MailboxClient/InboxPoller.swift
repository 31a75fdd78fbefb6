import Foundation

/// Keeps asking a server for this user's messages, as an `AsyncSequence` of ``PollEvent``s.
///
/// It long-polls, which a long-polling server holds until a message arrives; a server that
/// answers at once is asked again every `interval` instead. After a message it asks again at
/// once, so a queue drains without delay. Failures back off with jitter and recover by
/// themselves. Either way the inbox stays alive. Cancelling the consuming task stops the poller
/// and its request at once.
public struct InboxPoller: AsyncSequence, Sendable {
    public typealias Element = PollEvent

    public let client: MailboxClient
    public var configuration: Configuration

    public struct Configuration: Sendable {
        /// How long each GET asks the server to wait for a message.
        public var longPollWait: Duration = .seconds(25)
        /// How often to ask a server that does not hold GETs.
        public var interval: Duration = .seconds(1)
        public var backoff = Backoff()
        /// Waits between requests; tests may replace it.
        public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        /// A uniform random number in 0..<1, for the backoff's jitter.
        public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }

        public init() {}
    }

    public init(client: MailboxClient, configuration: Configuration = Configuration()) {
        self.client = client
        self.configuration = configuration
    }

    public func makeAsyncIterator() -> AsyncStream<PollEvent>.Iterator {
        let (stream, continuation) = AsyncStream.makeStream(of: PollEvent.self)
        let task = Task { [self] in
            await run(continuation)
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream.makeAsyncIterator()
    }

    private func run(_ events: AsyncStream<PollEvent>.Continuation) async {
        var state = PollerState.connecting
        events.yield(.stateChanged(state))
        func enter(_ next: PollerState) {
            guard next != state else { return }
            state = next
            events.yield(.stateChanged(next))
        }
        defer { enter(.stopped) }

        var failures = 0
        while !Task.isCancelled {
            let asked = ContinuousClock.now
            // A request still unanswered after `interval` is being held: say so while it waits.
            let announced = state == .longPolling
            let holdWatcher = Task { [configuration] in
                guard !announced, (try? await configuration.sleep(configuration.interval)) != nil else { return false }
                events.yield(.stateChanged(.longPolling))
                return true
            }
            defer { holdWatcher.cancel() }
            do {
                let reply = try await client.receive(wait: configuration.longPollWait)
                holdWatcher.cancel()
                if await holdWatcher.value { state = .longPolling }
                if reply.message != nil {
                    if state == .connecting || state == .backingOff(failures: failures) {
                        enter(.longPolling)  // it asked to wait; an empty answer will tell
                    }
                    failures = 0
                    events.yield(.message(reply))
                    continue  // more may be queued: ask again at once
                }
                failures = 0
                // A long-polling server holds an empty GET for the wait asked; one that answers
                // at once does not long-poll. (An answer in between, while long-polling, means a
                // newer poll superseded this one: the state stays as it was.)
                let held = asked.duration(to: .now)
                let longPolls = held >= configuration.longPollWait / 2
                if longPolls {
                    enter(.longPolling)
                } else if held < configuration.interval || state != .longPolling {
                    enter(.polling(interval: configuration.interval))
                }
                events.yield(.empty(reply))
                if held < configuration.interval {
                    try await configuration.sleep(configuration.interval - held)
                }
            } catch let error as MailboxClientError {
                if error.isPermanent {
                    events.yield(.failed(error, retryIn: nil))
                    return
                }
                failures += 1
                let delay = configuration.backoff.delay(afterFailures: failures, random: configuration.random())
                enter(.backingOff(failures: failures))
                events.yield(.failed(error, retryIn: delay))
                do { try await configuration.sleep(delay) } catch { return }
            } catch {
                return  // cancelled
            }
        }
    }
}
