/// The delay before retrying after consecutive failures: it doubles from `initial` up to
/// `maximum`, spread by ±`jitter` so that many clients do not retry in step.
public struct Backoff: Equatable, Sendable {
    public var initial: Duration
    public var maximum: Duration
    /// The fraction by which a delay may vary either way, from 0 to 1.
    public var jitter: Double

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(15), jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The delay after `failures` consecutive failures (1 or more); `random` is uniform in 0..<1.
    public func delay(afterFailures failures: Int, random: Double) -> Duration {
        let doubled = initial.seconds * Double(1 << min(max(failures - 1, 0), 30))
        let base = min(doubled, maximum.seconds)
        return .seconds(base * (1 + jitter * (2 * random - 1)))
    }
}
