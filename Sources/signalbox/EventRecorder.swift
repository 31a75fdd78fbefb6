import Foundation
import MailboxCore

/// Appends every store event to a file as a JSON line (`--record FILE`). The store tells it
/// events under its lock, so `record` only hands them on; a task writes them out.
final class EventRecorder: Sendable {
    private let lines: AsyncStream<Data>.Continuation
    private let writer: Task<Void, Never>

    /// Creates `path` anew: a recording's times count from its server's start, so two runs
    /// in one file could not be replayed.
    init(path: String) throws(RecordingError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw .unwritable(path) }
        let (stream, lines) = AsyncStream.makeStream(of: Data.self)
        self.lines = lines
        writer = Task.detached {
            for await line in stream {
                handle.write(line + Data("\n".utf8))
            }
            try? handle.close()
        }
    }

    /// Records `event`, which happened at `instant` on a clock that started with the server.
    func record(_ event: MailboxEvent, at instant: MailboxInstant) {
        lines.yield(RecordedEvent(event, time: Double(instant.nanoseconds) / 1e9).line())
    }

    /// Writes out what is left and closes the file.
    func finish() async {
        lines.finish()
        await writer.value
    }
}
