import Dispatch
import Foundation

/// Catches SIGINT and SIGTERM from the moment it is made, so that one sent while the server is
/// still starting (or just after it said it serves) is not lost, and hands over the first.
struct TerminationSignal: @unchecked Sendable {
    // Dispatch signal sources are safe to use from any thread; only `next()` reads the stream.
    private let received: AsyncStream<String>
    private let sources: [any DispatchSourceSignal]

    /// Starts catching: from now on these signals no longer kill the process outright.
    static func catching() -> TerminationSignal {
        let signals: [(Int32, String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")]
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let sources = signals.map { number, name in
            signal(number, SIG_IGN)  // the source, not the default action, handles it
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            return source
        }
        return TerminationSignal(received: stream, sources: sources)
    }

    /// Returns the name of the first termination signal received since `catching()`.
    func next() async -> String {
        var iterator = received.makeAsyncIterator()
        let name = await iterator.next() ?? "end of signals"
        sources.forEach { $0.cancel() }
        return name
    }
}
