/// Waits for `condition` to hold, asking every 10 ms for at most `limit`, and throws a
/// ``TestFailure`` naming `what` when it never does: how a test waits for something to
/// happen, instead of sleeping for as long as it usually takes.
public func eventually(
    _ what: @autoclosure () -> String, within limit: Duration = .seconds(10), _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("not within \(limit): \(what())") }
        try await Task.sleep(for: .milliseconds(10))
    }
}
