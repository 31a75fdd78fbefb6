import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM, which then no longer kill the process outright.
enum TerminationSignal {
    /// Returns the name of the first termination signal received.
    static func next() async -> String {
        let signals: [(Int32, String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")]
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let sources = signals.map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            return source
        }
        var iterator = stream.makeAsyncIterator()
        let received = await iterator.next() ?? "end of signals"
        sources.forEach { $0.cancel() }
        return received
    }
}
