import MailboxClient

/// Collects a poller's events until `stop` says enough, or `limit` passes (by default long,
/// since it matters only when a test fails, and a loaded machine needs it).
public func events(
    of poller: InboxPoller, within limit: Duration = .seconds(30), until stop: @escaping @Sendable ([PollEvent]) -> Bool
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
            try await Task.sleep(for: limit)
            return nil
        }
        let first = try await group.next()!
        group.cancelAll()
        guard let first else { throw TestFailure("the poller did not produce the expected events in time") }
        return first
    }
}
