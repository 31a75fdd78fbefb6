import MailboxClient

/// Collects a poller's events until `stop` says enough, or 10 s pass.
public func events(
    of poller: InboxPoller, until stop: @escaping @Sendable ([PollEvent]) -> Bool
) async throws -> [PollEvent] {
    try await withThrowingTaskGroup(of: [PollEvent]?.self) { group in
        group.addTask {
            var seen: [PollEvent] = []
            for await event in poller {
                seen.append(event)
                if stop(seen) { return seen }
            }
            return seen
        }
        group.addTask {
            try await Task.sleep(for: .seconds(10))
            return nil
        }
        let first = try await group.next()!
        group.cancelAll()
        guard let first else { throw TestFailure("the poller did not produce the expected events in time") }
        return first
    }
}
